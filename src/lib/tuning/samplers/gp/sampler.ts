/**
 * Bayesian optimisation with a Gaussian process, after Optuna's GPSampler: every parameter of
 * the space the completed trials share is scaled to [0, 1] (log ranges in log space, stepped ones
 * widened by half a step, choices as indices under a Hamming distance); the standardised values
 * are fitted by a Matérn-5/2 GP (gp.ts); the next point maximises log expected improvement — the
 * best of 2,048 random points plus the best trial so far, each refined by gradient ascent in the
 * continuous dimensions and by trying every value of the discrete ones. Running trials enter as
 * "fantasies" at the GP's own prediction, so parallel workers do not ask for the same point.
 * Parameters outside the shared space (conditional ones) and the first `nStartupTrials` come
 * from a seeded RandomSampler.
 */
import { toExternal, toInternal, type Distribution, type ParamValue } from '../../distributions';
import { checkOptions } from '../../options';
import { RandomState } from '../../rng';
import type { FrozenTrial, Sampler, StudyView } from '../../types';
import { RandomSampler } from '../random';
import { intersectionSpace, searchable } from '../tpe/sampler';
import { GPRegressor, logEI, type KernelParams } from './gp';
import { boxAscent } from './optimize';

export interface GPSamplerOptions {
  seed?: number;
  /** Random trials before the GP takes over (default 10). */
  nStartupTrials?: number;
  /** The objective gives the same value for the same parameters: noise is fixed at its minimum. */
  deterministicObjective?: boolean;
  /** Random points the acquisition is evaluated on before local search (default 2048). */
  nPreliminarySamples?: number;
  /** Starting points of the local search (default 10). */
  nLocalSearch?: number;
  /** Optuna's, accepted and without effect: Tracklab does not warn when it samples independently. */
  warnIndependentSampling?: boolean;
}

export const GP_RELATIVE_PARAMS_KEY = 'gp:relative_params';

interface Dimension {
  name: string;
  distribution: Distribution;
  categorical: boolean;
  /** Normalised values a discrete dimension can take (stepped numbers and choices). */
  grid?: Float64Array;
}

export class GPSampler implements Sampler {
  readonly name: string = 'GPSampler';
  readonly seed: number;
  protected readonly rng: RandomState;
  protected readonly random: RandomSampler;
  private readonly nStartupTrials: number;
  private readonly deterministic: boolean;
  private readonly nPreliminary: number;
  private readonly nLocal: number;
  private cache: KernelParams | undefined;

  constructor(options: GPSamplerOptions = {}) {
    checkOptions('GPSampler', options, [
      'seed',
      'nStartupTrials',
      'deterministicObjective',
      'nPreliminarySamples',
      'nLocalSearch',
      'warnIndependentSampling',
    ]);
    this.seed = options.seed ?? new RandomState().seed;
    this.rng = new RandomState(this.seed);
    this.random = new RandomSampler({ seed: this.seed });
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.deterministic = options.deterministicObjective ?? false;
    this.nPreliminary = options.nPreliminarySamples ?? 2048;
    this.nLocal = options.nLocalSearch ?? 10;
    if (!(Number.isInteger(this.nStartupTrials) && this.nStartupTrials >= 0)) {
      throw new RangeError(
        `GPSampler: nStartupTrials must be a whole number ≥ 0 (got ${this.nStartupTrials}).`,
      );
    }
  }

  settings(): Record<string, string | number | boolean | null> {
    return {
      seed: this.seed,
      nStartupTrials: this.nStartupTrials,
      deterministicObjective: this.deterministic,
      nPreliminarySamples: this.nPreliminary,
      nLocalSearch: this.nLocal,
    };
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    return searchable(intersectionSpace(study.getTrials(['COMPLETE'])));
  }

  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Record<string, ParamValue> {
    const names = Object.keys(space);
    if (!names.length) return {};
    const complete = study
      .getTrials(['COMPLETE'])
      .filter((t) => names.every((n) => Object.hasOwn(t.params, n)));
    if (complete.length < this.nStartupTrials) return {};
    const params = this.suggest(study, trial, space, complete);
    trial.systemAttrs[GP_RELATIVE_PARAMS_KEY] = { ...params };
    return params;
  }

  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    d: Distribution,
  ): ParamValue {
    return this.random.sampleIndependent(study, trial, name, d);
  }

  /** The GP step over `space`, from the completed trials that have all of its parameters. */
  protected suggest(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
    complete: readonly FrozenTrial[],
  ): Record<string, ParamValue> {
    const dims = dimensions(space);
    const X = complete.map((t) => normalize(dims, t.params));
    const sign = study.direction === 'minimize' ? -1 : 1;
    const y = standardize(complete.map((t) => sign * t.value!));
    let gp = GPRegressor.fit(
      X,
      y,
      dims.map((d) => d.categorical),
      {
        start: this.cache,
        deterministic: this.deterministic,
      },
    );
    this.cache = gp.params;
    const threshold = Math.max(...y);
    const running = study
      .getTrials(['RUNNING'])
      .filter((t) => t.number !== trial.number)
      .map((t) => ({
        ...((t.systemAttrs[GP_RELATIVE_PARAMS_KEY] as Record<string, ParamValue>) ?? {}),
        ...t.params,
      }))
      .filter((p) => dims.every((d) => Object.hasOwn(p, d.name)))
      .map((p) => normalize(dims, p));
    gp = gp.withFantasies(running);
    const best = X[y.indexOf(threshold)];
    const x = this.maximize(gp, dims, threshold, best);
    return denormalize(dims, x);
  }

  private maximize(
    gp: GPRegressor,
    dims: Dimension[],
    threshold: number,
    best: Float64Array,
  ): Float64Array {
    const acq = (x: Float64Array) => {
      const p = gp.posterior(x, true);
      const e = logEI(p.mean, p.variance, threshold);
      const gradient = new Float64Array(dims.length);
      for (let j = 0; j < dims.length; j++)
        gradient[j] = e.dMean * p.dMean![j] + e.dVariance * p.dVariance![j];
      return { value: e.value, gradient };
    };
    const value = (x: Float64Array) => {
      const p = gp.posterior(x);
      return logEI(p.mean, p.variance, threshold).value;
    };
    const candidates: Float64Array[] = [];
    const values: number[] = [];
    for (let i = 0; i < this.nPreliminary; i++) {
      const x = new Float64Array(dims.length);
      dims.forEach(
        (d, j) =>
          (x[j] = d.grid ? d.grid[this.rng.interval(d.grid.length - 1)] : this.rng.random()),
      );
      candidates.push(x);
      values.push(value(x));
    }
    // The best candidate, more drawn in proportion to their expected improvement, and the best trial.
    let top = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[top]) top = i;
    const starts = [candidates[top]];
    const weights = values.map((v, i) => (i === top ? 0 : Math.exp(v - values[top])));
    for (let k = 0; k < this.nLocal - 2; k++) {
      const total = weights.reduce((s, w) => s + w, 0);
      if (!(total > 0)) break;
      const i = this.rng.choice(weights);
      starts.push(candidates[i]);
      weights[i] = 0;
    }
    starts.push(best);
    const continuous = dims.flatMap((d, j) => (d.grid ? [] : [j]));
    let bestX = starts[0];
    let bestValue = -Infinity;
    for (const start of starts) {
      const { x, value: v } = localSearch(acq, value, start, dims, continuous);
      if (v > bestValue) [bestX, bestValue] = [x, v];
    }
    return bestX;
  }
}

