/** Types and helpers shared by the contract case files. */
import type { Metric } from '../entities';
import type { TrackingStore } from '../store';

export interface ContractContext {
  /** A name no other case (or earlier run against the same server) has used. */
  unique(prefix: string): string;
}

export interface ContractCase {
  name: string;
  run(store: TrackingStore, ctx: ContractContext): Promise<void>;
}

export const MAX_DOUBLE = 1.7976931348623157e308;

export async function newRun(store: TrackingStore, ctx: ContractContext, runName?: string) {
  const experimentId = await store.createExperiment(ctx.unique('exp'));
  const run = await store.createRun({ experimentId, startTime: 1_700_000_000_000, runName });
  return { experimentId, run, runId: run.info.run_id };
}

export const latest = (metrics: Metric[], key: string) => metrics.find((m) => m.key === key);
