/**
 * Packs an experiment's runs into one JSON string plus one Float64Array and back, for the search
 * cache (run-cache.ts). Reading 10k run rows costs 0.3–1 s of per-record IndexedDB and
 * structured-clone work here; one record reads in ~20 ms. Unpacking builds no Maps: each run's
 * metrics, params and tags stay flat arrays behind small read-only views, because building 40k
 * Maps cost more than the rest of a cold search. Keys are stored once, as indices into a key table.
 *
 * The metrics' numbers (value, latest timestamp and step, min, max) are not in the JSON: they are
 * the Float64Array, which IndexedDB stores and returns as bytes (NaN and ±Infinity included) and
 * unpacking uses as it is. As JSON text, 10k runs × 50 metrics were three million numbers to
 * parse, most of them a heap object, and the parse left ~200 MB of garbage whose collection
 * landed, seconds later, as a frame over 50 ms in the runs table's first scroll.
 * Only what reads need is kept (writers read the stored rows): no point counts.
 */
import type { DatasetInput, LifecycleStage, RunStatus } from '../entities';
import type { KeyValues } from '../search';
import type { MetricSummary, SearchRow } from './schema';

const FORMAT = 4;
type PackedRun = [
  run_id: string,
  run_name: string,
  user_id: string,
  status: RunStatus,
  start_time: number,
  end_time: number | null,
  artifact_uri: string,
  lifecycle_stage: LifecycleStage,
  deleted_time: number | null,
  version: number,
  /** The key index of each metric, in the order of its slots in the snapshot's numbers. */
  metrics: number[],
  /** [key index, value] per param */
  params: (number | string)[],
  tags: (number | string)[],
  inputs: DatasetInput[] | 0,
];

/** A read-only map over a flat array [key, value, ...] with `stride` slots per entry. */
class FlatView<V> implements KeyValues<V> {
  constructor(
    private readonly flat: unknown[],
    private readonly stride: number,
    private readonly read: (flat: unknown[], i: number) => V,
  ) {}
  private find(key: string): number {
    for (let i = 0; i < this.flat.length; i += this.stride) if (this.flat[i] === key) return i;
    return -1;
  }
  get(key: string): V | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : this.read(this.flat, i);
  }
  has(key: string): boolean {
    return this.find(key) >= 0;
  }
  *[Symbol.iterator](): Iterator<[string, V]> {
    for (let i = 0; i < this.flat.length; i += this.stride)
      yield [this.flat[i] as string, this.read(this.flat, i)];
  }
  forEach(fn: (value: V, key: string) => void): void {
    for (let i = 0; i < this.flat.length; i += this.stride)
      fn(this.read(this.flat, i), this.flat[i] as string);
  }
}

/**
 * A read-only map over a run's metrics: their keys, and [value, timestamp, step, min, max, min
 * and max known] per key in one Float64Array. Numbers in a plain array are an object each; 10k
 * runs × 50 metrics were two million of them for the collector to walk while the runs table
 * scrolled (its frames over 50 ms were major-GC marking). Runs with the same keys share one key
 * list, and all the runs of a snapshot one buffer (not 10k ArrayBuffers, each a backing store for
 * the collector to sweep).
 */
class MetricView<V> implements KeyValues<V> {
  constructor(
    private readonly keys: readonly string[],
    private readonly nums: Float64Array,
    /** Where this run's slots start in `nums`. */
    private readonly base: number,
    private readonly read: (nums: Float64Array, i: number) => V,
  ) {}
  get(key: string): V | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : this.read(this.nums, this.base + i * METRIC_SLOTS);
  }
  has(key: string): boolean {
    return this.keys.includes(key);
  }
  *[Symbol.iterator](): Iterator<[string, V]> {
    for (let i = 0; i < this.keys.length; i++)
      yield [this.keys[i], this.read(this.nums, this.base + i * METRIC_SLOTS)];
  }
  forEach(fn: (value: V, key: string) => void): void {
    for (let i = 0; i < this.keys.length; i++)
      fn(this.read(this.nums, this.base + i * METRIC_SLOTS), this.keys[i]);
  }
}

