/**
 * The RegistryStore contract: behaviour every registry backend must share, written once and run
 * against the IndexedDB store (fake-indexeddb in Node) and against a real MLflow server through
 * RestRegistryStore. Cases share one store, so each makes uniquely named models.
 */
import { aliasCases } from './alias-cases';
import { modelCases } from './model-cases';
import { searchCases } from './search-cases';
import { versionCases } from './version-cases';
import type { RegistryContractCase } from './support';

export type { RegistryContractCase, RegistryContext } from './support';

export const registryContractCases: RegistryContractCase[] = [
  ...modelCases,
  ...versionCases,
  ...aliasCases,
  ...searchCases,
];
