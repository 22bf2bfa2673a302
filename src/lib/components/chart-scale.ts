/**
 * Pure geometry for the SVG line chart: round ticks, a padded domain, a decimated path and a
 * one-sentence summary for screen readers. No DOM, so it runs under Vitest.
 */

export interface ChartSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** A step of 1, 2 or 5 × 10^n that splits [min, max] into about `count` intervals. */
export function tickStep(min: number, max: number, count = 5): number {
  const raw = Math.abs(max - min) / Math.max(1, count);
  if (!Number.isFinite(raw) || raw === 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * mag;
}

/** Round ticks inside [min, max] (both included when they fall on a tick). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  if (min > max) [min, max] = [max, min];
  const step = tickStep(min, max, count);
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let i = first; i * step <= max + step * 1e-9; i++) out.push(+(i * step).toPrecision(12));
  return out;
}

/** [min, max] widened to round ticks, and never empty, so a flat line sits mid-chart. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceDomain(min - pad, max + pad, count);
  }
  const step = tickStep(min, max, count);
  return [
    +(Math.floor(min / step + 1e-9) * step).toPrecision(12),
    +(Math.ceil(max / step - 1e-9) * step).toPrecision(12),
  ];
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 });

/** A tick label with only the decimals the step needs: 0.25, 1.5, 10k. */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1e4) return compact.format(value);
  if (Math.abs(value) < 1e-3) return value.toExponential(1);
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(Math.abs(step)) + 1e-9)));
  return value.toFixed(decimals);
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

/**
 * An SVG path through the finite points, breaking the line at non-finite values. Points that
 * land in the same pixel column collapse to their first, lowest, highest and last, so a
 * million-point history draws as fast as a short one and looks the same.
 */
export function linePath(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  const parts: string[] = [];
  let penDown = false;
  let col = NaN;
  let first = 0;
  let lo = 0;
  let hi = 0;
  let last = 0;
  const emit = (px: number, py: number) => {
    parts.push(`${penDown ? 'L' : 'M'}${round(px)},${round(py)}`);
    penDown = true;
  };
  const flush = () => {
    if (Number.isNaN(col)) return;
    emit(col, first);
    if (lo !== first) emit(col, lo);
    if (hi !== lo) emit(col, hi);
    if (last !== hi) emit(col, last);
    col = NaN;
  };
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const xv = x[i];
    const yv = y[i];
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
      flush();
      penDown = false;
      continue;
    }
    const px = Math.round(sx(xv));
    const py = sy(yv);
    if (px === col) {
      lo = Math.min(lo, py);
      hi = Math.max(hi, py);
      last = py;
      continue;
    }
    flush();
    col = px;
    first = lo = hi = last = py;
  }
  flush();
  return parts.join('');
}

const round = (v: number) => Math.round(v * 10) / 10;

const short = (v: number) => Number(v.toPrecision(4)).toString();

/** What the chart shows, in words, for its aria-label. */
export function describeChart(title: string, xLabel: string, series: ChartSeries[]): string {
  if (!series.length) return `${title}: no data to plot`;
  const parts = series.map((s) => {
    const ys: number[] = [];
    for (let i = 0; i < s.y.length; i++) if (Number.isFinite(s.y[i])) ys.push(s.y[i]);
    if (!ys.length) return `${s.name}: no finite values`;
    const range = extent([ys])!;
    return (
      `${s.name}: ${ys.length} point${ys.length === 1 ? '' : 's'}, ` +
      `first ${short(ys[0])}, last ${short(ys[ys.length - 1])}, ` +
      `min ${short(range[0])}, max ${short(range[1])}`
    );
  });
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
