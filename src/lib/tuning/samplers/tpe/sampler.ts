/**
 * Optuna's TPESampler (4.9 defaults): after `nStartupTrials` random trials, the finished trials
 * are split by value into the best γ(n) = min(⌈0.1·n⌉, 25) ("below") and the rest ("above"); a
 * Parzen estimator is fitted to each, `nEiCandidates` points are drawn from the good one, and
 * the point with the largest log l(x) − log g(x) is taken. Pruned trials rank after completed
 * ones by how far they got; with `constantLiar`, running trials count as bad ones so parallel
 * workers spread out. `multivariate` models the parameters jointly (over the space every
 * finished trial shares; `group` splits a conditional space into the groups that occur together).
 */
import {
  isSingle,
  sameDistribution,
  toExternal,
  toInternal,
  type Distribution,
  type ParamValue,
} from '../../distributions';
import { checkOptions } from '../../options';
import { RandomState } from '../../rng';
import type { FrozenTrial, Sampler, StudyView, TrialState } from '../../types';
import { RandomSampler } from '../random';
import {
  defaultWeights,
  ParzenEstimator,
  type ParzenEstimatorParameters,
} from './parzen-estimator';

/** Its options, as createSampler and the constructor check them. */
export const TPE_OPTIONS = [
  'seed',
  'nStartupTrials',
  'nEiCandidates',
  'multivariate',
  'group',
  'constantLiar',
  'priorWeight',
  'considerMagicClip',
  'considerEndpoints',
  'gamma',
  'weights',
  'warnIndependentSampling',
] as const;

export interface TPESamplerOptions {
  seed?: number;
  /** Random trials before the model takes over (default 10). */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per suggestion (default 24). */
  nEiCandidates?: number;
  multivariate?: boolean;
  group?: boolean;
  constantLiar?: boolean;
  /** Optuna's, accepted and without effect: Tracklab does not warn when it samples independently. */
  warnIndependentSampling?: boolean;
  priorWeight?: number;
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  /** How many of n finished trials count as good (default min(⌈0.1·n⌉, 25)). */
  gamma?: (n: number) => number;
  weights?: (n: number) => number[];
}

/** Optuna's default_gamma. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Where a multivariate, constant-liar trial keeps its relative sample for the other workers. */
export const RELATIVE_PARAMS_KEY = 'tpe:relative_params';

const FINISHED: readonly TrialState[] = ['COMPLETE', 'PRUNED'];

export class TPESampler implements Sampler {
  readonly name = 'TPESampler';
  readonly seed: number;
  private readonly rng: RandomState;
  private readonly random: RandomSampler;
  private readonly nStartupTrials: number;
  private readonly nEiCandidates: number;
  private readonly multivariate: boolean;
  private readonly group: boolean;
  private readonly constantLiar: boolean;
  private readonly gamma: (n: number) => number;
  private readonly parzen: ParzenEstimatorParameters;
  private readonly custom: { gamma: boolean; weights: boolean };
  private groups: Record<string, Distribution>[] = [];

  constructor(options: TPESamplerOptions = {}) {
    checkOptions('TPESampler', options, TPE_OPTIONS);
    // One seed for both streams, as Optuna seeds its TPE and its startup RandomSampler alike.
    this.seed = options.seed ?? new RandomState().seed;
    this.rng = new RandomState(this.seed);
    this.random = new RandomSampler({ seed: this.seed });
    this.nStartupTrials = wholeNumber('nStartupTrials', options.nStartupTrials ?? 10, 0);
    this.nEiCandidates = wholeNumber('nEiCandidates', options.nEiCandidates ?? 24, 1);
    this.multivariate = options.multivariate ?? false;
    this.group = options.group ?? false;
    this.constantLiar = options.constantLiar ?? false;
    if (this.group && !this.multivariate) {
      throw new RangeError(
        'TPESampler: group needs multivariate (set multivariate: true as well).',
      );
    }
    this.gamma = options.gamma ?? defaultGamma;
    this.custom = { gamma: !!options.gamma, weights: !!options.weights };
    const priorWeight = options.priorWeight ?? 1;
    if (!(priorWeight >= 0))
      throw new RangeError(`TPESampler: priorWeight must be ≥ 0 (got ${priorWeight}).`);
    this.parzen = {
      priorWeight,
      considerMagicClip: options.considerMagicClip ?? true,
      considerEndpoints: options.considerEndpoints ?? false,
      weights: options.weights ?? defaultWeights,
      multivariate: this.multivariate,
    };
  }

