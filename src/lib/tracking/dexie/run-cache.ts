/**
 * An in-memory copy of the run rows of the experiments searched so far, so a search does not
 * re-read (and re-deserialize) every row: reading 10k run rows from IndexedDB costs 0.3–1 s here,
 * filtering and sorting them in memory ~10 ms.
 *
 * Exact with several writers (tabs, workers): every transaction that writes run rows stamps them
 * with a new value of the `runsVersion` counter (stampRuns). A search reads, in one read
 * transaction, the rows of each cached experiment whose version is above what the cache holds, and
 * applies a row only if it is newer than the cached one, so overlapping searches never regress the
 * cache. Purging rows (which leaves no row to read) bumps `runsEpoch`, which drops the cache.
 *
 * The first search of an experiment after opening would still read every row, so the cache also
 * persists a packed copy per experiment (snapshot.ts, table searchSnapshots, itself stamped with
 * the version and epoch it holds): a cold search reads that one record plus the rows changed
 * since. The copy is rewritten in the background after a full read or many changes.
 */
import Dexie from 'dexie';
import { packRuns, unpackRuns } from './snapshot';
import type { SearchRow, TrackingDB } from './schema';

interface CachedExperiment {
  rows: Map<string, SearchRow>;
  /** Every change up to this runsVersion is applied. */
  version: number;
  /** What derive() computed from these rows; dropped when a row changes. */
  derived?: Map<string, unknown>;
}

const stamps = new WeakMap<object, Promise<number>>();

/**
 * The runsVersion of the current write transaction (one per transaction, however many rows it
 * writes). Call only inside a rw transaction that includes the meta table.
 */
export function stampRuns(db: TrackingDB): Promise<number> {
  const tx = Dexie.currentTransaction;
  if (!tx) throw new Error('stampRuns must run inside a transaction');
  let stamp = stamps.get(tx);
  if (!stamp) {
    stamp = db.meta.get('runsVersion').then(async (row) => {
      const value = (row?.value ?? 0) + 1;
      await db.meta.put({ key: 'runsVersion', value });
      return value;
    });
    stamps.set(tx, stamp);
  }
  return stamp;
}

export async function bumpRunsEpoch(db: TrackingDB): Promise<void> {
  const row = await db.meta.get('runsEpoch');
  await db.meta.put({ key: 'runsEpoch', value: (row?.value ?? 0) + 1 });
}

/** Rewrite an experiment's snapshot once this many rows changed since it was written. */
const SNAPSHOT_STALE_ROWS = 200;

export class RunRowCache {
  private experiments = new Map<string, CachedExperiment>();
  private epoch = -1;
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly db: TrackingDB,
    /** How long to wait before writing a snapshot, so a burst of searches writes it once. */
    private readonly snapshotDelayMs = 500,
  ) {}

  /** The current run rows of these experiments (shared objects: read, never mutate). */
  rows(experimentIds: string[]): Promise<SearchRow[]> {
    const { db } = this;
    return db.transaction('r', [db.runs, db.meta, db.searchSnapshots], async () => {
      const [versionRow, epochRow] = await db.meta.bulkGet(['runsVersion', 'runsEpoch']);
      const version = versionRow?.value ?? 0;
      const epoch = epochRow?.value ?? 0;
      if (epoch !== this.epoch) {
        this.experiments.clear();
        this.epoch = epoch;
      }
      await Promise.all(experimentIds.map((id) => this.refresh(id, version, epoch)));
      return experimentIds.flatMap((id) => [...(this.experiments.get(id)?.rows.values() ?? [])]);
    });
  }

  /**
   * A value computed from one experiment's current rows (its keys, say), kept until one of its rows
   * changes: a page that asks again after another experiment's write gets it without a walk.
   */
  async derive<T>(
    experimentId: string,
    name: string,
    compute: (rows: SearchRow[]) => T,
  ): Promise<T> {
    const rows = await this.rows([experimentId]);
    const entry = this.experiments.get(experimentId);
    if (!entry) return compute(rows);
    // Computed synchronously from the entry as it is now (a search may have refreshed it since
    // `rows` was read), so the value always matches the rows it is kept with.
    entry.derived ??= new Map();
    if (!entry.derived.has(name)) entry.derived.set(name, compute([...entry.rows.values()]));
    return entry.derived.get(name) as T;
  }

  /** Drops an experiment's rows (purged here): the next search reads them afresh. */
  forget(experimentId: string): void {
    this.experiments.delete(experimentId);
  }

  /** Resolves when the snapshot writes scheduled so far have finished (for tests and shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.pending.values()]);
  }

  private async refresh(experimentId: string, version: number, epoch: number): Promise<void> {
    const cached = this.experiments.get(experimentId);
    if (cached && cached.version >= version) return;
    let start: CachedExperiment | undefined;
    if (!cached) {
      const snapshot = await this.db.searchSnapshots.get(experimentId);
      if (snapshot && snapshot.epoch === epoch && snapshot.version <= version) {
        const rows = unpackRuns(experimentId, snapshot);
        if (rows)
          start = { rows: new Map(rows.map((r) => [r.run_id, r])), version: snapshot.version };
      }
    }
    const from = (cached ?? start)?.version ?? -Infinity;
    const changed = await this.db.runs
      .where('[experiment_id+version]')
      .between([experimentId, from], [experimentId, Infinity], false, true)
      .toArray();
    // Another search may have filled the entry while this one waited: merge, newest row wins.
    const entry: CachedExperiment = this.experiments.get(experimentId) ??
      start ?? { rows: new Map(), version: -Infinity };
    for (const row of changed) {
      const current = entry.rows.get(row.run_id);
      if (!current || current.version < row.version) {
        entry.rows.set(row.run_id, row);
        entry.derived = undefined;
      }
    }
    entry.version = Math.max(entry.version, version);
    this.experiments.set(experimentId, entry);
    if (!cached && (!start || changed.length >= SNAPSHOT_STALE_ROWS))
      this.scheduleSnapshot(experimentId);
  }

  private scheduleSnapshot(experimentId: string): void {
    if (this.pending.has(experimentId)) return;
    const write = new Promise((done) => setTimeout(done, this.snapshotDelayMs))
      .then(async () => {
        const entry = this.experiments.get(experimentId);
        if (!entry) return;
        // Packed at one instant with the version and epoch it is exact for.
        const { version } = entry;
        const epoch = this.epoch;
        const { data, nums, runs } = packRuns(entry.rows.values());
        // Scheduled from inside a search's read transaction, whose zone the timer inherits: write
        // in a transaction of its own.
        await Dexie.ignoreTransaction(() =>
          this.db.searchSnapshots.put({
            experiment_id: experimentId,
            version,
            epoch,
            runs,
            data,
            nums,
          }),
        );
      })
      // A snapshot is only a cache: a closed database or a full quota must not surface here.
      .catch(() => undefined)
      .finally(() => this.pending.delete(experimentId));
    this.pending.set(experimentId, write);
  }
}