const second = (flat: unknown[], i: number) => flat[i + 1] as string;
const metricValue = (nums: Float64Array, i: number) => nums[i];
const latestPoint = (nums: Float64Array, i: number): MetricSummary => {
  const summary: MetricSummary = { timestamp: nums[i + 1], step: nums[i + 2] };
  if (nums[i + 5]) [summary.min, summary.max] = [nums[i + 3], nums[i + 4]];
  return summary;
};
/** Slots per metric in the numbers: value, timestamp, step, min, max, whether min/max are known. */
const METRIC_SLOTS = 6;

/** What a snapshot record holds beside its version stamps. */
export interface PackedRuns {
  data: string;
  /** METRIC_SLOTS numbers per metric of each run, in run order. */
  nums: Float64Array;
  runs: number;
}

export function packRuns(rows: Iterable<SearchRow>): PackedRuns {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const key = (k: string) => {
    let i = index.get(k);
    if (i === undefined) index.set(k, (i = keys.push(k) - 1));
    return i;
  };
  const runs: PackedRun[] = [];
  const list = [...rows];
  let slots = 0;
  for (const r of list) r.metrics.forEach(() => (slots += METRIC_SLOTS));
  const nums = new Float64Array(slots);
  let at = 0;
  for (const r of list) {
    const metrics: number[] = [];
    for (const [k, value] of r.metrics) {
      const latest = r.metricInfo.get(k);
      const known = latest?.min !== undefined && latest.max !== undefined;
      metrics.push(key(k));
      // Written slot by slot: an array per metric would be 500k of them for 10k runs.
      nums[at] = value;
      nums[at + 1] = latest?.timestamp ?? 0;
      nums[at + 2] = latest?.step ?? 0;
      nums[at + 3] = known ? latest.min! : NaN;
      nums[at + 4] = known ? latest.max! : NaN;
      nums[at + 5] = known ? 1 : 0;
      at += METRIC_SLOTS;
    }
    const pairs = (kv: KeyValues<string>) => [...kv].flatMap(([k, v]) => [key(k), v]);
    runs.push([
      r.run_id,
      r.run_name,
      r.user_id,
      r.status,
      r.start_time,
      r.end_time ?? null,
      r.artifact_uri,
      r.lifecycle_stage,
      r.deleted_time ?? null,
      r.version,
      metrics,
      pairs(r.params),
      pairs(r.tags),
      r.inputs.length ? r.inputs : 0,
    ]);
  }
  return {
    data: JSON.stringify({ format: FORMAT, keys, runs }),
    nums,
    runs: runs.length,
  };
}

/** Whether two key-index lists are the same (a run's and the one before it, mostly). */
function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The runs of a packed snapshot, or null when it is of another format or its numbers do not fit
 * its runs (then rows are read).
 */
export function unpackRuns(
  experimentId: string,
  snapshot: { data: string; nums?: unknown },
): SearchRow[] | null {
  const { nums } = snapshot;
  if (!(nums instanceof Float64Array)) return null;
  const parsed = JSON.parse(snapshot.data) as {
    format?: number;
    keys: string[];
    runs: PackedRun[];
  };
  if (parsed.format !== FORMAT) return null;
  const { keys } = parsed;
  let slots = 0;
  for (const p of parsed.runs) slots += p[10].length * METRIC_SLOTS;
  if (slots !== nums.length) return null;
  // Runs with the same metric keys share one key list (most runs of an experiment have one).
  let lastIndices: number[] = [];
  let lastKeys: string[] = [];
  let base = 0;
  return parsed.runs.map((p) => {
    const [indices, params, tags] = [p[10], p[11], p[12]];
    if (!sameList(indices, lastIndices))
      [lastIndices, lastKeys] = [indices, indices.map((k) => keys[k])];
    const metricKeys = lastKeys;
    const start = base;
    base += indices.length * METRIC_SLOTS;
    for (const flat of [params, tags])
      for (let i = 0; i < flat.length; i += 2) flat[i] = keys[flat[i] as number];
    return {
      run_id: p[0],
      experiment_id: experimentId,
      run_name: p[1],
      user_id: p[2],
      status: p[3],
      start_time: p[4],
      end_time: p[5],
      artifact_uri: p[6],
      lifecycle_stage: p[7],
      deleted_time: p[8],
      version: p[9],
      metrics: new MetricView(metricKeys, nums, start, metricValue),
      metricInfo: new MetricView(metricKeys, nums, start, latestPoint),
      params: new FlatView<string>(params, 2, second),
      tags: new FlatView<string>(tags, 2, second),
      inputs: p[13] || [],
    };
  });
}
