// One database per shipped schema version of the tracking store (and the datasets library),
// written out by hand and frozen: never edit one; add the next when a new version ships. Each
// holds the same person's work — an experiment with a finished run (a 3-point accuracy history,
// params, a note, a text artifact) and a saved dataset — plus what that version added.
import type { DatabaseFixture, StoreLayout } from './build';

const T0 = Date.UTC(2026, 5, 1, 9, 0, 0);
export const RUN_ID = 'f1'.repeat(16);
export const DATASET_SHA = 'ab'.repeat(32);
export const CSV = 'sepal_length,species\n5.1,setosa\n6.2,virginica\n';

const V1_STORES: Record<string, StoreLayout> = {
  experiments: {
    keyPath: 'experiment_id',
    indexes: [
      { name: 'name', keyPath: 'name', unique: true },
      { name: 'lifecycle_stage', keyPath: 'lifecycle_stage' },
    ],
  },
  runs: {
    keyPath: 'run_id',
    indexes: [
      { name: 'experiment_id', keyPath: 'experiment_id' },
      { name: '[experiment_id+lifecycle_stage]', keyPath: ['experiment_id', 'lifecycle_stage'] },
      { name: '[experiment_id+version]', keyPath: ['experiment_id', 'version'] },
    ],
  },
  metricChunks: { keyPath: ['run_id', 'key', 'chunk'] },
  artifacts: { keyPath: ['run_id', 'path'], indexes: [{ name: 'run_id', keyPath: 'run_id' }] },
  artifactChunks: { keyPath: ['run_id', 'path', 'chunk'] },
  meta: { keyPath: 'key' },
};
/** v2 added persisted search snapshots (a cache; shipped empty here). */
const V2_STORES = { ...V1_STORES, searchSnapshots: { keyPath: 'experiment_id' } };
/** v3 added the model registry. */
const V3_STORES: Record<string, StoreLayout> = {
  ...V2_STORES,
  registeredModels: { keyPath: 'name' },
  modelVersions: {
    keyPath: ['name', 'version'],
    indexes: [
      { name: 'name', keyPath: 'name' },
      { name: 'run_id', keyPath: 'run_id' },
    ],
  },
};

const experiment = (id: string, name: string) => ({
  experiment_id: id,
  name,
  artifact_location: `tracklab-artifacts:/${id}`,
  lifecycle_stage: 'active',
  creation_time: T0,
  last_update_time: T0,
  tags: [],
});

const NOTE = 'Baseline **before** the upgrade.';
const run = {
  run_id: RUN_ID,
  experiment_id: '1',
  run_name: 'kept-across-upgrades',
  user_id: 'ada',
  status: 'FINISHED',
  start_time: T0,
  end_time: T0 + 42_000,
  artifact_uri: `tracklab-artifacts:/1/${RUN_ID}/artifacts`,
  lifecycle_stage: 'active',
  deleted_time: null,
  version: 1,
  metrics: { $map: [['accuracy', 0.9]] },
  metricInfo: {
    $map: [
      [
        'accuracy',
        { timestamp: T0 + 3000, step: 2, count: 3, maxTimestamp: T0 + 3000, monotonic: true },
      ],
    ],
  },
  params: { $map: [['learning_rate', '0.01']] },
  tags: {
    $map: [
      ['mlflow.runName', 'kept-across-upgrades'],
      ['mlflow.user', 'ada'],
      ['mlflow.note.content', NOTE],
    ],
  },
  inputs: [],
};

const trackingRows = {
  experiments: [experiment('0', 'Default'), experiment('1', 'Iris before the upgrade')],
  runs: [run],
  metricChunks: [
    {
      run_id: RUN_ID,
      key: 'accuracy',
      chunk: 0,
      steps: { $f64: [0, 1, 2] },
      timestamps: { $f64: [T0 + 1000, T0 + 2000, T0 + 3000] },
      values: { $f64: [0.5, 0.7, 0.9] },
    },
  ],
  artifacts: [{ run_id: RUN_ID, path: 'notes.txt', size: 17, chunks: 1, modified: T0 }],
  artifactChunks: [
    { run_id: RUN_ID, path: 'notes.txt', chunk: 0, data: { $text: 'written by v1.0.0' } },
  ],
  meta: [{ key: 'nextExperimentId', value: 2 }],
};

/** The datasets library has had one version so far. */
export const DATASETS_V1: DatabaseFixture = {
  name: 'tracklab-datasets',
  version: 10,
  stores: {
    datasets: {
      keyPath: 'sha256',
      indexes: [
        { name: 'name', keyPath: 'name' },
        { name: 'created', keyPath: 'created' },
      ],
    },
    chunks: { keyPath: ['sha256', 'chunk'] },
  },
  rows: {
    datasets: [
      {
        sha256: DATASET_SHA,
        digest: DATASET_SHA.slice(0, 16),
        name: 'old-iris',
        source: 'old-iris.csv',
        sourceType: 'upload',
        size: CSV.length,
        rows: 2,
        columns: ['sepal_length', 'species'],
        delimiter: ',',
        profiles: [
          { name: 'sepal_length', kind: 'numeric', missing: 0, distinct: 2, top: [], warnings: [] },
          { name: 'species', kind: 'categorical', missing: 0, distinct: 2, top: [], warnings: [] },
        ],
        created: T0,
        chunks: 1,
      },
    ],
    chunks: [{ sha256: DATASET_SHA, chunk: 0, data: { $text: CSV } }],
  },
};

export const TRACKING: Record<number, DatabaseFixture> = {
  1: { name: 'tracklab', version: 10, stores: V1_STORES, rows: trackingRows },
  2: { name: 'tracklab', version: 20, stores: V2_STORES, rows: trackingRows },
  3: {
    name: 'tracklab',
    version: 30,
    stores: V3_STORES,
    rows: {
      ...trackingRows,
      registeredModels: [
        {
          name: 'iris-classifier',
          creation_timestamp: T0,
          last_updated_timestamp: T0,
          user_id: 'ada',
          description: 'Registered before the upgrade.',
          tags: [],
          aliases: [{ alias: 'champion', version: 1 }],
          max_version: 1,
        },
      ],
      modelVersions: [
        {
          name: 'iris-classifier',
          version: 1,
          creation_timestamp: T0,
          last_updated_timestamp: T0,
          user_id: 'ada',
          current_stage: 'Production',
          description: '',
          source: `runs:/${RUN_ID}/model`,
          storage_location: `runs:/${RUN_ID}/model`,
          run_id: RUN_ID,
          run_link: '',
          status: 'READY',
          status_message: '',
          tags: [],
        },
      ],
    },
  },
};
