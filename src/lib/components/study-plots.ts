/**
 * The Study view's Plotly figures, from a study's completed trials, after optuna-dashboard's
 * (and optuna.visualization's): a slice plot of one parameter against the objective and a
 * contour of the objective over two parameters (the parallel coordinates are parallel-coords.ts,
 * drawn without Plotly). Log-scale parameters get log axes, choices categorical ones. Every name
 * and choice is escaped where Plotly reads HTML (titles, axis and hover labels; a study made on
 * the console names its parameters freely).
 */
import { escapePlotly } from '$lib/charts/figure';
import type { Distribution, ParamValue } from '$lib/tuning/distributions';
import type { Direction, FrozenTrial } from '$lib/tuning/types';
import type { PlotlyFigureView } from './run-details';

/**
 * optuna.visualization's colour scale (ColorBrewer's Blues, light to dark; Plotly's own "Blues"
 * runs the other way), reversed when minimising, so the best values are the darkest.
 */
export const BLUES: readonly (readonly [number, number, number])[] = [
  [247, 251, 255],
  [222, 235, 247],
  [198, 219, 239],
  [158, 202, 225],
  [107, 174, 214],
  [66, 146, 198],
  [33, 113, 181],
  [8, 81, 156],
  [8, 48, 107],
];
const COLOR_SCALE = BLUES.map((c, i) => [i / (BLUES.length - 1), `rgb(${c.join(',')})`]);
/** Space left beyond the outermost trials on a contour's axes, as Optuna's PADDING_RATIO. */
const PADDING = 0.05;
/** A contour axis with more distinct values than this is gridded (each trial to the nearest). */
const MAX_CONTOUR_POINTS = 100;

export interface PlotParam {
  name: string;
  kind: 'number' | 'choice';
  log: boolean;
  /** Whole numbers only (ticks at whole numbers). */
  int: boolean;
  /** Completed trials that sampled it. */
  count: number;
}

/** Completed trials with a finite value: the ones every plot draws. */
export function plottedTrials(trials: readonly FrozenTrial[]): FrozenTrial[] {
  return trials.filter(
    (t) => t.state === 'COMPLETE' && t.value !== null && Number.isFinite(t.value),
  );
}

function kindOf(d: Distribution): Pick<PlotParam, 'kind' | 'log' | 'int'> {
  return d.type === 'categorical'
    ? { kind: 'choice', log: false, int: false }
    : { kind: 'number', log: d.log, int: d.type === 'int' };
}

/** Ticks at each whole number when an int parameter spans ten or fewer (else Plotly's own). */
function wholeTicks(p: PlotParam, values: ParamValue[]): number[] | undefined {
  if (!p.int || p.log) return undefined;
  const nums = values as number[];
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  return hi - lo <= 10 ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) : undefined;
}

/** The parameters of the completed trials, in first-seen order. */
export function plotParams(trials: readonly FrozenTrial[]): PlotParam[] {
  const found = new Map<string, PlotParam>();
  for (const t of plottedTrials(trials)) {
    for (const [name, d] of Object.entries(t.distributions)) {
      const p = found.get(name);
      if (p) p.count++;
      else found.set(name, { name, ...kindOf(d), count: 1 });
    }
  }
  return [...found.values()];
}

/** A choice as text (None for null, as Optuna writes it). */
export const choiceText = (v: ParamValue) => (v === null ? 'None' : String(v));
/** A choice as a cartesian axis or hover label, which Plotly reads as HTML. */
const label = (v: ParamValue) => escapePlotly(choiceText(v));

/** A choice parameter's values in order: numbers ascending, other choices as first seen. */
export function choiceOrder(values: ParamValue[]): ParamValue[] {
  const unique = [...new Set(values)];
  return unique.every((v) => typeof v === 'number')
    ? (unique as number[]).sort((a, b) => a - b)
    : unique;
}

function objectiveTitle(metric: string, direction: Direction) {
  return `${escapePlotly(metric)} (${direction === 'minimize' ? 'lower' : 'higher'} is better)`;
}

function axisFor(p: PlotParam, title: string, values?: ParamValue[]) {
  if (p.kind === 'choice') {
    return {
      title: { text: title },
      type: 'category',
      categoryorder: 'array',
      categoryarray: choiceOrder(values ?? []).map(label),
    };
  }
  if (p.log) return { title: { text: title }, type: 'log', exponentformat: 'power' };
  const ticks = values && wholeTicks(p, values);
  return { title: { text: title }, type: 'linear', ...(ticks && { tickvals: ticks }) };
}

/** The objective against one parameter, each trial coloured by its number (Optuna's slice plot). */
/** How a point is named on hover: a study's trials by number; runs by name (nameOf). */
const trialName = (t: FrozenTrial) => `Trial ${t.number}`;

