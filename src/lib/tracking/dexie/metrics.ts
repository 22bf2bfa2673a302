/**
 * Metric histories in chunks: append (inside the caller's write transaction) and read back.
 * Semantics follow MLflow's SQL store: points are append-only, an exact duplicate
 * (key, timestamp, step, value) is dropped so retries are idempotent, and the latest value per key
 * is the maximum by (step, timestamp, value). History reads come ordered by (timestamp, step, value).
 */
import { isLaterMetric, type Metric } from '../entities';
import { notFound } from '../errors';
import { joinArrays } from './rows';
import type { MetricArrays, MetricOverview } from '../reads';
import {
  deleteExtremes,
  EXTREMES_COLUMN_POINTS,
  EXTREMES_STRETCH,
  extremesOf,
  readExtremes,
} from './extremes';
import {
  CHUNK_SIZE,
  type MetricChunkRow,
  type MetricInfo,
  type RunRow,
  type TrackingDB,
} from './schema';

const signature = (timestamp: number, step: number, value: number) =>
  `${timestamp}|${step}|${value}`;

function concat(a: Float64Array, b: number[]): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function chunkRange(db: TrackingDB, runId: string, key: string) {
  return db.metricChunks
    .where('[run_id+key+chunk]')
    .between([runId, key, 0], [runId, key, Infinity], true, true);
}

