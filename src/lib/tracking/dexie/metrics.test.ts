import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DexieStore } from './dexie-store';
import { CHUNK_SIZE } from './schema';

let n = 0;
const stores: DexieStore[] = [];
async function freshRun() {
  const store = new DexieStore({ name: `metrics-${Date.now()}-${++n}` });
  stores.push(store);
  const run = await store.createRun({ experimentId: '0', startTime: 1 });
  return { store, runId: run.info.run_id };
}
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const points = (from: number, to: number, key = 'loss', ts = (i: number) => 1000 + i) =>
  Array.from({ length: to - from }, (_, k) => ({
    key,
    value: (from + k) / 10,
    timestamp: ts(from + k),
    step: from + k,
  }));

describe('chunked metric histories', () => {
  it('spans chunks across batches and reads every point back in order', async () => {
    const { store, runId } = await freshRun();
    const total = CHUNK_SIZE * 2 + 300;
    for (let i = 0; i < total; i += 1000)
      await store.logBatch(runId, { metrics: points(i, Math.min(total, i + 1000)) });
    const chunks = await store.db.metricChunks
      .where('[run_id+key+chunk]')
      .between([runId, 'loss', 0], [runId, 'loss', Infinity])
      .toArray();
    expect(chunks.map((c) => c.values.length)).toEqual([CHUNK_SIZE, CHUNK_SIZE, 300]);
    // Exact-size arrays: a view would store its whole backing buffer.
    expect(chunks.every((c) => c.values.buffer.byteLength === c.values.length * 8)).toBe(true);
    const history = await store.getMetricHistoryArrays(runId, 'loss');
    expect(history.steps.length).toBe(total);
    expect(Array.from(history.steps.slice(0, 3))).toEqual([0, 1, 2]);
    expect(history.steps[total - 1]).toBe(total - 1);
    const latest = (await store.getRun(runId)).data.metrics[0];
    expect(latest).toEqual({
      key: 'loss',
      value: (total - 1) / 10,
      timestamp: 1000 + total - 1,
      step: total - 1,
    });
  });

  it('drops exact duplicates in the tail, across a chunk boundary, and after out-of-order writes', async () => {
    const { store, runId } = await freshRun();
    const sameMs = () => 5000;
    await store.logBatch(runId, { metrics: points(0, 1000, 'x', sameMs) });
    await store.logBatch(runId, { metrics: points(1000, CHUNK_SIZE + 2, 'x', sameMs) });
    // A retry of the whole first batch: every point is already stored (all at one timestamp,
    // so the tail scan has to walk back over the chunk boundary).
    await store.logBatch(runId, { metrics: points(0, 1000, 'x', sameMs) });
    await store.logBatch(runId, { metrics: points(1000, CHUNK_SIZE + 2, 'x', sameMs) });
    expect((await store.getMetricHistoryArrays(runId, 'x')).values.length).toBe(CHUNK_SIZE + 2);
    // An older timestamp turns off the tail shortcut; duplicates are still found by a full scan.
    await store.logBatch(runId, { metrics: [{ key: 'x', value: 9, timestamp: 1, step: 0 }] });
    await store.logBatch(runId, {
      metrics: [{ key: 'x', value: 9, timestamp: 1, step: 0 }, ...points(5, 6, 'x', sameMs)],
    });
    expect((await store.getMetricHistoryArrays(runId, 'x')).values.length).toBe(CHUNK_SIZE + 3);
  });

  it('returns history ordered by (timestamp, step, value) whatever the write order', async () => {
    const { store, runId } = await freshRun();
    await store.logBatch(runId, {
      metrics: [
        { key: 'm', value: 3, timestamp: 30, step: 0 },
        { key: 'm', value: 1, timestamp: 10, step: 5 },
        { key: 'm', value: 2, timestamp: 10, step: 5 },
        { key: 'm', value: 0, timestamp: 10, step: 4 },
      ],
    });
    const h = await store.getMetricHistory(runId, 'm');
    expect(h.items.map((p) => p.value)).toEqual([0, 1, 2, 3]);
  });

  it('keeps many keys of one run independent', async () => {
    const { store, runId } = await freshRun();
    const metrics = ['a', 'b', 'c'].flatMap((key) => points(0, 400, key));
    await store.logBatch(runId, { metrics: metrics.slice(0, 1000) });
    await store.logBatch(runId, { metrics: metrics.slice(1000) });
    for (const key of ['a', 'b', 'c'])
      expect((await store.getMetricHistoryArrays(runId, key)).values.length).toBe(400);
  });
});
