import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { DexieStore } from './dexie-store';
import { SCHEMA_VERSION } from './schema';

let n = 0;
const fresh = () => new DexieStore({ name: `store-${Date.now()}-${++n}` });

describe('DexieStore storage', () => {
  it('creates the current schema with the Default experiment, and keeps data across reopening', async () => {
    const name = `reopen-${Date.now()}`;
    const first = new DexieStore({ name });
    const id = await first.createExperiment('kept');
    first.close();
    const raw = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    // Dexie multiplies the declared version by 10 on the wire.
    expect(raw.version).toBe(SCHEMA_VERSION * 10);
    expect([...raw.objectStoreNames].sort()).toEqual([
      'artifactChunks',
      'artifacts',
      'experiments',
      'leases',
      'meta',
      'metricChunks',
      'metricExtremes',
      'modelVersions',
      'registeredModels',
      'registryEvents',
      'runs',
      'searchSnapshots',
      'syncLedger',
    ]);
    raw.close();
    const again = new DexieStore({ name });
    expect((await again.getExperiment(id)).name).toBe('kept');
    expect((await again.getExperiment('0')).name).toBe('Default');
    expect(await again.createExperiment('next')).toBe(String(Number(id) + 1));
    again.close();
  });

  it('a full storage quota fails the write with a clear message and keeps what was saved', async () => {
    const store = fresh();
    const run = await store.createRun({ experimentId: '0' });
    const runId = run.info.run_id;
    await store.logBatch(runId, {
      metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 0 }],
      params: [{ key: 'a', value: '1' }],
    });
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const spy = vi.spyOn(store.db.metricChunks, 'bulkPut').mockRejectedValueOnce(quota);
    await expect(
      store.logBatch(runId, {
        metrics: [{ key: 'loss', value: 2, timestamp: 2, step: 1 }],
        params: [{ key: 'b', value: '2' }],
      }),
    ).rejects.toMatchObject({
      error_code: 'RESOURCE_EXHAUSTED',
      message: expect.stringContaining('storage for Tracklab is full'),
    });
    spy.mockRestore();
    const after = await store.getRun(runId);
    expect(after.data.params.map((p) => p.key)).toEqual(['a']);
    expect(after.data.metrics).toEqual([{ key: 'loss', value: 1, timestamp: 1, step: 0 }]);
    expect((await store.getMetricHistory(runId, 'loss')).items.length).toBe(1);
    store.close();
  });

  it('counts active runs per experiment and purges a run with everything it logged', async () => {
    const store = fresh();
    const a = await store.createRun({ experimentId: '0' });
    const b = await store.createRun({ experimentId: '0' });
    await store.logBatch(a.info.run_id, {
      metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
    });
    await store.logArtifact(a.info.run_id, 'x/y.txt', 'hi');
    await store.deleteRun(b.info.run_id);
    expect(await store.countRuns(['0'])).toEqual(new Map([['0', 1]]));
    await store.purgeRun(a.info.run_id);
    await expect(store.getRun(a.info.run_id)).rejects.toMatchObject({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
    });
    expect(await store.db.metricChunks.count()).toBe(0);
    expect(await store.db.artifactChunks.count()).toBe(0);
    store.close();
  });

  it('refuses artifact paths that escape the run', async () => {
    const store = fresh();
    const run = await store.createRun({ experimentId: '0' });
    for (const path of ['../x', '/etc/passwd', 'a/../../b', 'C:/x']) {
      await expect(store.logArtifact(run.info.run_id, path, 'x'), path).rejects.toMatchObject({
        error_code: 'INVALID_PARAMETER_VALUE',
      });
    }
    await store.logArtifact(run.info.run_id, 'model', 'file');
    await expect(store.logArtifact(run.info.run_id, 'model/x', 'y')).rejects.toThrow(/is a file/);
    store.close();
  });
});

describe('runKeys', () => {
  it('lists the keys used by the active runs of one experiment', async () => {
    const store = fresh();
    const id = await store.createExperiment('keys');
    const a = await store.createRun({ experimentId: id });
    const b = await store.createRun({ experimentId: id });
    await store.logBatch(a.info.run_id, {
      metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 0 }],
      params: [{ key: 'lr', value: '1' }],
    });
    await store.logBatch(b.info.run_id, {
      metrics: [{ key: 'acc', value: 1, timestamp: 1, step: 0 }],
      tags: [{ key: 'team', value: 'x' }],
    });
    await store.deleteRun(b.info.run_id);
    const keys = await store.runKeys(id);
    expect(keys).toEqual({
      count: 1,
      metrics: ['loss'],
      params: ['lr'],
      tags: ['mlflow.runName'],
      paramValues: new Map([['lr', ['1']]]),
      tagValues: new Map([['mlflow.runName', [a.info.run_name]]]),
    });
    store.close();
  });
});

