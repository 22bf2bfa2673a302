/**
 * Packs an experiment's runs into one JSON string and back, for the search cache (run-cache.ts).
 * Reading 10k run rows costs 0.3–1 s of per-record IndexedDB and structured-clone work here; one
 * string record reads in ~20 ms. Unpacking builds no Maps: each run's metrics, params and tags
 * stay flat arrays behind small read-only views, because building 40k Maps cost more than the
 * rest of a cold search. Keys are stored once, as indices into a key table. JSON has no NaN or
 * ±Infinity, so numbers that are not finite travel as "NaN", "Infinity" and "-Infinity".
 * Only what reads need is kept (writers read the stored rows): no point counts.
 */
import type { DatasetInput, LifecycleStage, RunStatus } from '../entities';
import type { KeyValues } from '../search';
import type { MetricSummary, SearchRow } from './schema';

const FORMAT = 3;
type Num = number | string;
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
  /** [key index, value, timestamp, step, min, max] per metric (min and max null when unknown) */
  metrics: (Num | null)[],
  /** [key index, value] per param */
  params: (number | string)[],
  tags: (number | string)[],
  inputs: DatasetInput[] | 0,
];

const num = (x: number): Num => (Number.isFinite(x) ? x : String(x));
const unnum = (x: unknown): number => (typeof x === 'number' ? x : Number(x));

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
}

const second = (flat: unknown[], i: number) => flat[i + 1] as string;
const metricValue = (nums: Float64Array, i: number) => nums[i];
const latestPoint = (nums: Float64Array, i: number): MetricSummary => {
  const summary: MetricSummary = { timestamp: nums[i + 1], step: nums[i + 2] };
  if (nums[i + 5]) [summary.min, summary.max] = [nums[i + 3], nums[i + 4]];
  return summary;
};
/** Slots per metric in the packed run: key index, value, timestamp, step, min, max. */
const STRIDE = 6;
/** Slots per metric in a MetricView: value, timestamp, step, min, max, whether min/max are known. */
const METRIC_SLOTS = 6;

export function packRuns(rows: Iterable<SearchRow>): { data: string; runs: number } {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const key = (k: string) => {
    let i = index.get(k);
    if (i === undefined) index.set(k, (i = keys.push(k) - 1));
    return i;
  };
  const runs: PackedRun[] = [];
  for (const r of rows) {
    const metrics: (Num | null)[] = [];
    for (const [k, value] of r.metrics) {
      const latest = r.metricInfo.get(k);
      const known = latest?.min !== undefined && latest.max !== undefined;
      metrics.push(
        key(k),
        num(value),
        num(latest?.timestamp ?? 0),
        num(latest?.step ?? 0),
        known ? num(latest.min!) : null,
        known ? num(latest.max!) : null,
      );
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
  return { data: JSON.stringify({ format: FORMAT, keys, runs }), runs: runs.length };
}

/** The runs of a packed snapshot, or null when it is of another format (then rows are read). */
export function unpackRuns(experimentId: string, data: string): SearchRow[] | null {
  const parsed = JSON.parse(data) as { format?: number; keys: string[]; runs: PackedRun[] };
  if (parsed.format !== FORMAT) return null;
  const { keys } = parsed;
  // One key list per distinct set of metric keys (most runs of an experiment share one).
  const keyLists = new Map<string, string[]>();
  let slots = 0;
  for (const p of parsed.runs) slots += (p[10].length / STRIDE) * METRIC_SLOTS;
  const nums = new Float64Array(slots);
  let base = 0;
  return parsed.runs.map((p) => {
    const [packed, params, tags] = [p[10], p[11], p[12]];
    const count = packed.length / STRIDE;
    const start = base;
    base += count * METRIC_SLOTS;
    const indices: number[] = [];
    for (let m = 0; m < count; m++) {
      const i = m * STRIDE;
      const o = start + m * METRIC_SLOTS;
      indices.push(packed[i] as number);
      for (let j = 1; j < 4; j++) nums[o + j - 1] = unnum(packed[i + j]);
      const known = packed[i + 4] !== null;
      nums[o + 3] = known ? unnum(packed[i + 4]) : NaN;
      nums[o + 4] = known ? unnum(packed[i + 5]) : NaN;
      nums[o + 5] = known ? 1 : 0;
    }
    const signature = indices.join(',');
    let metricKeys = keyLists.get(signature);
    if (!metricKeys) keyLists.set(signature, (metricKeys = indices.map((k) => keys[k])));
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
