/**
 * The axes a Figure is drawn on (figure.ts), shared by its PNG and its Plotly JSON so both show the
 * same range and ticks: at least three labelled ticks on every numeric axis (scale.ts).
 */
import type { BarTrace, Figure, LineTrace } from './figure';
import { fixedAxis, niceAxis, type Axis } from './scale';

/** The extent of the finite values; undefined when there is none. */
function extent(values: ArrayLike<number>[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of values)
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return lo <= hi ? [lo, hi] : undefined;
}

function allIntegers(values: ArrayLike<number>[]): boolean {
  return values.every((a) => Array.prototype.every.call(a, (v: number) => Number.isInteger(v)));
}

/**
 * An axis over data: whole numbers (epochs) on a whole-number axis, anything else over its extent
 * with `room` on each side (a fraction of the extent) so no line runs along the frame.
 */
function dataAxis(values: ArrayLike<number>[], room: number): Axis {
  const range = extent(values);
  if (!range) return niceAxis(0, 1);
  if (allIntegers(values)) return niceAxis(range[0], range[1], { integer: true });
  // Halved first, so a ±1e308 extent does not overflow.
  const pad = (range[1] / 2 - range[0] / 2) * 2 * room;
  const clamp = (v: number) => Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, v));
  return fixedAxis(clamp(range[0] - pad), clamp(range[1] + pad));
}

/**
 * The axes a figure is drawn on, the same for the PNG and the Plotly JSON: a fixed range as given,
 * else the data's (bars stand on zero with room above); each with at least three labelled ticks.
 */
export function figureAxes(fig: Figure): { x: Axis; y: Axis } {
  const lines = fig.traces.filter((t): t is LineTrace => t.type === 'line');
  const bars = fig.traces.filter((t): t is BarTrace => t.type === 'bar');
  const x = fig.xRange
    ? fixedAxis(...fig.xRange)
    : dataAxis([...lines.map((t) => t.x), ...bars.map((t) => t.edges)], 0);
  if (fig.yRange) return { x, y: fixedAxis(...fig.yRange) };
  if (!bars.length)
    return {
      x,
      y: dataAxis(
        lines.map((t) => t.y),
        0.05,
      ),
    };
  const ys = [...bars.map((t) => t.y), ...lines.map((t) => t.y)];
  const [lo, hi] = extent(ys) ?? [0, 1];
  const y = niceAxis(Math.min(0, lo), Math.max(hi * 1.05, 1), { integer: allIntegers(ys) });
  return { x, y };
}

/** A numeric Plotly axis drawn exactly as the PNG's: its range and its labelled ticks. */
export function plotlyAxis(axis: Axis) {
  return { range: axis.domain, tickmode: 'array', tickvals: axis.ticks, ticktext: axis.labels };
}
