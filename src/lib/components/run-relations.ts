/**
 * How the params of selected runs relate to a metric, with the study page's plots: the runs are
 * read as trials of a study (the metric as the objective, each param as a parameter whose kind is
 * inferred from its values), so the parallel coordinates, scatter (Optuna's slice) and contour are
 * the same code as the study page's; a box plot per categorical param is added here. Only params
 * whose values differ across the runs are axes: one value everywhere says nothing.
 */
import { escapePlotly } from '$lib/charts/figure';
import type { Run } from '$lib/tracking';
import type { Distribution, ParamValue } from '$lib/tuning/distributions';
import type { Direction, FrozenTrial } from '$lib/tuning/types';
import type { PlotlyFigureView } from './run-details';
import { choiceOrder, choiceText, plotParams, type PlotParam } from './study-plots';

export interface RunTrials {
  /** One per run, in the runs' order; `number` is the run's index. */
  trials: FrozenTrial[];
  /** The params that vary across the runs, as plot parameters. */
  params: PlotParam[];
  /** Params with one value in every run that has them (left out). */
  constant: string[];
  /** Runs without the metric (not plotted). */
  missing: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What a param's values say it is: numbers (log when positive over 2+ decades) or choices. */
function inferDistribution(values: string[]): Distribution {
  if (values.every((v) => NUMBER.test(v.trim()))) {
    const nums = values.map(Number);
    const low = Math.min(...nums);
    const high = Math.max(...nums);
    const log = low > 0 && high / low >= 100;
    return nums.every(Number.isInteger)
      ? { type: 'int', low, high, log, step: 1 }
      : { type: 'float', low, high, log, step: null };
  }
  return { type: 'categorical', choices: [...new Set(values)] };
}

/** The runs as trials of a study whose objective is `metric` (its latest value). */
export function runsAsTrials(runs: readonly Run[], metric: string): RunTrials {
  const byKey = new Map<string, string[]>();
  for (const run of runs)
    for (const p of run.data.params) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.value]);
  const varying = new Map<string, Distribution>();
  const constant: string[] = [];
  for (const [key, values] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
    if (new Set(values).size > 1) varying.set(key, inferDistribution(values));
    else constant.push(key);
  }
  let missing = 0;
  const trials = runs.map((run, number): FrozenTrial => {
    const value = run.data.metrics.find((m) => m.key === metric)?.value;
    if (value === undefined || !Number.isFinite(value)) missing++;
    // No prototype: a param may be named "__proto__" or "constructor" and must stay a param.
    const params: Record<string, ParamValue> = Object.create(null);
    const distributions: Record<string, Distribution> = Object.create(null);
    for (const p of run.data.params) {
      const d = varying.get(p.key);
      if (!d) continue;
      params[p.key] = d.type === 'categorical' ? p.value : Number(p.value);
      distributions[p.key] = d;
    }
    return {
      number,
      state: 'COMPLETE',
      value: value ?? null,
      params,
      distributions,
      intermediateValues: new Map(),
      userAttrs: {},
      systemAttrs: {},
      datetimeStart: run.info.start_time,
      datetimeComplete: run.info.end_time ?? null,
    };
  });
  return { trials, params: plotParams(trials), constant, missing };
}

/** Whether lower values of a metric are better, as the diff table reads it, as a direction. */
export const directionOf = (lowerIsBetter: boolean): Direction =>
  lowerIsBetter ? 'minimize' : 'maximize';

/** The metric's spread per value of a categorical param: one box per choice, with the runs. */
export function boxFigure(
  trials: readonly FrozenTrial[],
  param: PlotParam,
  metric: string,
  nameOf: (t: FrozenTrial) => string,
): PlotlyFigureView | undefined {
  const done = trials.filter(
    (t) => t.value !== null && Number.isFinite(t.value) && Object.hasOwn(t.params, param.name),
  );
  if (!done.length) return undefined;
  const order = choiceOrder(done.map((t) => t.params[param.name]));
  return {
    data: order.map((choice) => {
      const members = done.filter((t) => t.params[param.name] === choice);
      return {
        type: 'box',
        name: escapePlotly(choiceText(choice)),
        y: members.map((t) => t.value),
        text: members.map((t) => escapePlotly(nameOf(t))),
        boxpoints: 'all',
        jitter: 0.4,
        pointpos: 0,
        hovertemplate: '%{text}: %{y}<extra></extra>',
      };
    }),
    layout: {
      title: { text: `${escapePlotly(metric)} by ${escapePlotly(param.name)}` },
      xaxis: { title: { text: escapePlotly(param.name) }, type: 'category' },
      yaxis: { title: { text: escapePlotly(metric) } },
      showlegend: false,
    },
  };
}