/** Alternates gradient ascent in the continuous dimensions with a line search over each discrete one. */
function localSearch(
  acq: (x: Float64Array) => { value: number; gradient: Float64Array },
  value: (x: Float64Array) => number,
  start: Float64Array,
  dims: Dimension[],
  continuous: number[],
) {
  let x: Float64Array = Float64Array.from(start);
  let v = value(x);
  for (let round = 0; round < 5; round++) {
    const before = v;
    if (continuous.length) ({ x, value: v } = boxAscent(acq, x, continuous, { tol: 1e-4 }));
    dims.forEach((d, j) => {
      if (!d.grid) return;
      for (const g of d.grid) {
        if (g === x[j]) continue;
        const y: Float64Array = Float64Array.from(x);
        y[j] = g;
        const vy = value(y);
        if (vy > v) [x, v] = [y, vy];
      }
    });
    if (!(v > before + 1e-9)) break;
  }
  return { x, value: v };
}

function dimensions(space: Record<string, Distribution>): Dimension[] {
  return Object.entries(space).map(([name, d]) => {
    if (d.type === 'categorical') {
      return {
        name,
        distribution: d,
        categorical: true,
        grid: Float64Array.from(d.choices, (_, i) => i),
      };
    }
    if (d.step === null) return { name, distribution: d, categorical: false };
    const count = Math.round((d.high - d.low) / d.step) + 1;
    // Too many steps to try one by one: treated as continuous and rounded at the end.
    if (count > 64) return { name, distribution: d, categorical: false };
    const values = Array.from({ length: count }, (_, i) => Math.min(d.high, d.low + i * d.step!));
    return {
      name,
      distribution: d,
      categorical: false,
      grid: Float64Array.from(values, (v) => normalizeOne(d, v)),
    };
  });
}

function bounds(d: Exclude<Distribution, { type: 'categorical' }>): [number, number] {
  const half = d.step === null ? 0 : d.step / 2;
  const low = d.low - half;
  const high = d.high + half;
  return d.log ? [Math.log(low), Math.log(high)] : [low, high];
}

function normalizeOne(d: Distribution, value: number): number {
  if (d.type === 'categorical') return value;
  const [low, high] = bounds(d);
  if (high === low) return 0.5;
  return ((d.log ? Math.log(value) : value) - low) / (high - low);
}

function normalize(dims: Dimension[], params: Record<string, ParamValue>): Float64Array {
  return Float64Array.from(dims, (d) =>
    normalizeOne(d.distribution, toInternal(d.distribution, params[d.name])),
  );
}

function denormalize(dims: Dimension[], x: Float64Array): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  dims.forEach((dim, j) => {
    const d = dim.distribution;
    if (d.type === 'categorical') {
      out[dim.name] = toExternal(d, Math.round(x[j]));
      return;
    }
    const [low, high] = bounds(d);
    let v = x[j] * (high - low) + low;
    if (d.log) v = Math.exp(v);
    if (d.step !== null) v = d.low + Math.round((v - d.low) / d.step) * d.step;
    v = Math.min(d.high, Math.max(d.low, v));
    out[dim.name] = toExternal(d, v);
  });
  return out;
}

/** Values less their mean, over their standard deviation; infinities clipped to the finite range. */
function standardize(values: number[]): Float64Array {
  const finite = values.filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 0;
  const clipped = values.map((v) => Math.min(hi, Math.max(lo, v)));
  const mean = clipped.reduce((s, v) => s + v, 0) / clipped.length;
  const std = Math.sqrt(clipped.reduce((s, v) => s + (v - mean) ** 2, 0) / clipped.length);
  return Float64Array.from(clipped, (v) => (v - mean) / Math.max(1e-12, std));
}
