/**
 * The study page's parallel coordinates as data for a plain SVG + canvas chart (Parallel
 * Coordinates.svelte): an axis per parameter every completed trial has, the objective last and
 * the colour of each line, best darkest, as optuna.visualization draws them. Log parameters are
 * placed by their exponent with the powers of ten as ticks, choices evenly in their order.
 * Pure, so it runs under Vitest; names stay as given (Svelte writes them as text).
 */
import { fixedAxis } from '$lib/charts/scale';
import type { ParamValue } from '$lib/tuning/distributions';
import type { Direction, FrozenTrial } from '$lib/tuning/types';
import { BLUES, choiceOrder, choiceText, plotParams, plottedTrials } from './study-plots';

export interface ParallelTick {
  /** Place on the axis: 0 at the bottom, 1 at the top. */
  at: number;
  label: string;
}

export interface ParallelAxis {
  name: string;
  /** What is written above the axis: the name, with "(log)" for a log parameter. */
  title: string;
  /** Each trial's place on this axis, 0 (bottom) to 1 (top). */
  at: number[];
  ticks: ParallelTick[];
  /** The values between two places (ends included), in words: "0.001–0.01", "relu, tanh". */
  between(lo: number, hi: number): string;
}

export interface ParallelModel {
  /** The parameters', then the objective's. */
  axes: ParallelAxis[];
  /** The trials drawn, by number, in the order of every axis' `at`. */
  trials: number[];
  /** What pointing at a line names it (runs by name); "Trial n" when absent. */
  names?: string[];
  values: number[];
  /** Each trial's shade: 0 for the worst value, 1 for the best. */
  shade: number[];
  /** Parameters some completed trials lack, so left out (a line needs a place on every axis). */
  left: string[];
}

const sig = (x: number) => String(Number(x.toPrecision(3)));

/** A numeric axis as the data lies, with round ticks inside (whole ones for whole numbers). */
function linearAxis(name: string, values: number[], int: boolean): ParallelAxis {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo === hi) {
    // One value: in the middle, ticked with itself.
    return {
      name,
      title: name,
      at: values.map(() => 0.5),
      ticks: [{ at: 0.5, label: sig(lo) }],
      between: () => sig(lo),
    };
  }
  const axis = fixedAxis(lo, hi, { integer: int, count: 4 });
  const [d0, d1] = axis.domain;
  const place = (v: number) => (v - d0) / (d1 - d0);
  const value = (at: number) => d0 + at * (d1 - d0);
  return {
    name,
    title: name,
    at: values.map(place),
    ticks: axis.ticks.map((t, i) => ({ at: place(t), label: axis.labels[i] })),
    between: (a, b) => `${sig(value(a))}–${sig(value(b))}`,
  };
}

/** A log axis over the exponents, ticked at the powers of ten (and its ends when it holds < 2). */
function logAxis(name: string, values: number[]): ParallelAxis {
  const logs = values.map(Math.log10);
  let lo = Math.min(...logs);
  let hi = Math.max(...logs);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const powers: number[] = [];
  for (let p = Math.ceil(lo); p <= Math.floor(hi); p++) powers.push(p);
  const ticks =
    powers.length >= 2 ? powers : [lo, ...powers.filter((p) => p !== lo && p !== hi), hi];
  const place = (x: number) => (x - lo) / (hi - lo);
  const value = (at: number) => 10 ** (lo + at * (hi - lo));
  return {
    name,
    title: `${name} (log)`,
    at: logs.map(place),
    ticks: ticks.map((x) => ({ at: place(x), label: sig(10 ** x) })),
    between: (a, b) => `${sig(value(a))}–${sig(value(b))}`,
  };
}

/** Choices evenly spaced in their order (numbers ascending, others as first seen). */
function choiceAxis(name: string, values: ParamValue[]): ParallelAxis {
  const order = choiceOrder(values);
  const place = (i: number) => (order.length === 1 ? 0.5 : i / (order.length - 1));
  const index = new Map(order.map((v, i) => [v, i]));
  return {
    name,
    title: name,
    at: values.map((v) => place(index.get(v)!)),
    ticks: order.map((v, i) => ({ at: place(i), label: choiceText(v) })),
    between: (a, b) =>
      order
        .filter((_, i) => place(i) >= a && place(i) <= b)
        .map(choiceText)
        .join(', ') || 'none',
  };
}

/** The chart's data from a study's trials; undefined until two trials have completed. */
export function parallelModel(
  trials: readonly FrozenTrial[],
  direction: Direction,
  metric: string,
): ParallelModel | undefined {
  const done = plottedTrials(trials);
  if (done.length < 2) return undefined;
  const params = plotParams(done);
  const shared = params.filter((p) => p.count === done.length);
  const axes = shared.map((p) => {
    const values = done.map((t) => t.params[p.name]);
    if (p.kind === 'choice') return choiceAxis(p.name, values);
    return p.log
      ? logAxis(p.name, values as number[])
      : linearAxis(p.name, values as number[], p.int);
  });
  const values = done.map((t) => t.value!);
  axes.push(linearAxis(metric, values, false));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const shade = values.map((v) => {
    if (hi === lo) return 1;
    const up = (v - lo) / (hi - lo);
    return direction === 'minimize' ? 1 - up : up;
  });
  return {
    axes,
    trials: done.map((t) => t.number),
    values,
    shade,
    left: params.filter((p) => p.count < done.length).map((p) => p.name),
  };
}

/** The colour of a shade (0 worst, light; 1 best, dark) on the study plots' blue scale. */
export function shadeColor(shade: number): string {
  const x = Math.min(1, Math.max(0, shade)) * (BLUES.length - 1);
  const i = Math.min(BLUES.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [BLUES[i], BLUES[i + 1]];
  const mix = (k: number) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

/**
 * The trials inside every brushed range (by axis index, [lo, hi] in places): true for each
 * trial that passes all, so a chart greys out the rest.
 */
export function brushed(model: ParallelModel, brushes: ReadonlyMap<number, [number, number]>) {
  return model.trials.map((_, t) => {
    for (const [axis, [lo, hi]] of brushes) {
      const at = model.axes[axis]?.at[t];
      if (at === undefined || at < lo || at > hi) return false;
    }
    return true;
  });
}