/** Signatures of stored points that an incoming point could duplicate. */
async function storedSignatures(
  db: TrackingDB,
  runId: string,
  key: string,
  info: MetricInfo,
  last: MetricChunkRow | undefined,
  candidates: Metric[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const add = (c: MetricChunkRow, from = 0) => {
    for (let i = from; i < c.values.length; i++)
      found.add(signature(c.timestamps[i], c.steps[i], c.values[i]));
  };
  const tailOnly = info.monotonic && candidates.every((m) => m.timestamp === info.maxTimestamp);
  if (!tailOnly) {
    (await chunkRange(db, runId, key).toArray()).forEach((c) => add(c));
    return found;
  }
  // Timestamps never decreased, so every stored point at maxTimestamp sits at the end.
  let chunk = last;
  let index = Math.floor((info.count - 1) / CHUNK_SIZE);
  while (chunk) {
    let i = chunk.values.length - 1;
    while (i >= 0 && chunk.timestamps[i] === info.maxTimestamp) i--;
    add(chunk, i + 1);
    if (i >= 0 || index === 0) break;
    index -= 1;
    chunk = await db.metricChunks.get([runId, key, index]);
  }
  return found;
}

/**
 * The last chunk of each (run, key) as its writer last wrote it, so the next batch need not read
 * it back. Exact with several writers: a cached chunk is used only when its index and length match
 * the point count in the run row, which the writing transaction has just read; any other writer's
 * append changes that count. Fill it only after the transaction commits.
 */
export class LastChunkCache {
  private readonly chunks = new Map<string, MetricChunkRow>();

  lookup(runId: string, key: string, count: number): MetricChunkRow | undefined {
    if (!count) return undefined;
    const chunk = this.chunks.get(`${runId}\u0000${key}`);
    const index = Math.floor((count - 1) / CHUNK_SIZE);
    const length = count - index * CHUNK_SIZE;
    return chunk && chunk.chunk === index && chunk.values.length === length ? chunk : undefined;
  }

  remember(chunks: MetricChunkRow[]): void {
    // A bound on memory: each entry holds at most CHUNK_SIZE points (24 KB).
    if (this.chunks.size > 4096) this.chunks.clear();
    for (const c of chunks) this.chunks.set(`${c.run_id}\u0000${c.key}`, c);
  }
}

/**
 * Appends metrics to a run's histories and updates row.metrics / row.metricInfo in place.
 * Resolves to the chunks it wrote (for LastChunkCache.remember once the transaction commits).
 */
export async function appendMetrics(
  db: TrackingDB,
  row: RunRow,
  metrics: Metric[],
  cache?: LastChunkCache,
): Promise<MetricChunkRow[]> {
  if (!metrics.length) return [];
  const byKey = new Map<string, Metric[]>();
  for (const m of metrics) {
    const list = byKey.get(m.key);
    if (list) list.push(m);
    else byKey.set(m.key, [m]);
  }
  const keys = [...byKey.keys()];
  const counts = keys.map((k) => row.metricInfo.get(k)?.count ?? 0);
  const lastChunks = keys.map((k, i) => cache?.lookup(row.run_id, k, counts[i]));
  const misses = keys.flatMap((k, i) => (counts[i] && !lastChunks[i] ? [i] : []));
  if (misses.length) {
    const ids = misses.map(
      (i) =>
        [row.run_id, keys[i], Math.floor((counts[i] - 1) / CHUNK_SIZE)] as [string, string, number],
    );
    const read = await db.metricChunks.bulkGet(ids);
    misses.forEach((i, j) => (lastChunks[i] = read[j]));
  }
  const writes: MetricChunkRow[] = [];

  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const info: MetricInfo = row.metricInfo.get(key) ?? {
      timestamp: 0,
      step: 0,
      count: 0,
      maxTimestamp: -Infinity,
      monotonic: true,
    };
    let last = info.count ? lastChunks[k] : undefined;
    const incoming = byKey.get(key)!;
    const older = incoming.filter((m) => m.timestamp <= info.maxTimestamp);
    const seen = older.length
      ? await storedSignatures(db, row.run_id, key, info, last, older)
      : new Set<string>();

    let latest = info.count
      ? { value: row.metrics.get(key)!, timestamp: info.timestamp, step: info.step }
      : null;
    let chunkIndex = info.count ? Math.floor((info.count - 1) / CHUNK_SIZE) : 0;
    let pending = { steps: [] as number[], timestamps: [] as number[], values: [] as number[] };
    const flush = () => {
      if (!pending.values.length) return;
      const base = last ?? {
        run_id: row.run_id,
        key,
        chunk: chunkIndex,
        steps: new Float64Array(0),
        timestamps: new Float64Array(0),
        values: new Float64Array(0),
      };
      last = {
        ...base,
        steps: concat(base.steps, pending.steps),
        timestamps: concat(base.timestamps, pending.timestamps),
        values: concat(base.values, pending.values),
      };
      writes.push(last);
      pending = { steps: [], timestamps: [], values: [] };
    };

    for (const m of incoming) {
      const sig = signature(m.timestamp, m.step, m.value);
      if (seen.has(sig)) continue;
      seen.add(sig);
      if ((last?.values.length ?? 0) + pending.values.length === CHUNK_SIZE) {
        flush();
        chunkIndex += 1;
        last = undefined;
      }
      pending.steps.push(m.step);
      pending.timestamps.push(m.timestamp);
      pending.values.push(m.value);
      // A range is kept only when it covers every point: a row from before ranges were kept
      // (count > 0, no min) stays without one and readers compute it from the chunks.
      if (info.count === 0) [info.min, info.max] = [NaN, NaN];
      if (info.min !== undefined && info.max !== undefined && !Number.isNaN(m.value)) {
        info.min = Number.isNaN(info.min) ? m.value : Math.min(info.min, m.value);
        info.max = Number.isNaN(info.max) ? m.value : Math.max(info.max, m.value);
      }
      info.count += 1;
      if (m.timestamp < info.maxTimestamp) info.monotonic = false;
      info.maxTimestamp = Math.max(info.maxTimestamp, m.timestamp);
      if (!latest || isLaterMetric(m, latest))
        latest = { value: m.value, timestamp: m.timestamp, step: m.step };
    }
    flush();
    if (latest) {
      info.timestamp = latest.timestamp;
      info.step = latest.step;
      row.metrics.set(key, latest.value);
      row.metricInfo.set(key, info);
    }
  }
  if (writes.length) {
    await db.metricChunks.bulkPut(writes);
    await db.metricExtremes.bulkPut(writes.map(extremesOf));
  }
  return writes;
}

