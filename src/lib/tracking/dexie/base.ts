/**
 * What every part of the IndexedDB store shares: the database, the clock, transactions that turn
 * IndexedDB failures into MlflowErrors, and row lookups with MLflow's not-found and state errors.
 */
import Dexie from 'dexie';
import type { ViewType } from '../entities';
import { MlflowError, invalid, notFound } from '../errors';
import { LastChunkCache } from './metrics';
import { RunRowCache, stampRuns } from './run-cache';
import { TrackingDB, type ExperimentRow, type RunRow } from './schema';
import { closeWhenUpgraded } from '../version-change';

export interface DexieStoreOptions {
  /** IndexedDB database name; tests pass a fresh one. */
  name?: string;
  /** Dexie options, e.g. { indexedDB, IDBKeyRange } from fake-indexeddb. */
  dexie?: ConstructorParameters<typeof Dexie>[1];
  /** Delay before a search snapshot is written (run-cache.ts); tests shorten it. */
  snapshotDelayMs?: number;
  now?: () => number;
}

export const stagesFor = (view: ViewType = 'ACTIVE_ONLY') =>
  view === 'ALL' ? ['active', 'deleted'] : view === 'DELETED_ONLY' ? ['deleted'] : ['active'];

export function checkMaxResults(maxResults: number, limit: number): void {
  if (!Number.isInteger(maxResults) || maxResults <= 0) {
    throw invalid(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer`,
    );
  }
  if (maxResults > limit) {
    throw invalid(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most ${limit}`,
    );
  }
}

/** Turns IndexedDB failures into MlflowErrors that say what to do. */
export function storageError(e: unknown): never {
  if (e instanceof MlflowError) throw e;
  const name = (e as { name?: string })?.name ?? '';
  const inner = (e as { inner?: { name?: string } })?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    throw new MlflowError(
      'RESOURCE_EXHAUSTED',
      "The browser's storage for Tracklab is full, so nothing of this write was saved. Free space in Settings → Storage (delete experiments or datasets you no longer need for good), then try again.",
    );
  }
  throw new MlflowError(
    'INTERNAL_ERROR',
    `Storage error (${name || 'unknown'}): ${(e as Error)?.message ?? e}`,
  );
}

export class DexieStoreBase {
  readonly db: TrackingDB;
  protected readonly now: () => number;
  protected readonly runCache: RunRowCache;
  protected readonly lastChunks = new LastChunkCache();

  constructor(options: DexieStoreOptions = {}) {
    this.db = new TrackingDB(options.name ?? 'tracklab', options.dexie);
    closeWhenUpgraded(this.db);
    this.now = options.now ?? Date.now;
    this.runCache = new RunRowCache(this.db, options.snapshotDelayMs);
  }

  /** Writes a run row, stamped for the search cache. Inside a rw transaction over runs and meta. */
  protected async putRun(row: RunRow): Promise<void> {
    row.version = await stampRuns(this.db);
    await this.db.runs.put(row);
  }

  /** Resolves when background work (search snapshot writes) has finished. */
  whenIdle(): Promise<void> {
    return this.runCache.idle();
  }

  close(): void {
    this.db.close();
  }

  protected async rw<T>(tables: Dexie.Table[], body: () => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction('rw', tables, body);
    } catch (e) {
      return storageError(e);
    }
  }

  protected async experimentRow(id: string, view: ViewType = 'ALL'): Promise<ExperimentRow> {
    const row = await this.db.experiments.get(String(id));
    if (!row || !stagesFor(view).includes(row.lifecycle_stage)) {
      throw notFound(`No Experiment with id=${id} exists`);
    }
    return row;
  }

  protected async runRow(runId: string): Promise<RunRow> {
    const row = await this.db.runs.get(runId);
    if (!row) throw notFound(`Run with id=${runId} not found`);
    return row;
  }

  protected async activeRunRow(runId: string): Promise<RunRow> {
    const row = await this.runRow(runId);
    if (row.lifecycle_stage !== 'active') {
      throw invalid(
        `The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`,
      );
    }
    return row;
  }

  protected static checkActiveExperiment(row: ExperimentRow): void {
    if (row.lifecycle_stage !== 'active') {
      throw invalid(
        `The experiment ${row.experiment_id} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`,
      );
    }
  }
}
