import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowClient } from '../client';
import { DexieStore } from './dexie-store';
import { BYTES_PER_POINT, experimentUsage } from './usage';

let n = 0;
const newStore = () => new DexieStore({ name: `usage-${Date.now()}-${++n}` });

describe('storage usage', () => {
  it('counts each experiment’s metric points and artifact bytes, largest first', async () => {
    const store = newStore();
    const client = new MlflowClient(store);
    const big = await client.createExperiment('big');
    const run = await client.createRun(big);
    for (let step = 0; step < 3; step++) {
      await client.logMetrics(run.info.run_id, { loss: 1, acc: 0.5 }, { step });
    }
    await client.logArtifact(run.info.run_id, 'model/w.bin', new Uint8Array(5000));
    await client.logArtifact(run.info.run_id, 'notes.txt', 'hello');
    const usage = await experimentUsage(store.db);
    expect(usage.map((u) => u.name)).toEqual(['big', 'Default']);
    expect(usage[0]).toMatchObject({
      runs: 1,
      metricBytes: 6 * BYTES_PER_POINT,
      artifactBytes: 5005,
      deleted: false,
    });
    expect(usage[1]).toMatchObject({ runs: 0, metricBytes: 0, artifactBytes: 0 });
  });

  it('a permanent delete of Default empties it and keeps the experiment', async () => {
    const store = newStore();
    const client = new MlflowClient(store);
    await client.createRun('0');
    await store.purgeExperiment('0');
    expect((await client.getExperiment('0')).name).toBe('Default');
    expect((await client.searchRuns({ experimentIds: ['0'] })).items).toEqual([]);
  });
});
