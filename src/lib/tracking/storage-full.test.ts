import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { MlflowClient } from './client';
import { DexieStore } from './dexie/dexie-store';
import { fillDisk } from './dexie/full-disk-fixture';
import { StorageReserve } from './dexie/reserve';
import { tagValue } from './entities';
import { isStorageFull, withReserve } from './storage-full';
import { TAGS } from './tags';

let n = 0;
function setup(withReserve = true) {
  const store = new DexieStore({ name: `full-${Date.now()}-${++n}` });
  const disk = fillDisk(store.db);
  // Releasing the reserve is what frees room on a real full disk (reserve.ts, measured).
  const released: string[] = [];
  const reserve = {
    release: async () => {
      released.push('reserve');
      disk.full = false;
    },
  };
  const client = new MlflowClient(store, withReserve ? { reserve } : {});
  return { store, disk, client, released };
}
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a full disk', () => {
  it('is told apart from other failures', () => {
    expect(isStorageFull(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isStorageFull({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isStorageFull(new Error('x'))).toBe(false);
  });

  it('reports the first failed background flush at once, and writes nothing after it', async () => {
    const { disk, client } = setup();
    const run = new (await import('./fluent')).ActiveRun(
      client,
      await client.createRun('0'),
      Date.now,
    );
    const failures: unknown[] = [];
    run.onWriteFailure((e) => failures.push(e));
    run.logMetric('loss', 1, 0);
    await run.flush();
    expect(run.stored).toBe(1);
    disk.full = true;
    run.logMetric('loss', 0.5, 1);
    await tick(300); // the background flush (every 250 ms) fails...
    expect(failures).toHaveLength(1); // ...and says so without waiting for another logMetric
    expect(isStorageFull(failures[0])).toBe(true);
    expect(() => run.logMetric('loss', 0.25, 2)).toThrow(/storage for Tracklab is full/);
    disk.full = false;
    await run.flush().catch(() => undefined);
    // Nothing after the failed batch was written: what is stored has no gap.
    expect(run.stored).toBe(1);
    expect(await client.getMetricHistory(run.runId, 'loss')).toHaveLength(1);
  });

  it('ends the run FAILED with its reason, spending the reserve for that record', async () => {
    const { disk, client, released } = setup();
    const outcome = client.startRun({}, async (run) => {
      run.logMetric('loss', 1, 0);
      await run.flush();
      disk.full = true;
      run.logMetric('loss', 0.5, 1);
      await run.flush();
    });
    await expect(outcome).rejects.toThrow(/storage for Tracklab is full/);
    expect(released).toEqual(['reserve']);
    const [run] = (await client.searchRuns({ experimentIds: ['0'] })).items;
    expect(run.info.status).toBe('FAILED');
    expect(run.info.end_time).toBeGreaterThan(0);
    expect(tagValue(run.data.tags, TAGS.error)).toMatch(/storage for Tracklab is full/);
    expect(await client.getMetricHistory(run.info.run_id, 'loss')).toHaveLength(1);
  });

  it('keeps trying while the browser has not yet counted the freed reserve', async () => {
    const store = new DexieStore({ name: `late-${++n}` });
    const disk = fillDisk(store.db);
    // As in Chromium: the room comes back a moment after the reserve's database is deleted.
    const reserve = { release: async () => void setTimeout(() => (disk.full = false), 300) };
    const client = new MlflowClient(store, { reserve });
    const outcome = client.startRun({}, async (run) => {
      disk.full = true;
      run.logMetric('loss', 1, 0);
      await run.flush();
    });
    await expect(outcome).rejects.toThrow(/storage for Tracklab is full/);
    const [run] = (await client.searchRuns({ experimentIds: ['0'] })).items;
    expect(run.info.status).toBe('FAILED');
    expect(tagValue(run.data.tags, TAGS.error)).toMatch(/storage for Tracklab is full/);
  });

  it('tries once, then after the release once per wait, and last says no retry is left', async () => {
    const tries: boolean[] = [];
    const write = async (canRetry: boolean) => {
      tries.push(canRetry);
      throw new DOMException('full', 'QuotaExceededError');
    };
    await expect(withReserve({ release: async () => {} }, write, [1, 1])).rejects.toThrow('full');
    expect(tries).toEqual([true, true, true, false]);
  });

  it('without a reserve the run cannot even be closed (why the reserve exists)', async () => {
    const { disk, client } = setup(false);
    await client
      .startRun({}, async (run) => {
        disk.full = true;
        run.logMetric('loss', 1, 0);
        await run.flush();
      })
      .catch(() => undefined);
    disk.full = false;
    const [run] = (await client.searchRuns({ experimentIds: ['0'] })).items;
    expect(run.info.status).toBe('RUNNING');
  });

  it('lets deletes through: an experiment is purged on the full disk and its space counted gone', async () => {
    const { store, disk, client } = setup();
    const id = await client.createExperiment('old');
    const run = await client.createRun(id);
    await client.logMetrics(run.info.run_id, { loss: 1, acc: 0.5 });
    await client.logArtifact(run.info.run_id, 'model/w.bin', new Uint8Array(1000));
    disk.full = true;
    await expect(client.deleteExperiment(id)).rejects.toThrow(/storage for Tracklab is full/);
    await store.purgeExperiment(id, {
      release: async () => void (disk.full = false),
    });
    await expect(client.getExperiment(id)).rejects.toThrow(/No Experiment/);
    expect(await store.db.metricChunks.count()).toBe(0);
    expect(await store.db.artifactChunks.count()).toBe(0);
    expect(await store.db.runs.count()).toBe(0);
  });

  it('purges on a disk that stays full: the rows go, the cache stamp waits for room', async () => {
    const { store, disk, client } = setup();
    const id = await client.createExperiment('old');
    const run = await client.createRun(id);
    await client.logMetrics(run.info.run_id, { loss: 1 });
    await client.searchRuns({ experimentIds: [id, '0'] }); // cached in this tab
    const epoch = async () => (await store.db.meta.get('runsEpoch'))?.value ?? 0;
    const before = await epoch();
    disk.full = true;
    // The reserve frees nothing yet, as when Chromium has not counted a delete's room.
    await store.purgeExperiment(id, { release: async () => {} });
    expect(await store.db.runs.count()).toBe(0);
    await expect(client.getExperiment(id)).rejects.toThrow(/No Experiment/);
    expect(await epoch()).toBe(before);
    disk.full = false; // room counted: the stamp goes in at the next try, 2 s on
    await vi.waitFor(async () => expect(await epoch()).toBe(before + 1), { timeout: 4000 });
  }, 15_000);
});

describe('the storage reserve', () => {
  it('is set aside once, released by deleting its database, and set aside again', async () => {
    const reserve = new StorageReserve(`reserve-${++n}`, 4096);
    expect(await reserve.held()).toBe(false);
    expect(await reserve.ensure()).toBe(true);
    expect(await reserve.ensure()).toBe(true);
    expect(await reserve.held()).toBe(true);
    await reserve.release();
    expect(await reserve.held()).toBe(false);
    expect(await reserve.ensure()).toBe(true);
  });
});
