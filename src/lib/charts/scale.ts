/**
 * Axes with round ticks, one algorithm for every chart: the PNG plots drawn for artifacts and their
 * Plotly JSON (figure.ts) and the live SVG charts on screen (components/LineChart.svelte). Pure.
 *
 * Every axis has at least three labelled ticks, whatever the data: a flat metric (0.7 → 0.7) is
 * given room around it, a tiny range (0.7001–0.7003) gets a step small enough, a huge one
 * (±1e308) stays finite, and labels carry the decimals the step needs, so no two read the same.
 */

export interface Axis {
  /** The range the axis covers: the data's, widened to round ticks (or the fixed range asked). */
  domain: [number, number];
  /** At least three, inside the domain, ascending. */
  ticks: number[];
  /** One per tick, all distinct. */
  labels: string[];
  step: number;
}

/** A round step, m × 10^e with m 1, 2 or 5, kept apart so ticks are computed without drift. */
interface Step {
  m: 1 | 2 | 5;
  e: number;
}

const MIN_TICKS = 3;
const stepValue = ({ m, e }: Step) => (e >= 0 ? m * 10 ** e : m / 10 ** -e);

/** The largest step a double holds: 1e308 (2e308 is Infinity). */
const LARGEST: Step = { m: 1, e: 308 };

/** The smallest round step ≥ raw. */
function stepAtLeast(raw: number): Step {
  if (!(raw < 1e308)) return LARGEST;
  const e = Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5] as const) if (stepValue({ m, e }) >= raw * (1 - 1e-9)) return { m, e };
  return e + 1 > 308 ? LARGEST : { m: 1, e: e + 1 };
}

/** The next round step down: 5 → 2 → 1 → 0.5. */
function smaller({ m, e }: Step): Step {
  return m === 5 ? { m: 2, e } : m === 2 ? { m: 1, e } : { m: 5, e: e - 1 };
}

/**
 * The i-th multiple of a step, as the double nearest the decimal value (0.3, not
 * 0.30000000000000004), and never -0.
 */
const multipleAt = (i: number, { m, e }: Step) =>
  (e >= 0 ? i * m * 10 ** e : (i * m) / 10 ** -e) + 0;

/** Indices of the first and last multiples of a step inside [lo, hi], checked exactly. */
function inside(lo: number, hi: number, step: Step): [number, number] {
  const s = stepValue(step);
  let first = Math.ceil(lo / s);
  while (multipleAt(first, step) < lo) first++;
  while (multipleAt(first - 1, step) >= lo) first--;
  let last = Math.floor(hi / s);
  while (multipleAt(last, step) > hi) last--;
  while (multipleAt(last + 1, step) <= hi) last++;
  return [first, last];
}

/** Indices of the multiples of a step just covering [lo, hi]: the nearest at or beyond each end. */
function covering(lo: number, hi: number, step: Step): [number, number] {
  const s = stepValue(step);
  let first = Math.floor(lo / s);
  while (multipleAt(first, step) > lo) first--;
  while (multipleAt(first + 1, step) <= lo) first++;
  let last = Math.ceil(hi / s);
  while (multipleAt(last, step) < hi) last++;
  while (multipleAt(last - 1, step) >= hi) last--;
  return [first, last];
}

const clampFinite = (v: number) => Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, v));

/** The finite multiples from index first to last. */
function ticksOf([first, last]: [number, number], step: Step): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) {
    const t = multipleAt(i, step);
    if (Number.isFinite(t)) out.push(t);
  }
  return out;
}

function axisOf(domain: [number, number], ticks: number[], step: Step): Axis {
  const size = stepValue(step);
  return { domain, ticks, labels: tickLabels(ticks, size), step: size };
}

/**
 * A range with too little spread to tick (one value, or a spread below what a double can split
 * into distinct round ticks) is widened by 10% of its size each way (±1 around zero).
 */
function spread(min: number, max: number): [number, number] {
  const size = Math.max(Math.abs(min), Math.abs(max));
  if (max - min > size * 1e-12 && max - min > 1e-290) return [min, max];
  const center = min / 2 + max / 2;
  const pad = Math.abs(center) * 0.1 > 1e-290 ? Math.abs(center) * 0.1 : 1;
  return [clampFinite(center - pad), clampFinite(center + pad)];
}

/** The ascending, finite ends of a range; [0, 1] when there is no finite value to show. */
function ordered(min: number, max: number): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  return min <= max ? [min, max] : [max, min];
}

export interface AxisOptions {
  /** About how many intervals the axis is split into (more ticks where there is room). */
  count?: number;
  /** Whole-number ticks only (epochs, steps, counts). */
  integer?: boolean;
}

