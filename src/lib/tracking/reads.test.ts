// StoreSummaryReads, written on TrackingStore alone, must answer as DexieStore does from its rows.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MlflowClient } from './client';
import { DexieStore } from './dexie/dexie-store';
import { StoreSummaryReads, summaryOf, type RunSummary } from './reads';

let n = 0;

/** Two experiments with runs of mixed keys, one deleted run, and a metric logged out of order. */
async function seeded() {
  const store = new DexieStore({ name: `reads-${Date.now()}-${++n}` });
  const client = new MlflowClient(store);
  const a = await client.createExperiment('a');
  const b = await client.createExperiment('b');
  const empty = await client.createExperiment('empty');
  for (let i = 0; i < 7; i++) {
    const run = await client.createRun(a, { runName: `a-${i}` });
    await client.logMetrics(run.info.run_id, { [`m${i % 3}`]: i });
    await client.logParams(run.info.run_id, { [`p${i % 2}`]: i });
    await client.setTag(run.info.run_id, `t${i % 4}`, 'x');
  }
  const gone = await client.createRun(a, { runName: 'deleted' });
  await client.logMetrics(gone.info.run_id, { only_deleted: 1 });
  await client.deleteRun(gone.info.run_id);
  const run = await client.createRun(b, { runName: 'history' });
  const id = run.info.run_id;
  const points = [5, 1, 3, 2, 4].map((step) => ({
    key: 'loss',
    value: 1 / step,
    timestamp: 1000 + step,
    step,
  }));
  await store.logBatch(id, { metrics: points });
  return { store, a, b, empty, runId: id };
}

describe('StoreSummaryReads', () => {
  it('counts active runs per experiment as DexieStore does, across pages', async () => {
    const { store, a, b, empty } = await seeded();
    const generic = new StoreSummaryReads(store, 2);
    const ids = [a, b, empty, '0'];
    const expected = await store.countRuns(ids);
    expect(expected.get(a)).toBe(7);
    expect(await generic.countRuns(ids)).toEqual(expected);
  });

  it('lists the keys of active runs as DexieStore does, across pages', async () => {
    const { store, a, empty } = await seeded();
    const generic = new StoreSummaryReads(store, 3);
    const expected = await store.runKeys(a);
    expect(expected.metrics).toEqual(['m0', 'm1', 'm2']);
    expect(await generic.runKeys(a)).toEqual(expected);
    expect(await generic.runKeys(empty)).toEqual(await store.runKeys(empty));
  });

  it('searches run summaries as DexieStore does, across pages, equal to searchRuns', async () => {
    const { store, a, b } = await seeded();
    const plain = (runs: RunSummary[]) =>
      runs.map((r) => ({
        info: r.info,
        metrics: Object.fromEntries(r.metrics),
        params: Object.fromEntries(r.params),
        tags: Object.fromEntries(r.tags),
      }));
    for (const search of [
      { experimentIds: [a, b] },
      { experimentIds: [a], filterString: 'metrics.m1 >= 1', orderBy: ['metrics.m1 DESC'] },
      { experimentIds: [a], orderBy: ['params.p0 ASC'], runViewType: 'ALL' as const },
      { experimentIds: [a, b], filterString: "attributes.run_name LIKE 'a-%'" },
    ]) {
      const expected = await store.searchRunSummaries(search);
      const runs = (await store.searchRuns({ ...search, maxResults: 1000 })).items;
      expect(plain(expected)).toEqual(plain(runs.map(summaryOf)));
      expect(plain(await new StoreSummaryReads(store, 2).searchRunSummaries(search))).toEqual(
        plain(expected),
      );
    }
    // The 7 active runs of a and the one of b; the deleted run only with ALL.
    expect(await store.searchRunSummaries({ experimentIds: [a, b] })).toHaveLength(8);
  });

  it('keeps the keys of an experiment until one of its runs changes', async () => {
    const { store, a, b } = await seeded();
    const first = await store.runKeys(a);
    // A write to another experiment leaves them; a caller changing its copy changes nothing.
    await store.logBatch((await store.searchRuns({ experimentIds: [b] })).items[0].info.run_id, {
      params: [{ key: 'elsewhere', value: '1' }],
    });
    first.params.push('mutated');
    expect((await store.runKeys(a)).params).toEqual(['p0', 'p1']);
    const run = (await store.searchRuns({ experimentIds: [a] })).items[0].info.run_id;
    await store.logBatch(run, { params: [{ key: 'fresh', value: 'v' }] });
    const next = await store.runKeys(a);
    expect(next.params).toEqual(['fresh', 'p0', 'p1']);
    expect(next.paramValues.get('fresh')).toEqual(['v']);
  });

  it('gives the metric ranges of each run as DexieStore does, from the histories', async () => {
    const { store, a, b, runId } = await seeded();
    const runs = (await store.searchRuns({ experimentIds: [a] })).items.map((r) => ({
      runId: r.info.run_id,
      experimentId: a,
    }));
    const refs = [...runs, { runId, experimentId: b }];
    const keys = ['m0', 'm1', 'loss'];
    const expected = await store.metricRanges(refs, keys);
    expect(expected.get(runId)!.get('loss')).toEqual({ min: 0.2, max: 1 });
    expect(await new StoreSummaryReads(store, 2, 2).metricRanges(refs, keys)).toEqual(expected);
  });

  it('reads a metric history into typed arrays as DexieStore does, across pages', async () => {
    const { store, runId } = await seeded();
    const expected = await store.getMetricHistoryArrays(runId, 'loss');
    expect([...expected.steps]).toEqual([1, 2, 3, 4, 5]);
    for (const pageSize of [2, 25_000]) {
      const generic = new StoreSummaryReads(store, 50_000, pageSize);
      expect(await generic.getMetricHistoryArrays(runId, 'loss')).toEqual(expected);
    }
    const none = await new StoreSummaryReads(store).getMetricHistoryArrays(runId, 'absent');
    expect(none).toEqual(await store.getMetricHistoryArrays(runId, 'absent'));
  });

  it("reads many runs' histories of a key in one call, as one read per run gives them", async () => {
    const { store, a, runId } = await seeded();
    const others = (await store.searchRuns({ experimentIds: [a] })).items.map((r) => r.info.run_id);
    const ids = [runId, ...others];
    const bulk = await store.metricHistories(ids, 'loss');
    expect([...bulk.keys()]).toEqual(ids);
    expect([...bulk.get(runId)!.steps]).toEqual([1, 2, 3, 4, 5]);
    for (const id of ids)
      expect(bulk.get(id)).toEqual(await store.getMetricHistoryArrays(id, 'loss'));
    expect(await new StoreSummaryReads(store, 50, 2).metricHistories(ids, 'loss')).toEqual(bulk);
    // A run without the key has an empty history; a run that does not exist fails the read.
    expect(bulk.get(others[0])!.values).toHaveLength(0);
    await expect(store.metricHistories([runId, 'nope'], 'loss')).rejects.toMatchObject({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
    });
  });

  it('fails on a missing run as DexieStore does', async () => {
    const { store } = await seeded();
    const generic = new StoreSummaryReads(store);
    await expect(store.getMetricHistoryArrays('nope', 'loss')).rejects.toMatchObject({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
    });
    await expect(generic.getMetricHistoryArrays('nope', 'loss')).rejects.toMatchObject({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
    });
  });
});