describe('metricRanges', () => {
  it('keeps min and max as points arrive, NaN left out, through the snapshot, and reads old rows from chunks', async () => {
    const name = `ranges-${Date.now()}`;
    const a = new DexieStore({ name, snapshotDelayMs: 0 });
    const id = await a.createExperiment('ranges');
    const run = (await a.createRun({ experimentId: id })).info.run_id;
    const point = (key: string, value: number, step: number) => ({
      key,
      value,
      timestamp: 10 + step,
      step,
    });
    await a.logBatch(run, { metrics: [point('loss', 0.9, 0), point('loss', NaN, 1)] });
    await a.logBatch(run, { metrics: [point('loss', 0.2, 2), point('loss', 0.5, 3)] });
    await a.logBatch(run, { metrics: [point('nan', NaN, 0), point('inf', -Infinity, 0)] });
    const refs = [{ runId: run, experimentId: id }];
    const expected = new Map([
      [
        run,
        new Map([
          ['loss', { min: 0.2, max: 0.9 }],
          ['nan', { min: NaN, max: NaN }],
          ['inf', { min: -Infinity, max: -Infinity }],
        ]),
      ],
    ]);
    expect(await a.metricRanges(refs, ['loss', 'nan', 'inf', 'never'])).toEqual(expected);
    await a.whenIdle();

    // A new instance answers from the packed snapshot.
    const b = new DexieStore({ name });
    expect(await b.metricRanges(refs, ['loss', 'nan', 'inf'])).toEqual(expected);
    b.close();

    // A row written before ranges were kept has none: the range is read from the chunks, and
    // appending to it does not invent one from the new points alone.
    await a.db.transaction('rw', a.db.runs, async () => {
      const row = (await a.db.runs.get(run))!;
      for (const info of row.metricInfo.values()) {
        delete info.min;
        delete info.max;
      }
      await a.db.runs.put(row);
    });
    await a.db.searchSnapshots.clear();
    await a.logBatch(run, { metrics: [point('loss', 0.7, 4)] });
    const c = new DexieStore({ name });
    expect((await c.db.runs.get(run))!.metricInfo.get('loss')!.min).toBeUndefined();
    expect((await c.metricRanges(refs, ['loss'])).get(run)!.get('loss')).toEqual({
      min: 0.2,
      max: 0.9,
    });
    c.close();
    await a.whenIdle();
    a.close();
  });
});

describe('several writers', () => {
  it('two store instances on one database (two tabs) interleave batches without losing a point', async () => {
    const name = `writers-${Date.now()}`;
    const tabA = new DexieStore({ name });
    const tabB = new DexieStore({ name });
    const run = await tabA.createRun({ experimentId: '0' });
    const runId = run.info.run_id;
    const batch = (writer: number, i: number) => ({
      metrics: Array.from({ length: 50 }, (_, k) => ({
        key: 'loss',
        value: writer,
        timestamp: 1000 + i * 50 + k,
        step: writer * 10000 + i * 50 + k,
      })),
      params: [{ key: `w${writer}_${i}`, value: '1' }],
    });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => [
        tabA.logBatch(runId, batch(1, i)),
        tabB.logBatch(runId, batch(2, i)),
      ]).flat(),
    );
    const history = await tabB.getMetricHistoryArrays(runId, 'loss');
    expect(history.values.length).toBe(3000);
    const after = await tabA.getRun(runId);
    expect(after.data.params.length).toBe(60);
    expect(after.data.metrics[0]).toMatchObject({ value: 2, step: 2 * 10000 + 29 * 50 + 49 });
    tabA.close();
    tabB.close();
  });
});

describe('search cache', () => {
  it('sees every write, from this store or another on the same database, and purges', async () => {
    const name = `cache-${Date.now()}`;
    const tabA = new DexieStore({ name });
    const tabB = new DexieStore({ name });
    const id = await tabA.createExperiment('cached');
    const names = async (filterString = '') =>
      (
        await tabA.searchRuns({
          experimentIds: [id],
          filterString,
          orderBy: ['attributes.run_name'],
        })
      ).items.map((r) => r.info.run_name);
    const r1 = await tabA.createRun({ experimentId: id, runName: 'r1' });
    expect(await names()).toEqual(['r1']);
    const r2 = await tabB.createRun({ experimentId: id, runName: 'r2' });
    await tabB.logBatch(r2.info.run_id, {
      metrics: [{ key: 'acc', value: 0.9, timestamp: 1, step: 0 }],
    });
    expect(await names('metrics.acc > 0.5')).toEqual(['r2']);
    await tabB.logBatch(r2.info.run_id, {
      metrics: [{ key: 'acc', value: 0.1, timestamp: 2, step: 1 }],
    });
    expect(await names('metrics.acc > 0.5')).toEqual([]);
    await tabB.updateRun(r1.info.run_id, { runName: 'r0' });
    expect(await names()).toEqual(['r0', 'r2']);
    await tabB.deleteRun(r1.info.run_id);
    expect(await names()).toEqual(['r2']);
    await Promise.all([
      names(),
      names('metrics.acc < 1'),
      tabB.restoreRun(r1.info.run_id),
      names(),
    ]);
    expect(await names()).toEqual(['r0', 'r2']);
    await tabB.deleteExperiment(id);
    expect(await names()).toEqual([]);
    await tabB.restoreExperiment(id);
    await tabB.purgeRun(r2.info.run_id);
    expect(await names()).toEqual(['r0']);
    tabA.close();
    tabB.close();
  });
});

