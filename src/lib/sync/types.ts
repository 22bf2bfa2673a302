/** What copyExperiments takes and reports (copy.ts). */
import type { RegistryStore } from '$lib/registry/store';
import type { TrackingStore } from '$lib/tracking/store';
import type { Ledger } from './ledger';
import type { RetryPolicy } from './retry';

export interface CopyOptions {
  /** Where the copy goes, as the ledger names it: a server's URL, "local" when pulling. */
  target: string;
  ledger: Ledger;
  /** The experiments to copy (every active run in them); every active experiment when neither this nor runIds. */
  experimentIds?: string[];
  /** The runs to copy (with their ancestors). */
  runIds?: string[];
  /**
   * A name for the source store, its own (this browser's install id; a server's URL), recorded
   * on copied model versions so versions of one model from two sources stay apart.
   */
  sourceStore?: string;
  /** The registries to copy too (models of the runs copied). */
  registry?: { from: RegistryStore; to: RegistryStore };
  /** Recorded on each copied run as SOURCE_TAG (e.g. the server a pull came from). */
  origin?: string;
  onProgress?: (progress: CopyProgress) => void;
  signal?: AbortSignal;
  retry?: RetryPolicy;
}

export interface CopyProgress {
  runsDone: number;
  runsTotal: number;
  /** Metric points and artifact bytes sent so far. */
  points: number;
  bytes: number;
  /** The run being copied (its source name). */
  current?: string;
}

export interface CopiedRun {
  sourceId: string;
  copyId: string;
  name: string;
  /** The copy's experiment id on the target. */
  experimentId: string;
  /** The source run's experiment id. */
  sourceExperimentId: string;
}

export interface CopyFailure {
  kind: 'experiment' | 'run' | 'model';
  sourceId: string;
  name: string;
  reason: string;
}

export interface CopyConflict {
  sourceId: string;
  copyId: string;
  key: string;
  /** The param's value in the source, and on the target. */
  source: string;
  target: string;
}

export interface CopyReport {
  experiments: { created: number; found: number };
  created: CopiedRun[];
  updated: CopiedRun[];
  skipped: CopiedRun[];
  failed: CopyFailure[];
  conflicts: CopyConflict[];
  /** Registered models copied (with the versions whose runs were copied). */
  models: string[];
  /** Things worth saying that are not failures (a copy deleted on the target, a lost parent). */
  notes: string[];
  points: number;
  bytes: number;
  /** Calls that failed and were tried again. */
  retries: number;
  /** True when the signal stopped the copy before the end (a later copy resumes). */
  stopped: boolean;
}

/** What the parts of a copy (experiments, runs, the registry) need from the copy around them. */
export interface CopyContext {
  from: TrackingStore;
  to: TrackingStore;
  /** Where the copy goes, as the ledger names it. */
  target: string;
  ledger: Ledger;
  report: CopyReport;
  /** A call retried while its failure may pass. */
  call<T>(fn: () => Promise<T>): Promise<T>;
  /** Throws when the copy was stopped. */
  check(): void;
  progress(current?: string): void;
}