/**
 * The axis for data spanning [min, max]: the range widened to round ticks about `count` intervals
 * apart, with at least three ticks. `integer` keeps the step a whole number (epochs, counts),
 * widening the domain rather than ticking at 0.5.
 */
export function niceAxis(min: number, max: number, options: AxisOptions = {}): Axis {
  const count = Math.max(1, options.count ?? 5);
  const [lo, hi] = spread(...ordered(min, max));
  // Divided before subtracting, so ±1e308 does not overflow (stepAtLeast caps what does).
  let step = stepAtLeast(hi / count - lo / count);
  if (options.integer && stepValue(step) < 1) step = { m: 1, e: 0 };
  for (;;) {
    const [first, covered] = covering(lo, hi, step);
    const wholeOnes = options.integer && step.e === 0 && step.m === 1;
    // A whole-number axis over one or two values: whole steps above, never a tick at 0.5.
    const last = wholeOnes ? Math.max(covered, first + MIN_TICKS - 1) : covered;
    const ticks = ticksOf([first, last], step);
    if (ticks.length >= MIN_TICKS) {
      const ends = [multipleAt(first, step), multipleAt(last, step)].map(clampFinite);
      return axisOf(ends as [number, number], ticks, step);
    }
    step = smaller(step);
  }
}

/**
 * Round ticks inside a fixed range (ROC's [0, 1], or data drawn edge to edge), at least three: the
 * step shrinks until they fit. A range too narrow to tick — or, on a whole-number axis, one under
 * two wide — is widened as niceAxis does.
 */
export function fixedAxis(min: number, max: number, options: AxisOptions = {}): Axis {
  const count = Math.max(1, options.count ?? 5);
  const [lo, hi] = ordered(min, max);
  const [slo, shi] = spread(lo, hi);
  if (slo !== lo || shi !== hi || (options.integer && hi - lo < MIN_TICKS - 1)) {
    return niceAxis(lo, hi, options);
  }
  let step = stepAtLeast(hi / count - lo / count);
  if (options.integer && stepValue(step) < 1) step = { m: 1, e: 0 };
  for (;;) {
    const ticks = ticksOf(inside(lo, hi, step), step);
    if (ticks.length >= MIN_TICKS) return axisOf([lo, hi], ticks, step);
    // Too few whole numbers inside: widen to whole ends rather than tick at 0.5.
    if (options.integer && step.e === 0 && step.m === 1) return niceAxis(lo, hi, options);
    step = smaller(step);
  }
}

/**
 * An axis over data as it lies: its extent, plus `room` (a fraction of the extent) on each side so
 * no line runs along the frame, with round ticks inside (fixedAxis).
 */
export function dataAxis(
  min: number,
  max: number,
  options: AxisOptions & { room?: number } = {},
): Axis {
  const [lo, hi] = ordered(min, max);
  // Halved first, so a ±1e308 extent does not overflow.
  const pad = (hi / 2 - lo / 2) * 2 * (options.room ?? 0);
  return fixedAxis(clampFinite(lo - pad), clampFinite(hi + pad), options);
}

const UNITS = [
  { size: 1e12, suffix: 'T' },
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'K' },
];

/** Decimals that write every multiple of `step` exactly (step is 1, 2 or 5 × 10^n). */
const decimalsFor = (step: number) => Math.max(0, -Math.floor(Math.log10(step) + 1e-9));

/** Significant digits past the first that multiples of `step` near `size` need. */
const digitsFor = (size: number, step: number) =>
  Math.max(0, Math.floor(Math.log10(size) + 1e-9) - Math.floor(Math.log10(step) + 1e-9));

function label(value: number, step: number, maxAbs: number): string {
  if (value === 0) return '0';
  if (maxAbs >= 1e15 || maxAbs < 1e-3) {
    return value.toExponential(Math.min(20, digitsFor(Math.abs(value), step))).replace('e+', 'e');
  }
  if (maxAbs >= 1e4) {
    const unit = UNITS.find((u) => maxAbs >= u.size)!;
    return `${(value / unit.size).toFixed(decimalsFor(step / unit.size))}${unit.suffix}`;
  }
  return value.toFixed(Math.min(100, decimalsFor(step)));
}

/**
 * Labels for ticks `step` apart, each with the decimals the step needs: 0.25, 1.5, 20K, 1.0005M,
 * 2e-4. Distinct by construction; should rounding ever make two equal, every label is written in
 * full instead.
 */
export function tickLabels(ticks: readonly number[], step: number): string[] {
  const maxAbs = Math.max(0, ...ticks.map(Math.abs));
  const labels = ticks.map((t) => label(t, step, maxAbs));
  return new Set(labels).size === labels.length ? labels : ticks.map((t) => String(t));
}