  settings() {
    return {
      seed: this.seed,
      nStartupTrials: this.nStartupTrials,
      nEiCandidates: this.nEiCandidates,
      multivariate: this.multivariate,
      group: this.group,
      constantLiar: this.constantLiar,
      priorWeight: this.parzen.priorWeight,
      considerMagicClip: this.parzen.considerMagicClip,
      considerEndpoints: this.parzen.considerEndpoints,
      gamma: this.custom.gamma ? 'custom' : 'default',
      weights: this.custom.weights ? 'custom' : 'default',
    };
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    if (!this.multivariate) return {};
    if (this.group) {
      this.groups = groupDecomposedSpace(study.getTrials(FINISHED));
      return Object.assign({}, ...this.groups.map(searchable));
    }
    return searchable(intersectionSpace(study.getTrials(FINISHED)));
  }

  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Record<string, ParamValue> {
    let params: Record<string, ParamValue> = {};
    if (this.group) {
      for (const g of this.groups) {
        const sub: Record<string, Distribution> = {};
        for (const name of Object.keys(g).sort()) {
          if (!isSingle(g[name]) && Object.hasOwn(space, name)) sub[name] = g[name];
        }
        Object.assign(params, this.sampleRelativeSpace(study, trial, sub));
      }
    } else {
      params = this.sampleRelativeSpace(study, trial, space);
    }
    if (Object.keys(params).length && this.constantLiar) {
      trial.systemAttrs[RELATIVE_PARAMS_KEY] = { ...params };
    }
    return params;
  }

  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    d: Distribution,
  ): ParamValue {
    if (study.getTrials(FINISHED).length < this.nStartupTrials) {
      return this.random.sampleIndependent(study, trial, name, d);
    }
    return this.sample(study, trial, { [name]: d })[name];
  }

  private sampleRelativeSpace(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Record<string, ParamValue> {
    if (!Object.keys(space).length) return {};
    if (study.getTrials(FINISHED).length < this.nStartupTrials) return {};
    return this.sample(study, trial, space);
  }

  /** One TPE step over `space`: split, fit l and g, draw candidates from l, keep the best ratio. */
  private sample(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Record<string, ParamValue> {
    let trials = study.getTrials(this.constantLiar ? ['COMPLETE', 'PRUNED', 'RUNNING'] : FINISHED);
    if (this.constantLiar) trials = trials.filter((t) => t.number !== trial.number);
    const n = trials.filter((t) => t.state !== 'RUNNING').length;
    const [below, above] = splitTrials(study, trials, this.gamma(n));
    const l = new ParzenEstimator(this.observations(below, space), space, this.parzen);
    const g = new ParzenEstimator(this.observations(above, space), space, this.parzen);
    const samples = l.sample(this.rng, this.nEiCandidates);
    const ll = l.logPdf(samples);
    const lg = g.logPdf(samples);
    const best = argmax(Float64Array.from(ll, (v, i) => v - lg[i]));
    const out: Record<string, ParamValue> = {};
    for (const [name, d] of Object.entries(space)) out[name] = toExternal(d, samples[name][best]);
    return out;
  }

  /** A trial's parameters; a running one's relative sample included (constant liar). */
  private paramsOf(t: FrozenTrial): Record<string, ParamValue> {
    if (t.state !== 'RUNNING' || !this.multivariate) return t.params;
    const relative = t.systemAttrs[RELATIVE_PARAMS_KEY] as Record<string, ParamValue> | undefined;
    return relative ? { ...relative, ...t.params } : t.params;
  }

  /** Per parameter, the internal values of the trials that have every parameter of the space. */
  private observations(trials: readonly FrozenTrial[], space: Record<string, Distribution>) {
    const names = Object.keys(space);
    const values: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (const t of trials) {
      const params = this.paramsOf(t);
      if (!names.every((n) => Object.hasOwn(params, n))) continue;
      for (const n of names) values[n].push(toInternal(space[n], params[n]));
    }
    return values;
  }
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new RangeError(`TPESampler: ${name} must be a whole number ≥ ${min} (got ${value}).`);
  }
  return value;
}

