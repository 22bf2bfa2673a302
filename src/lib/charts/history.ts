/**
 * Metric histories made ready to overlay in the compare view: x as the step, the wall-clock time
 * or the time since the run's first point; smoothing by a debiased exponential moving average (as
 * TensorBoard, W&B and MLflow's charts do); a log axis that leaves out what it cannot show and
 * says how much; runs grouped by a param or tag into a mean with a min–max band; and the points a
 * zoomed x range covers. Pure and typed-array based, so 10 runs × 100,000 points stay cheap.
 */

export type XMode = 'step' | 'wall' | 'relative';

export interface History {
  steps: ArrayLike<number>;
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** A history as x and y, sorted by x (ties keep their order). */
export interface XY {
  x: Float64Array;
  y: Float64Array;
}

/** What x is in each mode, for the axis label. */
export const X_LABELS: Record<XMode, string> = {
  step: 'step',
  wall: 'time',
  relative: 'seconds since the run’s first point',
};

/**
 * The history's points as x and y in the mode's units (wall: epoch ms; relative: seconds from the
 * earliest timestamp), sorted by x: a history is stored by time, so its steps need not ascend.
 */
export function toXY(history: History, mode: XMode): XY {
  const n = Math.min(history.values.length, history.steps.length, history.timestamps.length);
  let t0 = Infinity;
  if (mode === 'relative') for (let i = 0; i < n; i++) t0 = Math.min(t0, history.timestamps[i]);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] =
      mode === 'step'
        ? history.steps[i]
        : mode === 'wall'
          ? history.timestamps[i]
          : (history.timestamps[i] - t0) / 1000;
  }
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (xs[i] < xs[i - 1]) sorted = false;
  if (sorted) {
    const { values } = history;
    // The stored arrays themselves when they are typed and whole (a million points, no copy).
    const y =
      values instanceof Float64Array && values.length === n
        ? values
        : Float64Array.from({ length: n }, (_, i) => values[i]);
    return { x: xs, y };
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
  return {
    x: Float64Array.from(order, (i) => xs[i]),
    y: Float64Array.from(order, (i) => history.values[i]),
  };
}

/**
 * Debiased exponential moving average with weight 0 ≤ w < 1 (0: the raw values, as given). Non-finite
 * values stay as they are and are not averaged in, so a NaN breaks the line without poisoning
 * the rest. The debiasing divides by 1 − wⁿ, so the first points are not pulled towards zero.
 */
export function smooth(values: Float64Array, weight: number): Float64Array {
  // With no smoothing the values themselves (not a copy: a million points are 8 MB).
  if (!(weight > 0)) return values;
  const out = Float64Array.from(values);
  const w = Math.min(weight, 0.999);
  let last = 0;
  let n = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (!Number.isFinite(v)) continue;
    last = last * w + (1 - w) * v;
    n++;
    out[i] = last / (1 - Math.pow(w, n));
  }
  return out;
}

/** Values a log axis can show (> 0); the rest become NaN (a break), counted. */
export function forLog(values: Float64Array): { values: Float64Array; dropped: number } {
  let dropped = 0;
  const out = Float64Array.from(values, (v) => {
    if (Number.isFinite(v) && v <= 0) {
      dropped++;
      return NaN;
    }
    return v;
  });
  return { values: out, dropped };
}

/** First index with x[i] >= v (or, `after`, x[i] > v) in an ascending array. */
function bound(x: ArrayLike<number>, v: number, after = false): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid] < v || (after && x[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The points of an x-sorted series inside [lo, hi], and one either side so the line runs to the
 * edge of a zoomed plot. Views, not copies.
 */
export function clipX(xy: XY, lo: number, hi: number): XY {
  const start = Math.max(0, bound(xy.x, lo) - 1);
  // The first point past hi is the last one kept.
  const end = Math.min(xy.x.length, bound(xy.x, hi, true) + 1);
  return { x: xy.x.subarray(start, end), y: xy.y.subarray(start, end) };
}

export interface Band {
  /** The group's value of the param or tag ("(none)" when a run has none). */
  group: string;
  runs: number;
  x: Float64Array;
  mean: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Bins across the x range when the series do not share x values (time, or too many steps). */
const BINS = 1000;

/**
 * Runs grouped by a param or tag: at each x, the mean, lowest and highest of the runs' values.
 * Steps are matched exactly while there are at most 1,000 distinct ones; otherwise (and for time)
 * x is split into 1,000 equal bins, each run contributing its mean in the bin.
 */
export function groupBands(series: readonly (XY & { group: string })[]): Band[] {
  const xs = new Set<number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.y[i]) || !Number.isFinite(s.x[i])) continue;
      if (xs.size <= BINS) xs.add(s.x[i]);
      lo = Math.min(lo, s.x[i]);
      hi = Math.max(hi, s.x[i]);
    }
  }
  if (!(lo <= hi)) return [];
  const exact = xs.size <= BINS;
  const grid = exact ? Float64Array.from([...xs].sort((a, b) => a - b)) : undefined;
  const slots = grid ? grid.length : BINS;
  const slotOf = grid
    ? (v: number) => bound(grid, v)
    : (v: number) => Math.min(BINS - 1, Math.floor(((v - lo) / (hi - lo || 1)) * BINS));
  const groups = new Map<string, (XY & { group: string })[]>();
  for (const s of series) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  const out: Band[] = [];
  for (const [group, members] of groups) {
    const sum = new Float64Array(slots);
    const count = new Float64Array(slots);
    const min = new Float64Array(slots).fill(Infinity);
    const max = new Float64Array(slots).fill(-Infinity);
    for (const s of members) {
      // One value per run per slot: its mean there, so a run with more points does not weigh more.
      const runSum = new Float64Array(slots);
      const runCount = new Float64Array(slots);
      for (let i = 0; i < s.x.length; i++) {
        if (!Number.isFinite(s.y[i]) || !Number.isFinite(s.x[i])) continue;
        const k = slotOf(s.x[i]);
        runSum[k] += s.y[i];
        runCount[k]++;
      }
      for (let k = 0; k < slots; k++) {
        if (!runCount[k]) continue;
        const v = runSum[k] / runCount[k];
        sum[k] += v;
        count[k]++;
        if (v < min[k]) min[k] = v;
        if (v > max[k]) max[k] = v;
      }
    }
    const keep: number[] = [];
    for (let k = 0; k < slots; k++) if (count[k]) keep.push(k);
    const xAt = (k: number) => (grid ? grid[k] : lo + ((k + 0.5) / BINS) * (hi - lo));
    out.push({
      group,
      runs: members.length,
      x: Float64Array.from(keep, xAt),
      mean: Float64Array.from(keep, (k) => sum[k] / count[k]),
      min: Float64Array.from(keep, (k) => min[k]),
      max: Float64Array.from(keep, (k) => max[k]),
    });
  }
  return out.sort((a, b) => a.group.localeCompare(b.group, undefined, { numeric: true }));
}

/** How many points a plot this many pixels wide draws from these series: at most 4 per column. */
export function sampling(
  pointsInView: number,
  plotWidthPx: number,
): { sampled: boolean; columns: number } {
  const columns = Math.max(1, Math.round(plotWidthPx));
  return { sampled: pointsInView > 4 * columns, columns };
}