export function sliceFigure(
  trials: readonly FrozenTrial[],
  param: PlotParam,
  direction: Direction,
  metric: string,
  nameOf: (t: FrozenTrial) => string = trialName,
  colorBy: { title: string; of: (t: FrozenTrial) => number; reverse?: boolean } = {
    title: 'Trial',
    of: (t) => t.number,
  },
): PlotlyFigureView | undefined {
  const done = plottedTrials(trials).filter((t) => Object.hasOwn(t.params, param.name));
  if (!done.length) return undefined;
  const xs = done.map((t) => t.params[param.name]);
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        x: param.kind === 'choice' ? xs.map(label) : xs,
        y: done.map((t) => t.value),
        text: done.map((t) => escapePlotly(nameOf(t))),
        hovertemplate: '%{text}<br>%{x}: %{y}<extra></extra>',
        marker: {
          color: done.map(colorBy.of),
          colorscale: COLOR_SCALE,
          reversescale: colorBy.reverse ?? false,
          line: { width: 0.5, color: 'grey' },
          size: 8,
          colorbar: { title: { text: escapePlotly(colorBy.title) } },
        },
        showlegend: false,
      },
    ],
    layout: {
      title: { text: `${objectiveTitle(metric, direction)} by ${escapePlotly(param.name)}` },
      xaxis: axisFor(param, escapePlotly(param.name), xs),
      yaxis: { title: { text: escapePlotly(metric) } },
    },
  };
}

/**
 * One axis of a contour: the grid's coordinates (each distinct value of the trials, with a
 * padded end either side, as Optuna's; at most MAX_CONTOUR_POINTS, else an even grid) and, for
 * each trial, its grid index.
 */
function contourAxis(p: PlotParam, values: ParamValue[]) {
  if (p.kind === 'choice') {
    const order = choiceOrder(values).map(label);
    return {
      grid: order as (string | number)[],
      index: values.map((v) => order.indexOf(label(v))),
    };
  }
  const nums = values as number[];
  const to = p.log ? Math.log10 : (x: number) => x;
  const from = p.log ? (x: number) => 10 ** x : (x: number) => x;
  const lo = Math.min(...nums.map(to));
  const hi = Math.max(...nums.map(to));
  const pad = (hi - lo) * PADDING;
  const distinct = [...new Set(nums)].sort((a, b) => a - b);
  if (distinct.length <= MAX_CONTOUR_POINTS) {
    const grid = [from(lo - pad), ...distinct, from(hi + pad)];
    return { grid, index: nums.map((v) => distinct.indexOf(v) + 1) };
  }
  const n = MAX_CONTOUR_POINTS;
  const start = lo - pad;
  const width = (hi + pad - start) / (n - 1);
  const grid = Array.from({ length: n }, (_, i) => from(start + i * width));
  return { grid, index: nums.map((v) => Math.round((to(v) - start) / width)) };
}

/**
 * The objective over two parameters: each trial's value at its grid cell (the best one where
 * trials share a cell), the gaps filled by Plotly's interpolation, the trials drawn on top.
 */
export function contourFigure(
  trials: readonly FrozenTrial[],
  x: PlotParam,
  y: PlotParam,
  direction: Direction,
  metric: string,
  nameOf: (t: FrozenTrial) => string = trialName,
): PlotlyFigureView | undefined {
  const done = plottedTrials(trials).filter(
    (t) => Object.hasOwn(t.params, x.name) && Object.hasOwn(t.params, y.name),
  );
  if (x.name === y.name || done.length < 2) return undefined;
  const xv = done.map((t) => t.params[x.name]);
  const yv = done.map((t) => t.params[y.name]);
  const xa = contourAxis(x, xv);
  const ya = contourAxis(y, yv);
  if (xa.grid.length < 2 || ya.grid.length < 2) return undefined;
  const z: (number | null)[][] = ya.grid.map(() => xa.grid.map(() => null));
  done.forEach((t, i) => {
    const row = z[ya.index[i]];
    const old = row[xa.index[i]];
    const v = t.value!;
    if (old === null || (direction === 'minimize' ? v < old : v > old)) row[xa.index[i]] = v;
  });
  return {
    data: [
      {
        type: 'contour',
        x: xa.grid,
        y: ya.grid,
        z,
        connectgaps: true,
        colorscale: COLOR_SCALE,
        reversescale: direction === 'minimize',
        contours: { coloring: 'heatmap' },
        line: { smoothing: 1.3 },
        hoverinfo: 'none',
        colorbar: { title: { text: escapePlotly(metric) } },
      },
      {
        type: 'scatter',
        mode: 'markers',
        x: x.kind === 'choice' ? xv.map(label) : xv,
        y: y.kind === 'choice' ? yv.map(label) : yv,
        text: done.map((t) => `${escapePlotly(nameOf(t))}: ${t.value}`),
        hoverinfo: 'text',
        marker: { color: 'black', size: 6, line: { width: 1.5, color: 'grey' } },
        showlegend: false,
      },
    ],
    layout: {
      title: { text: `${objectiveTitle(metric, direction)} over two parameters` },
      xaxis: axisFor(x, escapePlotly(x.name), xv),
      yaxis: axisFor(y, escapePlotly(y.name), yv),
    },
  };
}