/** NumPy's argmax: the first largest value (the first NaN, if any). */
function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) return i;
    if (values[i] > values[best]) best = i;
  }
  return best;
}

/** A space's parameters that can take more than one value, by name: what a sampler searches. */
export function searchable(space: Record<string, Distribution>): Record<string, Distribution> {
  const out: Record<string, Distribution> = {};
  for (const name of Object.keys(space).sort()) if (!isSingle(space[name])) out[name] = space[name];
  return out;
}

/** The parameters every finished trial has, with the same distribution (Optuna's intersection). */
export function intersectionSpace(trials: readonly FrozenTrial[]): Record<string, Distribution> {
  let space: Record<string, Distribution> | undefined;
  for (let i = trials.length - 1; i >= 0; i--) {
    const t = trials[i];
    if (!space) {
      space = { ...t.distributions };
      continue;
    }
    for (const name of Object.keys(space)) {
      const d = t.distributions[name];
      if (!d || !sameDistribution(d, space[name])) delete space[name];
    }
  }
  return space ?? {};
}

/** Groups of parameters that always occur together (Optuna's _SearchSpaceGroup), in first-seen order. */
export function groupDecomposedSpace(
  trials: readonly FrozenTrial[],
): Record<string, Distribution>[] {
  let groups: Record<string, Distribution>[] = [];
  for (const t of trials) {
    let rest = new Set(Object.keys(t.distributions));
    const next: Record<string, Distribution>[] = [];
    for (const g of groups) {
      const keys = Object.keys(g);
      next.push(Object.fromEntries(keys.filter((k) => rest.has(k)).map((k) => [k, g[k]])));
      next.push(Object.fromEntries(keys.filter((k) => !rest.has(k)).map((k) => [k, g[k]])));
      rest = new Set([...rest].filter((k) => !keys.includes(k)));
    }
    next.push(Object.fromEntries([...rest].map((k) => [k, t.distributions[k]])));
    groups = next.filter((g) => Object.keys(g).length > 0);
  }
  return groups;
}

/** Python's ascending sort of (−last step, value), NaN counted as worst. */
function prunedKey(study: StudyView, t: FrozenTrial): [number, number] {
  if (!t.intermediateValues.size) return [1, 0];
  const step = Math.max(...t.intermediateValues.keys());
  const v = t.intermediateValues.get(step)!;
  if (Number.isNaN(v)) return [-step, Infinity];
  return [-step, study.direction === 'minimize' ? v : -v];
}

/**
 * Optuna's _split_trials for one objective: the best `nBelow` completed trials are good; if there
 * are fewer, the pruned trials that got furthest (then best last value) fill up; running trials
 * are always bad. Both lists in trial order.
 */
export function splitTrials(
  study: StudyView,
  trials: readonly FrozenTrial[],
  nBelow: number,
): [FrozenTrial[], FrozenTrial[]] {
  const complete = trials.filter((t) => t.state === 'COMPLETE');
  const pruned = trials.filter((t) => t.state === 'PRUNED');
  const running = trials.filter((t) => t.state === 'RUNNING');
  const sign = study.direction === 'minimize' ? 1 : -1;
  const byValue = [...complete].sort((a, b) => compare(sign * a.value!, sign * b.value!));
  const nComplete = Math.min(nBelow, complete.length);
  const belowComplete = byValue.slice(0, nComplete);
  const aboveComplete = byValue.slice(nComplete);
  let rest = Math.max(0, nBelow - belowComplete.length);
  const keyed = pruned.map((t) => ({ t, key: prunedKey(study, t) }));
  keyed.sort((a, b) => compare(a.key[0], b.key[0]) || compare(a.key[1], b.key[1]));
  rest = Math.min(rest, pruned.length);
  const belowPruned = keyed.slice(0, rest).map((k) => k.t);
  const abovePruned = keyed.slice(rest).map((k) => k.t);
  const byNumber = (a: FrozenTrial, b: FrozenTrial) => a.number - b.number;
  return [
    [...belowComplete, ...belowPruned].sort(byNumber),
    [...aboveComplete, ...abovePruned, ...running].sort(byNumber),
  ];
}

/** a < b, a > b or neither, as Python's sort compares (infinities included). */
function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
