/**
 * Pure geometry for the SVG line chart: a decimated path, the legend's layout and a one-sentence
 * summary for screen readers (its round ticks and domain are charts/scale.ts, shared with the PNG
 * plots), and the room its tick labels need. No DOM, so it runs under Vitest.
 */
import type { Axis } from '$lib/charts/scale';
import { tracePath } from '$lib/charts/trace';

export interface ChartSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Points the line stands for when drawn from fewer (a history's stored extremes). */
  points?: number;
}

/** The extent of the finite values in some arrays; undefined when there are none. */
export function extent(arrays: ArrayLike<number>[]): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : undefined;
}

/** Finite y values with their x, for the extent of the points that are drawn. */
export function finiteXs(series: ChartSeries): number[] {
  const out: number[] = [];
  for (let i = 0; i < series.x.length; i++) {
    if (Number.isFinite(series.y[i]) && Number.isFinite(series.x[i])) out.push(series.x[i]);
  }
  return out;
}

/** Whether every value is an integer (steps), so an axis over them ticks at integers only. */
export function allIntegers(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isInteger(values[i])) return false;
  return true;
}

/** A log10 axis's tick label: 10^t as a short number (0.001, 0.5, 20, 3e+5). */
export function powerLabel(t: number): string {
  const v = 10 ** t;
  return v >= 1e-3 && v < 1e5 ? String(Number(v.toPrecision(2))) : v.toExponential(0);
}

/** The extent of the x of finite points across series, without building arrays of them. */
export function xExtent(series: readonly ChartSeries[]): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i];
      if (!Number.isFinite(x) || !Number.isFinite(s.y[i])) continue;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  return min <= max ? [min, max] : undefined;
}

/** The extent of y over the points whose x is in [lo, hi] (all points without a range). */
export function yExtentIn(
  arrays: readonly { x: ArrayLike<number>; y: ArrayLike<number> }[],
  range?: [number, number],
): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  // Plain numbers: the range may be a reactive proxy, read once a point otherwise.
  const [lo, hi] = range ?? [-Infinity, Infinity];
  for (const { x, y } of arrays) {
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      if (!Number.isFinite(v)) continue;
      if (range && !(x[i] >= lo && x[i] <= hi)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : undefined;
}

/** An SVG path through the finite points (see tracePath). */
export function linePath(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  const parts: string[] = [];
  tracePath(x, y, sx, sy, (px, py, penDown) =>
    parts.push(`${penDown ? 'L' : 'M'}${round(px)},${round(py)}`),
  );
  return parts.join('');
}

/** An SVG area between a band's lo and hi (a group's min–max), skipping points without both. */
export function bandPath(
  x: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  const top: string[] = [];
  const bottom: string[] = [];
  for (let k = 0; k < x.length; k++) {
    if (!Number.isFinite(lo[k]) || !Number.isFinite(hi[k])) continue;
    const px = sx(x[k]).toFixed(1);
    top.push(`${px},${sy(hi[k]).toFixed(1)}`);
    bottom.push(`${px},${sy(lo[k]).toFixed(1)}`);
  }
  return top.length ? `M${top.join('L')}L${bottom.reverse().join('L')}Z` : '';
}

const round = (v: number) => Math.round(v * 10) / 10;

const short = (v: number) => Number(v.toPrecision(4)).toString();

/**
 * What the chart shows, in words, for its aria-label: each series' count, first, last, min and
 * max; past `listUpTo` series, those first ones and then the rest together, so 500 lines make a
 * label a person can listen to.
 */
export function describeChart(
  title: string,
  xLabel: string,
  series: ChartSeries[],
  listUpTo = Infinity,
): string {
  if (!series.length) return `${title}: no data to plot`;
  const summary = (list: ChartSeries[]) => {
    let n = 0;
    let first = NaN;
    let last = NaN;
    let min = Infinity;
    let max = -Infinity;
    for (const s of list) {
      let finite = 0;
      for (let i = 0; i < s.y.length; i++) {
        const v = s.y[i];
        if (!Number.isFinite(v)) continue;
        if (Number.isNaN(first)) first = v;
        last = v;
        finite++;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      // A line drawn from its stored extremes (which keep its first and last point) counts the
      // points it stands for.
      n += finite && s.points !== undefined ? s.points : finite;
    }
    return { n, first, last, min, max };
  };
  const points = (n: number) => `${n} point${n === 1 ? '' : 's'}`;
  const parts = series.slice(0, listUpTo).map((s) => {
    const { n, first, last, min, max } = summary([s]);
    if (!n) return `${s.name}: no finite values`;
    return (
      `${s.name}: ${points(n)}, ` +
      `first ${short(first)}, last ${short(last)}, ` +
      `min ${short(min)}, max ${short(max)}`
    );
  });
  const rest = series.slice(listUpTo);
  if (rest.length) {
    const { n, min, max } = summary(rest);
    parts.push(
      `and ${rest.length} more line${rest.length === 1 ? '' : 's'}: ` +
        (n ? `${points(n)}, min ${short(min)}, max ${short(max)}` : 'no finite values'),
    );
  }
  return `${title}, line chart by ${xLabel}. ${parts.join('; ')}.`;
}

export const SERIES_COLORS = [
  '#1f5fc4',
  '#d1495b',
  '#1a7f37',
  '#b7791f',
  '#7c3aed',
  '#0e7490',
  '#be185d',
  '#4b5563',
];

/** Legend entries laid out left to right, wrapping to a new line when `width` is full. */
export function legendLayout(
  names: string[],
  width: number,
  charWidth = 7,
  swatch = 22,
  gap = 16,
): { x: number; row: number }[] {
  const out: { x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const name of names) {
    const w = swatch + name.length * charWidth;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    out.push({ x, row });
    x += w + gap;
  }
  return out;
}

/**
 * The width of a tick label at `fontPx`, erring wide: a digit is 0.636em in DejaVu Sans (the
 * widest of the usual UI fonts; Helvetica's is 0.556em), a point or comma half that. Margins and
 * tick spacing are sized by it, so a long label (123.456789025B) never runs past the plot's
 * margin into the metric list or the next chart.
 */
export function labelWidth(label: string, fontPx = 11): number {
  let em = 0;
  for (const c of label) em += c === '.' || c === ',' ? 0.33 : c === '-' ? 0.42 : 0.66;
  return em * fontPx;
}

/**
 * The axis with the most ticks (about `count` intervals at most) whose labels, laid side by side
 * along `room` pixels, keep `gap` pixels apart: long labels (1.700000005T) get fewer ticks rather
 * than overlapping. `make` builds the axis for a count; it always has three ticks or more.
 */
export function spacedAxis(make: (count: number) => Axis, room: number, count: number, gap = 10) {
  for (let n = Math.max(1, Math.floor(count)); ; n--) {
    const axis = make(n);
    if (n === 1) return axis;
    const widest = Math.max(0, ...axis.labels.map((l) => labelWidth(l)));
    // Halved first, so a ±1e308 domain does not overflow.
    const span = axis.domain[1] / 2 - axis.domain[0] / 2;
    const spacing = (room * (axis.step / 2)) / span;
    if (spacing >= widest + gap) return axis;
  }
}
