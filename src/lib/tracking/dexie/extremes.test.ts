import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DexieStore } from './dexie-store';
import { EXTREMES_STRETCH, extremesOf } from './extremes';
import { CHUNK_SIZE, type MetricChunkRow } from './schema';
import { addShippedExperiment, shippedDatabase, shippedRunRow } from './shipped-layouts';

let n = 0;
const stores: DexieStore[] = [];
async function freshRun(name = `extremes-${Date.now()}-${++n}`) {
  const store = new DexieStore({ name });
  stores.push(store);
  const run = await store.createRun({ experimentId: '0', startTime: 1 });
  return { store, runId: run.info.run_id };
}
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/** A noisy curve with a spike every 997 points, deterministic. */
const value = (i: number) => (i % 997 === 500 ? 50 : Math.sin(i / 40) + ((i * 7919) % 13) / 13);
const points = (from: number, to: number, key = 'loss') =>
  Array.from({ length: to - from }, (_, k) => ({
    key,
    value: value(from + k),
    timestamp: 1000 + from + k,
    step: from + k,
  }));

/** Logs points [from, to) in batches of `batch` (MLflow takes 1,000 metrics a batch). */
async function log(store: DexieStore, runId: string, from: number, to: number, batch = 1000) {
  for (let i = from; i < to; i += batch)
    await store.logBatch(runId, { metrics: points(i, Math.min(to, i + batch)) });
}

const chunk = (values: number[], steps = values.map((_, i) => i)): MetricChunkRow => ({
  run_id: 'r',
  key: 'k',
  chunk: 0,
  steps: Float64Array.from(steps),
  timestamps: Float64Array.from(steps, (s) => 100 + s),
  values: Float64Array.from(values),
});

/** Each column's lowest and highest value when `steps` are spread over `columns` columns. */
function columnExtremes(
  steps: Float64Array,
  values: Float64Array,
  maxStep: number,
  columns: number,
) {
  const lo = new Array<number>(columns).fill(Infinity);
  const hi = new Array<number>(columns).fill(-Infinity);
  for (let i = 0; i < steps.length; i++) {
    const c = Math.min(columns - 1, Math.floor((steps[i] / (maxStep + 1)) * columns));
    lo[c] = Math.min(lo[c], values[i]);
    hi[c] = Math.max(hi[c], values[i]);
  }
  return { lo, hi };
}

describe('a chunk’s extremes', () => {
  it('keeps each stretch’s lowest and highest value in the order they came', () => {
    const row = extremesOf(
      chunk([5, 1, 9, 3, 4, 4, 4, 4, /* next stretch */ 7, 7, 2, 7, 7, 7, 7, 8]),
    );
    // With the chunk's first and last point.
    expect(Array.from(row.values)).toEqual([5, 1, 9, 2, 8]);
    expect(Array.from(row.steps)).toEqual([0, 1, 2, 10, 15]);
    expect(row.count).toBe(16);
    expect(row.ordered).toBe(true);
    expect(row.first).toEqual([100, 0]);
    expect(row.last).toEqual([115, 15]);
  });

  it('keeps a stretch’s first NaN or infinity, so a break in the line stays', () => {
    const row = extremesOf(chunk([1, NaN, 3, Infinity, 2, NaN, 0, 1]));
    // Lowest 0 (index 6), highest 3 (index 2), first non-finite NaN (index 1), with the first
    // and last point, in that order.
    expect(Array.from(row.values)).toEqual([1, NaN, 3, 0, 1]);
    const flat = extremesOf(chunk([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]));
    expect(Array.from(flat.steps)).toEqual([0, 8, 9]);
  });

  it('says when a chunk’s steps or times go back', () => {
    expect(extremesOf(chunk([1, 2, 3], [0, 2, 1])).ordered).toBe(false);
  });
});

