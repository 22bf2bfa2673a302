/**
 * The IndexedDB layout of the tracking store, versioned from the first release. Every `version()`
 * stays here forever; a new layout adds a version with an upgrade and a test against the old shape.
 *
 * Why this layout (measured in ../shared/reference/browser.md): one row per metric point writes
 * ~20k rows/s and reads a 10k history in ~50 ms, so metric histories are packed in chunks of
 * CHUNK_SIZE points (three exact-size Float64Arrays per chunk); a run row carries everything
 * search reads (latest metrics, params, tags, inputs) so searchRuns is one indexed read.
 */
import Dexie, { type Table } from 'dexie';
import type { DatasetInput, ExperimentTag, KeyValue, LifecycleStage, RunStatus } from '../entities';
import type { KeyValues, SearchableRun } from '../search';

export const SCHEMA_VERSION = 7;
export const CHUNK_SIZE = 1024;
/** IndexedDB writes values over ~64 KB as separate blob files that read twice as slowly. */
export const ARTIFACT_CHUNK_BYTES = 60 * 1024;

export interface ExperimentRow {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  creation_time: number;
  last_update_time: number;
  tags: ExperimentTag[];
}

export interface MetricInfo {
  /** Timestamp and step of the latest point (value is in row.metrics). */
  timestamp: number;
  step: number;
  /** Points stored for the key, so the last chunk is floor((count - 1) / CHUNK_SIZE). */
  count: number;
  /** Largest timestamp stored; a point newer than this cannot duplicate a stored one. */
  maxTimestamp: number;
  /** True while timestamps were appended in non-decreasing order (lets dedup look only at the tail). */
  monotonic: boolean;
  /**
   * Smallest and largest value stored, NaN left out (both NaN when every point is NaN). Absent on
   * rows written before they were kept; readers then compute them from the chunks.
   */
  min?: number;
  max?: number;
}

/** What search and table reads see of a key's points: the latest point's place and the range. */
export interface MetricSummary {
  timestamp: number;
  step: number;
  min?: number;
  max?: number;
}

/** A run as search and reads see it: a stored row, or a lighter view unpacked from a snapshot. */
export interface SearchRow extends SearchableRun {
  experiment_id: string;
  lifecycle_stage: LifecycleStage;
  status: RunStatus;
  deleted_time?: number | null;
  /** The runsVersion of the last write to this row (see run-cache.ts). */
  version: number;
  /** Timestamp and step of each key's latest point, and its range where known. */
  metricInfo: KeyValues<MetricSummary>;
  inputs: DatasetInput[];
}

/** A stored run row: what writers read, change and put back. */
export interface RunRow extends SearchRow {
  metrics: Map<string, number>;
  params: Map<string, string>;
  tags: Map<string, string>;
  metricInfo: Map<string, MetricInfo>;
}

