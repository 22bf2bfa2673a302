// A database written by an earlier release opens in this one with its data (DexieStore's schema
// upgrades), from the layouts as they shipped (shipped-layouts.ts).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieStore } from './dexie-store';
import { SCHEMA_VERSION } from './schema';
import { addShippedExperiment, shippedDatabase, shippedRunRow } from './shipped-layouts';

describe('DexieStore schema upgrades', () => {
  it('upgrades a version 1 database, keeping its data', async () => {
    const name = `v1-${Date.now()}`;
    // The version 1 layout as it shipped.
    const old = shippedDatabase(name, 1);
    await addShippedExperiment(old, '7', 'old');
    await old.table('runs').add(shippedRunRow());
    old.close();
    const store = new DexieStore({ name, snapshotDelayMs: 0 });
    const found = await store.searchRuns({
      experimentIds: ['7'],
      filterString: 'metrics.acc > 0.1',
    });
    expect(found.items.map((r) => r.info.run_name)).toEqual(['kept']);
    expect(store.db.verno).toBe(SCHEMA_VERSION);
    expect(await store.createExperiment('new')).toBe('8');
    await store.whenIdle();
    store.close();
  });

  it('upgrades a version 3 database to the current one (leases, registry history), keeping runs, artifacts and the registry', async () => {
    const name = `v3-${Date.now()}`;
    const old = shippedDatabase(name, 3);
    await old.table('experiments').add({
      experiment_id: '7',
      name: 'old',
      artifact_location: 'x',
      lifecycle_stage: 'active',
      creation_time: 1,
      last_update_time: 1,
      tags: [],
    });
    await old.table('meta').bulkAdd([
      { key: 'nextExperimentId', value: 8 },
      { key: 'runsVersion', value: 1 },
    ]);
    const runId = 'a'.repeat(32);
    await old.table('runs').add(shippedRunRow({ status: 'RUNNING', end_time: null }));
    await old
      .table('artifacts')
      .add({ run_id: runId, path: 'model/MLmodel', size: 2, chunks: 1, modified: 1 });
    await old
      .table('artifactChunks')
      .add({ run_id: runId, path: 'model/MLmodel', chunk: 0, data: new Uint8Array([104, 105]) });
    await old.table('registeredModels').add({ name: 'm', max_version: 1 });
    old.close();
    const store = new DexieStore({ name, snapshotDelayMs: 0 });
    expect(store.db.verno).toBe(SCHEMA_VERSION);
    expect((await store.getRun(runId)).info.status).toBe('RUNNING');
    expect(new TextDecoder().decode(await store.downloadArtifact(runId, 'model/MLmodel'))).toBe(
      'hi',
    );
    expect((await store.db.registeredModels.get('m'))?.max_version).toBe(1);
    expect(await store.db.leases.count()).toBe(0);
    await store.db.leases.put({ run_id: runId, session: 's', heartbeat: 9 });
    expect(await store.db.leases.get(runId)).toEqual({ run_id: runId, session: 's', heartbeat: 9 });
    await store.whenIdle();
    store.close();
  });
});
