/**
 * The TrackingStore contract: behaviour every backend must share, written once and run against the
 * IndexedDB store (fake-indexeddb in Node, real IndexedDB in Chromium) and against a real MLflow
 * server through RestStore. Cases share one store, so each makes uniquely named experiments.
 */
import { artifactAndSearchCases } from './artifact-search-cases';
import { experimentCases } from './experiment-cases';
import { runCases } from './run-cases';
import type { ContractCase } from './support';

export type { ContractCase, ContractContext } from './support';

export const contractCases: ContractCase[] = [
  ...experimentCases,
  ...runCases,
  ...artifactAndSearchCases,
];
