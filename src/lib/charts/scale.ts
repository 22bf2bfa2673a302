/**
 * Round axis ticks, one algorithm for every chart: the PNG plots drawn for artifacts (figure.ts)
 * and the live SVG charts on screen (components/LineChart.svelte). Pure.
 */

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
