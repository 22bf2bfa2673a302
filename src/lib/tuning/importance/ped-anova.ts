/**
 * PED-ANOVA parameter importance (Watanabe et al., IJCAI 2023; Optuna's
 * PedAnovaImportanceEvaluator, the default in Optuna 5): how much the distribution of a parameter
 * among the best trials (the top `targetQuantile`) differs from its distribution among all of them,
 * as the Pearson divergence of two Parzen estimators on a grid of at most 50 points (Scott's
 * bandwidth), times the squared quantile. Computed per parameter, in linear time; a parameter whose
 * good values are spread like all of its values scores 0.
 */
import { isSingle, toInternal, type Distribution } from '../distributions';
import { logGaussMass } from '../samplers/tpe/truncnorm';
import { intersectionSpace } from '../samplers/tpe/sampler';
import type { Direction, FrozenTrial } from '../types';

export interface PedAnovaOptions {
  /** The share of trials that count as good (Optuna's default 0.1). */
  targetQuantile?: number;
  /** The share of trials the importance is local to (default 1: all of them). */
  regionQuantile?: number;
  /** Compare with the trials' own spread (true) or with the whole search space (false). */
  evaluateOnLocal?: boolean;
}

const N_STEPS = 50;
const PRIOR_WEIGHT = 1;
const MIN_TOP_TRIALS = 2;

/** The trials whose value is in the best `quantile` (at least MIN_TOP_TRIALS), as Optuna's filter. */
function topTrials(trials: FrozenTrial[], direction: Direction, quantile: number): FrozenTrial[] {
  const sign = direction === 'minimize' ? 1 : -1;
  const loss = trials.map((t) => sign * t.value!);
  const sorted = [...loss].sort((a, b) => a - b);
  const cutoff = Math.max(
    sorted[MIN_TOP_TRIALS - 1],
    sorted[Math.ceil(quantile * loss.length) - 1],
  );
  return trials.filter((_, i) => loss[i] <= cutoff);
}

/** numpy.linspace with its endpoint. */
function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const step = (b - a) / (n - 1);
  const out = Array.from({ length: n }, (_, i) => i * step + a);
  out[n - 1] = b;
  return out;
}

