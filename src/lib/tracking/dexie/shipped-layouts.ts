/**
 * For migration tests: the database layouts as they shipped, written out by hand and frozen, so a
 * test can build an old database and open it with today's schema. Never edit a layout here; add
 * the next one when a version ships.
 */
import Dexie from 'dexie';

const V1 = {
  experiments: 'experiment_id, &name, lifecycle_stage',
  runs: 'run_id, experiment_id, [experiment_id+lifecycle_stage], [experiment_id+version]',
  metricChunks: '[run_id+key+chunk]',
  artifacts: '[run_id+path], run_id',
  artifactChunks: '[run_id+path+chunk]',
  meta: 'key',
};
/** v2 added persisted search snapshots. */
const V2 = { searchSnapshots: 'experiment_id' };
/** v3 added the model registry. */
const V3 = { registeredModels: 'name', modelVersions: '[name+version], name, run_id' };

/** v4 added the liveness leases of training runs. */
const V4 = { leases: 'run_id' };

/** v5 added the registry's history. */
const V5 = { registryEvents: '++seq, name, flow' };

/** An (unopened) database named `name` with the layout of schema `version` (1 to 5). */
export function shippedDatabase(name: string, version: 1 | 2 | 3 | 4 | 5): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(V1);
  if (version >= 2) db.version(2).stores(V2);
  if (version >= 3) db.version(3).stores(V3);
  if (version >= 4) db.version(4).stores(V4);
  if (version >= 5) db.version(5).stores(V5);
  return db;
}

/** A finished run as version 1 stored it: 'kept' in experiment 7, with one metric (acc 0.5). */
export function shippedRunRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    run_id: 'a'.repeat(32),
    experiment_id: '7',
    run_name: 'kept',
    user_id: '',
    status: 'FINISHED',
    start_time: 5,
    end_time: 6,
    artifact_uri: 'x',
    lifecycle_stage: 'active',
    deleted_time: null,
    version: 1,
    metrics: new Map([['acc', 0.5]]),
    metricInfo: new Map([
      ['acc', { timestamp: 1, step: 0, count: 1, maxTimestamp: 1, monotonic: true }],
    ]),
    params: new Map(),
    tags: new Map([['mlflow.runName', 'kept']]),
    inputs: [],
    ...overrides,
  };
}

/** An experiment as every version stored it, and the meta rows that go with it. */
export async function addShippedExperiment(
  db: Dexie,
  experimentId: string,
  name: string,
): Promise<void> {
  await db.table('experiments').add({
    experiment_id: experimentId,
    name,
    artifact_location: 'x',
    lifecycle_stage: 'active',
    creation_time: 1,
    last_update_time: 1,
    tags: [],
  });
  await db.table('meta').bulkAdd([
    { key: 'nextExperimentId', value: Number(experimentId) + 1 },
    { key: 'runsVersion', value: 1 },
  ]);
}
