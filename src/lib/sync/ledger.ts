/**
 * The sync ledger: what one copy between two stores has already done, so the next copy sends
 * only what is new and an interrupted copy resumes where it stopped. One entry per object copied
 * to one target (a server, an archive, the local store when pulling): the source id, the copy's
 * id, and for a run what was sent (each metric key's high-water mark, the params, the tags as
 * sent, the dataset inputs, each artifact's digest, and the status it was finished with).
 *
 * The ledger is an optimisation and a record, not the only truth: every run copied carries a tag
 * with its source id (SOURCE_RUN_TAG), so a lost ledger is rebuilt by one search per experiment,
 * and every write a copy makes is one a retry may repeat (params with the same value, tags and
 * artifacts overwrite, metric points are deduplicated by MLflow's SQL store and checked here).
 */

/** The tag on a copied run that names the run it was copied from. */
export const SOURCE_RUN_TAG = 'tracklab.source_run_id';
/** The tag on a copied run that names the store it came from, when the copy was told one. */
export const SOURCE_TAG = 'tracklab.source';

/** Bumped when an entry's shape changes; an entry of another format is read as absent. */
export const LEDGER_FORMAT = 1;

export type LedgerKind = 'experiment' | 'run' | 'model' | 'version';

/** How much of one metric key's history was sent: the first `count` points, ending on `last`. */
export interface MetricMark {
  count: number;
  /** timestamp, step and value of the last point sent (value as a string: NaN and ±Inf). */
  last: [number, number, string];
}

export interface RunRecord {
  metrics: Record<string, MetricMark>;
  /** Param keys sent (or found on the target with a different value: a reported conflict). */
  params: string[];
  /** The tags as last sent, after remapping ids. */
  tags: Record<string, string>;
  /** Dataset inputs sent, as name/digest/context keys. */
  inputs: string[];
  /** Artifact path → SHA-256 of the bytes sent. */
  artifacts: Record<string, string>;
  /** What the run was last finished with on the target (absent while it is running there). */
  finished?: { status: string; endTime?: number; runName: string };
}

export interface LedgerEntry {
  format: number;
  /** Where the copy went: a server URL, an archive's name, "local" when pulling. */
  target: string;
  kind: LedgerKind;
  source_id: string;
  copy_id: string;
  /** For runs: what was sent. */
  run?: RunRecord;
  /** For models: the aliases this copy set (one the source drops is deleted only if set here). */
  aliases?: string[];
  updated: number;
}

export interface Ledger {
  get(target: string, kind: LedgerKind, sourceId: string): Promise<LedgerEntry | undefined>;
  put(entry: LedgerEntry): Promise<void>;
  /** Every entry of one kind for a target. */
  list(target: string, kind: LedgerKind): Promise<LedgerEntry[]>;
  /** Forgets one entry (the target lost the object; the next copy makes it again). */
  delete(target: string, kind: LedgerKind, sourceId: string): Promise<void>;
}

export const emptyRunRecord = (): RunRecord => ({
  metrics: {},
  params: [],
  tags: {},
  inputs: [],
  artifacts: {},
});

/** A ledger in memory: for tests, and for a one-off copy that need not resume. */
export class MemoryLedger implements Ledger {
  private readonly entries = new Map<string, LedgerEntry>();
  private key(target: string, kind: LedgerKind, id: string) {
    return JSON.stringify([target, kind, id]);
  }
  async get(target: string, kind: LedgerKind, sourceId: string) {
    const e = this.entries.get(this.key(target, kind, sourceId));
    return e && e.format === LEDGER_FORMAT ? structuredClone(e) : undefined;
  }
  async put(entry: LedgerEntry) {
    this.entries.set(this.key(entry.target, entry.kind, entry.source_id), structuredClone(entry));
  }
  async list(target: string, kind: LedgerKind) {
    return [...this.entries.values()]
      .filter((e) => e.target === target && e.kind === kind && e.format === LEDGER_FORMAT)
      .map((e) => structuredClone(e));
  }
  async delete(target: string, kind: LedgerKind, sourceId: string) {
    this.entries.delete(this.key(target, kind, sourceId));
  }
  /** How many entries it holds (tests). */
  get size(): number {
    return this.entries.size;
  }
}
