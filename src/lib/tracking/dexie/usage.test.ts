import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowClient } from '../client';
import { DexieStore } from './dexie-store';
import { fillDisk } from './full-disk-fixture';
import { BYTES_PER_POINT, experimentUsage, largestArtifacts } from './usage';

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

  it('lists the largest artifacts, and deletes one for good on a full disk', async () => {
    const store = newStore();
    const client = new MlflowClient(store);
    const exp = await client.createExperiment('models');
    const run = await client.createRun(exp, { runName: 'mlp' });
    const id = run.info.run_id;
    await client.logArtifact(id, 'model/weights.bin', new Uint8Array(200_000));
    await client.logArtifact(id, 'report.html', '<p>r</p>');
    await client.logArtifact(id, 'plots/loss.png', new Uint8Array(3000));
    const top = await largestArtifacts(store.db, 2);
    expect(top).toEqual([
      {
        runId: id,
        runName: 'mlp',
        experimentName: 'models',
        path: 'model/weights.bin',
        size: 200_000,
      },
      { runId: id, runName: 'mlp', experimentName: 'models', path: 'plots/loss.png', size: 3000 },
    ]);

    const disk = fillDisk(store.db);
    disk.full = true;
    await store.purgeArtifact(id, 'model/weights.bin');
    disk.full = false;
    const left = await client.listArtifacts(id);
    expect(left.map((f) => f.path)).toEqual(['plots', 'report.html']);
    expect((await largestArtifacts(store.db)).map((a) => a.path)).toEqual([
      'plots/loss.png',
      'report.html',
    ]);
  });
});