/** Counts of the trials' values per grid point (the grid as Optuna builds it). */
function numericCounts(
  name: string,
  d: Exclude<Distribution, { type: 'categorical' }>,
  trials: FrozenTrial[],
): number[] {
  let n = N_STEPS;
  if (d.type === 'int' && d.log)
    n = Math.min(Math.ceil(Math.log(d.high - d.low + 1) / Math.log(2)) + 1, n);
  else if (d.step !== null) n = Math.min(Math.round((d.high - d.low) / d.step) + 1, n);
  const scale = d.log ? Math.log : (x: number) => x;
  const grid = linspace(scale(d.low), scale(d.high), n);
  const half = (grid[1] - grid[0]) / 2;
  const counts = new Array<number>(grid.length).fill(0);
  for (const t of trials) {
    const v = scale(t.params[name] as number) - half;
    // searchsorted(side='left'): the first grid point ≥ v.
    let lo = 0;
    let hi = grid.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (grid[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo] += 1;
  }
  return counts;
}

/** The Scott-rule Parzen estimator's probabilities over grid points 0…n−1 (Optuna's _ScottParzenEstimator). */
function numericPdf(counts: number[]): number[] {
  const n = counts.length;
  const mus: number[] = [];
  const nonZero: number[] = [];
  counts.forEach((c, i) => {
    if (c > 0) {
      mus.push(i);
      nonZero.push(c);
    }
  });
  const total = nonZero.reduce((s, c) => s + c, 0);
  const mean = mus.reduce((s, m, i) => s + m * (nonZero[i] / total), 0);
  let sigma = Math.sqrt(
    mus.reduce((s, m, i) => s + (m - mean) ** 2 * nonZero[i], 0) / Math.max(1, total - 1),
  );
  const cum: number[] = [];
  nonZero.reduce((s, c) => (cum.push(s + c), s + c), 0);
  const searchLeft = (v: number) => cum.findIndex((c) => c >= v);
  const searchRight = (v: number) => {
    const i = cum.findIndex((c) => c > v);
    return i < 0 ? cum.length : i;
  };
  const q25 = searchLeft(Math.floor(total / 4));
  const q75 = searchRight(Math.floor((total * 3) / 4));
  const iqr = mus[Math.min(mus.length - 1, q75)] - mus[q25 < 0 ? cum.length : q25];
  sigma = 1.059 * Math.min(iqr / 1.34, sigma) * total ** -0.2;
  const sigmas = mus.map(() => Math.max(sigma, 0.5 / 1.64));
  const kernels = [...mus.map((m, i) => [m, sigmas[i]]), [0.5 * (n - 1), n]];
  const weights = [...nonZero, PRIOR_WEIGHT];
  const wsum = weights.reduce((s, w) => s + w, 0);
  const norms = kernels.map(([mu, s]) => logGaussMass((-0.5 - mu) / s, (n - 1 + 0.5 - mu) / s));
  return Array.from({ length: n }, (_, g) => {
    let p = 0;
    kernels.forEach(([mu, s], k) => {
      p +=
        (weights[k] / wsum) *
        Math.exp(logGaussMass((g - 0.5 - mu) / s, (g + 0.5 - mu) / s) - norms[k]);
    });
    return p;
  });
}

/** The categorical Parzen estimator's probabilities per choice (TPE's kernels, counts as weights). */
function categoricalPdf(counts: number[]): number[] {
  const nChoices = counts.length;
  const observed = counts.flatMap((c, i) => (c > 0 ? [i] : []));
  const nKernels = observed.length + 1;
  const rows = [...observed, -1].map((obs) => {
    const row = new Array<number>(nChoices).fill(PRIOR_WEIGHT / nKernels);
    if (obs >= 0) row[obs] += 1;
    const sum = row.reduce((s, v) => s + v, 0);
    return row.map((v) => v / (sum === 0 ? 1 : sum));
  });
  const weights = [...observed.map((i) => counts[i]), PRIOR_WEIGHT];
  const wsum = weights.reduce((s, w) => s + w, 0);
  return Array.from({ length: nChoices }, (_, c) =>
    rows.reduce((p, row, k) => p + (weights[k] / wsum) * row[c], 0),
  );
}

function pdfOf(name: string, d: Distribution, trials: FrozenTrial[]): number[] {
  if (d.type === 'categorical') {
    const counts = new Array<number>(d.choices.length).fill(0);
    for (const t of trials) counts[toInternal(d, t.params[name])] += 1;
    return categoricalPdf(counts);
  }
  return numericPdf(numericCounts(name, d, trials));
}

/**
 * Each parameter's importance, largest first (as Optuna orders them). Needs more than 2
 * completed trials with finite values; with fewer, every importance is 0.
 */
export function pedAnovaImportances(
  trials: readonly FrozenTrial[],
  direction: Direction,
  options: PedAnovaOptions = {},
): Record<string, number> {
  const targetQuantile = options.targetQuantile ?? 0.1;
  const regionQuantile = options.regionQuantile ?? 1;
  const local = options.evaluateOnLocal ?? true;
  if (!(targetQuantile > 0 && targetQuantile < regionQuantile && regionQuantile <= 1)) {
    throw new RangeError('PED-ANOVA needs 0 < targetQuantile < regionQuantile ≤ 1.');
  }
  const complete = trials.filter((t) => t.state === 'COMPLETE');
  const space = intersectionSpace(complete);
  const names = Object.keys(space).sort();
  const varying = names.filter((n) => !isSingle(space[n]));
  const out: [string, number][] = names.filter((n) => isSingle(space[n])).map((n) => [n, 0]);
  const usable = complete.filter(
    (t) => Number.isFinite(t.value) && names.every((n) => Object.hasOwn(t.params, n)),
  );
  // Too few trials, or nothing varies: zeros, in name order (as Optuna returns them).
  if (!varying.length) return Object.fromEntries(out);
  if (usable.length <= MIN_TOP_TRIALS) return Object.fromEntries(names.map((n) => [n, 0]));
  const target = topTrials(usable, direction, targetQuantile);
  const region = regionQuantile === 1 ? usable : topTrials(usable, direction, regionQuantile);
  const quantile = target.length / region.length;
  const scores: [string, number][] = varying.map((name) => {
    const top = pdfOf(name, space[name], target).map((p) => p + 1e-12);
    const base = local
      ? pdfOf(name, space[name], region).map((p) => p + 1e-12)
      : top.map(() => 1 / top.length);
    const divergence = base.reduce((s, b, i) => s + b * (top[i] / b - 1) ** 2, 0);
    return [name, quantile ** 2 * divergence];
  });
  return sortByImportance([...scores, ...out]);
}

/** Largest first; ties in reverse order of insertion, as Optuna's reversed(sorted(…)). */
function sortByImportance(entries: [string, number][]): Record<string, number> {
  const ascending = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e[1] - b.e[1] || a.i - b.i);
  return Object.fromEntries(ascending.reverse().map(({ e }) => e));
}