describe('search snapshots', () => {
  it('a new store instance answers its first search from the snapshot plus the rows changed since', async () => {
    const name = `snap-${Date.now()}`;
    const a = new DexieStore({ name, snapshotDelayMs: 0 });
    const id = await a.createExperiment('snap');
    const runs = [];
    for (let i = 0; i < 30; i++) {
      const run = await a.createRun({ experimentId: id, runName: `r${i}`, startTime: 1000 + i });
      await a.logBatch(run.info.run_id, {
        metrics: [
          { key: 'acc', value: i / 30, timestamp: 1, step: 0 },
          { key: 'x', value: NaN, timestamp: 1, step: 0 },
        ],
      });
      runs.push(run.info.run_id);
    }
    await a.logBatch(runs[3], {
      metrics: [{ key: 'inf', value: -Infinity, timestamp: 3, step: 7 }],
      params: [{ key: 'lr', value: '0.01' }],
      tags: [{ key: 'team', value: 'vision' }],
    });
    await a.logInputs(runs[3], [
      {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: { name: 'iris', digest: 'd', source_type: 'local', source: '{}' },
      },
    ]);
    const search = async (store: DexieStore, filterString = '') =>
      (
        await store.searchRuns({ experimentIds: [id], filterString, orderBy: ['metrics.acc DESC'] })
      ).items.map((r) => r.info.run_name);
    const expected = await search(a);
    await a.whenIdle();
    const snapshot = await a.db.searchSnapshots.get(id);
    expect(snapshot?.runs).toBe(30);

    const b = new DexieStore({ name });
    expect(await search(b)).toEqual(expected);
    const fromSnapshot = (
      await b.searchRuns({ experimentIds: [id], filterString: "run_name = 'r3'" })
    ).items[0];
    expect(fromSnapshot).toEqual(await a.getRun(runs[3]));
    b.close();

    // The snapshot is trusted at its version: a doctored copy shows through, which proves it is read.
    await a.db.searchSnapshots.put({
      ...snapshot!,
      data: snapshot!.data.replace('"r5"', '"from-snapshot"'),
    });
    const c = new DexieStore({ name });
    expect(await search(c, "run_name = 'from-snapshot'")).toEqual([]); // filters read the tag
    expect(
      (await c.searchRuns({ experimentIds: [id], filterString: "tags.`mlflow.runName` = 'r5'" }))
        .items[0].info.run_name,
    ).toBe('from-snapshot');
    c.close();

    // Writes after the snapshot are read from the rows changed since.
    await a.logBatch(runs[0], { metrics: [{ key: 'acc', value: 5, timestamp: 2, step: 1 }] });
    await a.deleteRun(runs[1]);
    const d = new DexieStore({ name });
    expect((await search(d)).slice(0, 2)).toEqual(['r0', 'r29']);
    expect(await search(d)).not.toContain('r1');
    d.close();

    // Purging moves the epoch: the snapshot is ignored.
    await a.purgeRun(runs[2]);
    const e = new DexieStore({ name });
    expect(await search(e)).not.toContain('r2');
    expect(await search(e)).toContain('r5');
    await e.whenIdle();
    e.close();
    await a.whenIdle();
    a.close();
  });
});

describe('DexieStore.logArtifacts', () => {
  it('writes several files all or nothing: a failing one leaves none of them', async () => {
    const store = fresh();
    const runId = (await store.createRun({ experimentId: '0' })).info.run_id;
    await store.logArtifacts(runId, [
      { path: 'model/model.json', body: '{}' },
      { path: 'config.json', body: new Uint8Array(200_000) },
    ]);
    expect((await store.listArtifacts(runId, 'model')).map((f) => f.path)).toEqual([
      'model/model.json',
    ]);
    expect((await store.downloadArtifact(runId, 'config.json')).length).toBe(200_000);
    // The second file fails (its chunk write is refused, as a full disk or a closing tab would),
    // after the first one was put in the same transaction.
    const table = store.db.artifactChunks;
    const original = table.bulkPut.bind(table);
    let calls = 0;
    const bulkPut = vi.spyOn(table, 'bulkPut').mockImplementation(((
      ...args: Parameters<typeof original>
    ) => {
      if (++calls === 2) throw new Error('refused');
      return original(...args);
    }) as typeof original);
    await expect(
      store.logArtifacts(runId, [
        { path: 'other/a.txt', body: 'a' },
        { path: 'other/b.txt', body: 'b' },
      ]),
    ).rejects.toThrow(/refused/);
    bulkPut.mockRestore();
    expect(await store.listArtifacts(runId, 'other')).toEqual([]);
    store.close();
  });
});
