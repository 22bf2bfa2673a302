/**
 * The axes a Figure is drawn on (figure.ts), shared by its PNG and its Plotly JSON so both show the
 * same range and ticks: at least three labelled ticks on every numeric axis (scale.ts).
 */
import type { BarTrace, Figure, LineTrace } from './figure';
import { dataAxis, fixedAxis, niceAxis, type Axis } from './scale';

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

/** An axis over the finite values of some arrays: whole-number ticks when they are all whole. */
function axisOver(values: ArrayLike<number>[], room: number): Axis {
  const [lo, hi] = extent(values) ?? [0, 1];
  return dataAxis(lo, hi, { room, integer: allIntegers(values) });
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
    : axisOver([...lines.map((t) => t.x), ...bars.map((t) => t.edges)], 0);
  if (fig.yRange) return { x, y: fixedAxis(...fig.yRange) };
  if (!bars.length)
    return {
      x,
      y: axisOver(
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