export interface MetricChunkRow {
  run_id: string;
  key: string;
  chunk: number;
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

/** A chunk's extremes, for charts of long histories (extremes.ts). */
export interface MetricExtremesRow {
  run_id: string;
  key: string;
  chunk: number;
  /** Points of the chunk these extremes cover (the chunk's length when written). */
  count: number;
  /** Timestamps and steps never go down within the chunk. */
  ordered: boolean;
  /** The chunk's first and last point's timestamp and step, to check order across chunks. */
  first: [number, number];
  last: [number, number];
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

export interface ArtifactRow {
  run_id: string;
  path: string;
  size: number;
  chunks: number;
  modified: number;
}

export interface ArtifactChunkRow {
  run_id: string;
  path: string;
  chunk: number;
  data: Uint8Array;
}

/**
 * The run rows of one experiment packed into one JSON string (snapshot.ts), so the first search
 * after opening reads one record instead of deserializing every run row. A cache: it is exact
 * only together with the rows changed since `version`, and worthless once `epoch` moves.
 */
export interface SearchSnapshotRow {
  experiment_id: string;
  version: number;
  epoch: number;
  runs: number;
  data: string;
  /** The metrics' numbers (snapshot.ts); absent in snapshots of an older format. */
  nums?: Float64Array;
}

/**
 * A registered model of the model registry (src/lib/registry), which shares this database so a
 * version can point at a run. Its aliases live in the row, so rename and delete carry them along.
 */
export interface RegisteredModelRow {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  description: string;
  tags: KeyValue[];
  /** Sorted by alias. */
  aliases: { alias: string; version: number }[];
  /** The highest version number ever given out, deleted ones included: numbers are not reused. */
  max_version: number;
}

export interface ModelVersionRow {
  name: string;
  version: number;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  /** None, Staging, Production or Archived. */
  current_stage: string;
  description: string;
  source: string;
  /** Where the files are: the source, or for a models:/ source the referenced version's. */
  storage_location: string;
  run_id: string;
  run_link: string;
  status: string;
  status_message: string;
  tags: KeyValue[];
}

/**
 * A training run's liveness lease (sessions.ts): the tab training it renews `heartbeat` every few
 * seconds, in its own small table so a renewal never rewrites (or re-stamps) the run row.
 */
export interface LeaseRow {
  run_id: string;
  /** The training tab's session (its Web Lock is named after it). */
  session: string;
  /** Last renewal, ms since the epoch. */
  heartbeat: number;
  /** The session of a tab that is closing the run as abandoned, so two tabs do not both do it. */
  closer?: string;
}

export interface MetaRow {
  key: string;
  value: number;
}

/**
 * One change to a registered model's stages, aliases or versions, kept for good: MLflow keeps no
 * such history, so the registry writes one beside every change (registry/dexie/history.ts).
 */
export interface RegistryEventRow {
  /** Order of writing, across models (auto-incremented). */
  seq?: number;
  /** The model's name (rewritten when the model is renamed). */
  name: string;
  time: number;
  /** Who made it: the Settings' user name, '' when none is set. */
  user: string;
  kind:
    | 'version-created'
    | 'version-deleted'
    | 'stage'
    | 'alias-set'
    | 'alias-deleted'
    | 'model-renamed'
    | 'model-deleted';
  version?: number;
  /** stage: the stage before and after; alias-set: the version it named before ('' none) and now. */
  from?: string;
  to?: string;
  alias?: string;
  /** Versions a stage change archived (archive_existing_versions), with the stage each had. */
  archived?: { version: number; from: string }[];
  /** The change this one undid. */
  undoes?: number;
  /** Changes made as one step (Promote best) share an id, so they are undone together. */
  flow?: string;
}

/**
 * One entry of the sync ledger (src/lib/sync/ledger.ts owns its meaning): what was copied to a
 * target, keyed by target, kind and source id. Stored as the sync module writes it.
 */
export interface SyncLedgerRow {
  format: number;
  target: string;
  kind: string;
  source_id: string;
  copy_id: string;
  run?: object;
  updated: number;
}

export const DEFAULT_EXPERIMENT_ID = '0';
export const LOCAL_ARTIFACT_SCHEME = 'tracklab-artifacts:/';

export class TrackingDB extends Dexie {
  experiments!: Table<ExperimentRow, string>;
  runs!: Table<RunRow, string>;
  metricChunks!: Table<MetricChunkRow, [string, string, number]>;
  metricExtremes!: Table<MetricExtremesRow, [string, string, number]>;
  artifacts!: Table<ArtifactRow, [string, string]>;
  artifactChunks!: Table<ArtifactChunkRow, [string, string, number]>;
  meta!: Table<MetaRow, string>;
  searchSnapshots!: Table<SearchSnapshotRow, string>;
  registeredModels!: Table<RegisteredModelRow, string>;
  modelVersions!: Table<ModelVersionRow, [string, number]>;
  leases!: Table<LeaseRow, string>;
  registryEvents!: Table<RegistryEventRow, number>;
  syncLedger!: Table<SyncLedgerRow, [string, string, string]>;

  constructor(name = 'tracklab', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      experiments: 'experiment_id, &name, lifecycle_stage',
      runs: 'run_id, experiment_id, [experiment_id+lifecycle_stage], [experiment_id+version]',
      metricChunks: '[run_id+key+chunk]',
      artifacts: '[run_id+path], run_id',
      artifactChunks: '[run_id+path+chunk]',
      meta: 'key',
    });
    // v2: persisted search snapshots (a new table; no existing data changes).
    this.version(2).stores({ searchSnapshots: 'experiment_id' });
    // v3: the model registry (new tables; no existing data changes).
    this.version(3).stores({
      registeredModels: 'name',
      modelVersions: '[name+version], name, run_id',
    });
    // v4: liveness leases of training runs (a new table; no existing data changes).
    this.version(4).stores({ leases: 'run_id' });
    // v5: the registry's history of stage, alias and version changes (a new table).
    this.version(5).stores({ registryEvents: '++seq, name, flow' });
    // v6: each metric chunk's extremes (a new table; histories written before have none, and
    // their readers read the chunks as before).
    this.version(6).stores({ metricExtremes: '[run_id+key+chunk]' });
    // v7: the sync ledger (a new table): what each copy to a server or archive has sent.
    this.version(7).stores({ syncLedger: '[target+kind+source_id], [target+kind]' });
    // MLflow creates the "Default" experiment with id 0 when a store is first made.
    this.on('populate', (tx) => {
      const now = Date.now();
      void tx.table('experiments').add({
        experiment_id: DEFAULT_EXPERIMENT_ID,
        name: 'Default',
        artifact_location: `${LOCAL_ARTIFACT_SCHEME}${DEFAULT_EXPERIMENT_ID}`,
        lifecycle_stage: 'active',
        creation_time: now,
        last_update_time: now,
        tags: [],
      } satisfies ExperimentRow);
      void tx.table('meta').add({ key: 'nextExperimentId', value: 1 } satisfies MetaRow);
    });
  }
}
