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

const second = (flat: unknown[], i: number) => flat[i + 1] as string;
const metricValue = (flat: unknown[], i: number) => flat[i + 1] as number;
const latestPoint = (flat: unknown[], i: number): MetricSummary => {
  const summary: MetricSummary = { timestamp: flat[i + 2] as number, step: flat[i + 3] as number };
  if (flat[i + 4] !== null) [summary.min, summary.max] = [flat[i + 4], flat[i + 5]] as number[];
  return summary;
};
const STRIDE = 6;

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
  return parsed.runs.map((p) => {
    const [metrics, params, tags] = [p[10], p[11], p[12]];
    for (let i = 0; i < metrics.length; i += STRIDE) {
      metrics[i] = keys[metrics[i] as number];
      for (let j = 1; j < STRIDE; j++)
        if (metrics[i + j] !== null) metrics[i + j] = unnum(metrics[i + j]);
    }
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
      metrics: new FlatView(metrics, STRIDE, metricValue),
      metricInfo: new FlatView(metrics, STRIDE, latestPoint),
      params: new FlatView<string>(params, 2, second),
      tags: new FlatView<string>(tags, 2, second),
      inputs: p[13] || [],
    };
  });
}