/** The whole history of one key as typed arrays, ordered by (timestamp, step, value). */
export async function readMetricArrays(
  db: TrackingDB,
  runId: string,
  key: string,
): Promise<MetricArrays> {
  const chunks = await chunkRange(db, runId, key).toArray();
  return sortHistory(joinArrays(chunks));
}

/** One key's whole history for each run, in one read transaction (500 runs, one round trip). */
export function readHistories(
  db: TrackingDB,
  ids: readonly string[],
  key: string,
): Promise<Map<string, MetricArrays>> {
  return db.transaction('r', [db.runs, db.metricChunks], async () => {
    const histories = await Promise.all(ids.map((id) => readMetricArrays(db, id, key)));
    const empty = ids.filter((_, i) => !histories[i].values.length);
    if (empty.length) {
      const found = new Set(await db.runs.where(':id').anyOf(empty).primaryKeys());
      const gone = empty.find((id) => !found.has(id));
      if (gone !== undefined) throw notFound(`Run with id=${gone} not found`);
    }
    return new Map(ids.map((id, i) => [id, histories[i]]));
  });
}

/**
 * One key's history for each run as a chart `columns` pixels wide needs it, in one read
 * transaction: a history of at least EXTREMES_COLUMN_POINTS points per column comes as its
 * stored extremes (a quarter of the bytes), any other as every point.
 */
export function readOverviews(
  db: TrackingDB,
  ids: readonly string[],
  key: string,
  columns: number,
): Promise<Map<string, MetricOverview>> {
  return db.transaction('r', [db.runs, db.metricChunks, db.metricExtremes], async () => {
    const rows = await db.runs.bulkGet([...ids]);
    const gone = ids.find((_, i) => !rows[i]);
    if (gone !== undefined) throw notFound(`Run with id=${gone} not found`);
    const read = await Promise.all(
      ids.map(async (id, i): Promise<MetricOverview> => {
        const info = rows[i]!.metricInfo.get(key);
        if (info?.monotonic && info.count >= EXTREMES_COLUMN_POINTS * columns) {
          const extremes = await readExtremes(db, id, key, info.count);
          if (extremes) return { ...extremes, total: info.count, stretch: EXTREMES_STRETCH };
        }
        const all = await readMetricArrays(db, id, key);
        return { ...all, total: all.values.length, stretch: 1 };
      }),
    );
    return new Map(ids.map((id, i) => [id, read[i]]));
  });
}

function inOrder(a: MetricArrays, i: number, j: number): number {
  return (
    a.timestamps[i] - a.timestamps[j] ||
    a.steps[i] - a.steps[j] ||
    (Number.isNaN(a.values[i])
      ? Number.isNaN(a.values[j])
        ? 0
        : -1
      : Number.isNaN(a.values[j])
        ? 1
        : a.values[i] - a.values[j]) ||
    0
  );
}

/** Sorts only when needed: histories logged in time order are already sorted. */
function sortHistory(a: MetricArrays): MetricArrays {
  const n = a.values.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = inOrder(a, i - 1, i) <= 0;
  if (sorted) return a;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => inOrder(a, i, j));
  return {
    steps: Float64Array.from(order, (i) => a.steps[i]),
    timestamps: Float64Array.from(order, (i) => a.timestamps[i]),
    values: Float64Array.from(order, (i) => a.values[i]),
  };
}

export function toMetrics(key: string, a: MetricArrays, from = 0, to = a.values.length): Metric[] {
  const out: Metric[] = new Array(Math.max(0, Math.min(to, a.values.length) - from));
  for (let i = 0; i < out.length; i++) {
    out[i] = {
      key,
      value: a.values[from + i],
      timestamp: a.timestamps[from + i],
      step: a.steps[from + i],
    };
  }
  return out;
}

/**
 * Every chunk of one run and their extremes ([runId] .. [runId, []] spans every key: IndexedDB
 * sorts arrays after strings). Call inside a transaction over metricChunks and metricExtremes.
 */
export async function deleteMetricChunks(db: TrackingDB, runId: string): Promise<void> {
  await db.metricChunks.where('[run_id+key+chunk]').between([runId], [runId, []]).delete();
  await deleteExtremes(db, runId);
}