describe('metricOverviews', () => {
  it('reads a long history as its extremes: a quarter of the points, the same line per column, every spike', async () => {
    const { store, runId } = await freshRun();
    const total = 20_000;
    // Logged as a training loop logs: many small batches, so chunks are rewritten as they fill.
    await log(store, runId, 0, total, 700);
    const full = await store.getMetricHistoryArrays(runId, 'loss');
    const overview = (await store.metricOverviews([runId], 'loss', 1000)).get(runId)!;
    expect(overview.stretch).toBe(EXTREMES_STRETCH);
    expect(overview.total).toBe(total);
    expect(overview.values.length).toBeLessThanOrEqual(total / 4 + CHUNK_SIZE);
    expect(overview.values.length).toBeGreaterThan(total / EXTREMES_STRETCH);
    // A subsequence of the history, in order.
    let j = 0;
    for (let i = 0; i < overview.steps.length; i++) {
      while (full.steps[j] !== overview.steps[i]) j++;
      expect(full.values[j]).toBe(overview.values[i]);
    }
    // Every spike is there, and each of 1,000 columns (20 points, whole stretches of 8 or not)
    // has the same lowest and highest value as from every point, where stretches fit columns.
    expect(overview.values.filter((v) => v === 50)).toHaveLength(
      full.values.filter((v) => v === 50).length,
    );
    const columns = total / (EXTREMES_STRETCH * 5); // 40 points a column: whole stretches
    const a = columnExtremes(full.steps, full.values, total - 1, columns);
    const b = columnExtremes(overview.steps, overview.values, total - 1, columns);
    expect(b).toEqual(a);
  });

  it('reads every point of a history too short for the width, or logged out of order', async () => {
    const { store, runId } = await freshRun();
    // Under 4 points a column: every point.
    await log(store, runId, 0, 3999);
    const short = (await store.metricOverviews([runId], 'loss', 1000)).get(runId)!;
    expect(short.stretch).toBe(1);
    expect(short.values.length).toBe(3999);
    await log(store, runId, 3999, 4000);
    const enough = (await store.metricOverviews([runId], 'loss', 1000)).get(runId)!;
    expect([enough.stretch, enough.total]).toEqual([EXTREMES_STRETCH, 4000]);

    const other = await store.createRun({ experimentId: '0', startTime: 1 });
    const id = other.info.run_id;
    // Steps logged backwards: stretches of stored order are not stretches of x.
    const back = points(0, 900).map((p) => ({ ...p, step: 900 - p.step }));
    for (let i = 0; i < 10; i++)
      await store.logBatch(id, {
        metrics: back.map((p) => ({ ...p, timestamp: p.timestamp + i * 900 })),
      });
    const read = (await store.metricOverviews([id], 'loss', 1000)).get(id)!;
    expect(read.stretch).toBe(1);
    expect(read.values.length).toBe(9000);
  });

  it('reads the chunks where extremes are missing or stale, and a missing run fails the read', async () => {
    const { store, runId } = await freshRun();
    await log(store, runId, 0, 9000);
    await store.db.metricExtremes.delete([runId, 'loss', 3]);
    const read = (await store.metricOverviews([runId], 'loss', 1000)).get(runId)!;
    expect([read.stretch, read.values.length]).toEqual([1, 9000]);
    await expect(store.metricOverviews(['f'.repeat(32)], 'loss', 1000)).rejects.toThrow(
      /not found/,
    );
  });

  it('deletes a run’s extremes with its chunks, and an experiment’s', async () => {
    const { store, runId } = await freshRun();
    await log(store, runId, 0, 3000);
    expect(await store.db.metricExtremes.count()).toBe(3);
    await store.deleteRun(runId);
    await store.purgeRun(runId);
    expect(await store.db.metricExtremes.count()).toBe(0);

    const experimentId = await store.createExperiment('gone');
    const run = await store.createRun({ experimentId, startTime: 1 });
    await log(store, run.info.run_id, 0, 2000);
    expect(await store.db.metricExtremes.count()).toBe(2);
    await store.deleteExperiment(experimentId);
    await store.purgeExperiment(experimentId);
    expect(await store.db.metricExtremes.count()).toBe(0);
  });

  it('opens a version 5 database: its histories have no extremes and read whole', async () => {
    const name = `v5-${Date.now()}`;
    const old = shippedDatabase(name, 5);
    const runId = 'a'.repeat(32);
    await addShippedExperiment(old, '0', 'Default');
    const chunks = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((c) => ({
      run_id: runId,
      key: 'acc',
      chunk: c,
      steps: Float64Array.from({ length: CHUNK_SIZE }, (_, i) => c * CHUNK_SIZE + i),
      timestamps: Float64Array.from({ length: CHUNK_SIZE }, (_, i) => c * CHUNK_SIZE + i),
      values: Float64Array.from({ length: CHUNK_SIZE }, (_, i) => value(c * CHUNK_SIZE + i)),
    }));
    const count = chunks.length * CHUNK_SIZE;
    await old.table('metricChunks').bulkAdd(chunks);
    await old.table('runs').add(
      shippedRunRow({
        experiment_id: '0',
        metrics: new Map([['acc', value(count - 1)]]),
        metricInfo: new Map([
          [
            'acc',
            {
              timestamp: count - 1,
              step: count - 1,
              count,
              maxTimestamp: count - 1,
              monotonic: true,
            },
          ],
        ]),
      }),
    );
    old.close();
    const store = new DexieStore({ name });
    stores.push(store);
    const read = (await store.metricOverviews([runId], 'acc', 1000)).get(runId)!;
    expect([read.stretch, read.values.length]).toEqual([1, count]);
    // A new point rewrites only the last chunk's extremes: still read whole, never half.
    await store.logBatch(runId, {
      metrics: [{ key: 'acc', value: 1, timestamp: count, step: count }],
    });
    const after = (await store.metricOverviews([runId], 'acc', 1000)).get(runId)!;
    expect([after.stretch, after.values.length]).toEqual([1, count + 1]);
  });
});
