/**
 * Optuna's PercentilePruner and MedianPruner: a trial stops when its best value so far is worse
 * than the given percentile of the completed trials' values at the same step. Decisions follow
 * Optuna 4.9 exactly, numpy's nanpercentile (linear interpolation) included, so a study pruned
 * here prunes the same trials as the Python one would.
 */
import { checkOptions } from '../options';
import type { Direction, FrozenTrial, Pruner, StudyView } from '../types';

export interface MedianPrunerOptions {
  /** Pruning starts once this many trials have completed. Default 5. */
  nStartupTrials?: number;
  /** Steps before which a trial is never pruned (steps count from 0). Default 0. */
  nWarmupSteps?: number;
  /** Steps between checks, counted from the warm-up's end. Default 1. */
  intervalSteps?: number;
  /** Completed trials that must have reported at a step for it to be judged. Default 1. */
  nMinTrials?: number;
}

export interface PercentilePrunerOptions extends MedianPrunerOptions {
  /** Kept percentile, 0 to 100: 25 keeps trials in the best quarter at each step. */
  percentile: number;
}

/** An option's value as an error message quotes it: strings quoted, NaN as NaN. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export const PERCENTILE_OPTIONS = ['nStartupTrials', 'nWarmupSteps', 'intervalSteps', 'nMinTrials'];

/**
 * Throws unless `value` is a whole number ≥ `min`: options may come from a form or a saved
 * config, so their type is checked at run time too. Shared by the pruners of this folder.
 */
export function checkWholeNumber(
  owner: string,
  option: string,
  value: unknown,
  min: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(
      `${owner}: ${option} must be a whole number ≥ ${min} (got ${shown(value)}).`,
    );
  }
  return value;
}

/** The highest step reported, as Optuna's FrozenTrial.last_step; null before any report. */
export function lastStep(trial: FrozenTrial): number | null {
  let last: number | null = null;
  for (const step of trial.intermediateValues.keys()) if (last === null || step > last) last = step;
  return last;
}

/** Sorts with ±Infinity in place (a - b is NaN for two equal infinities). */
export function ascending(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * numpy.nanpercentile with the default linear method, to the bit: NaN values are dropped, and the
 * interpolation is numpy's _lerp, which gives NaN next to an infinity as numpy does.
 */
export function nanPercentile(values: readonly number[], percentile: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort(ascending);
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = (n - 1) * (percentile / 100);
  // At or past the last index numpy takes index -1 for both neighbours, and its gamma is
  // measured from that -1.
  const past = virtual >= n - 1;
  const previous = past ? -1 : Math.floor(virtual);
  const a = sorted[past ? n - 1 : previous];
  const b = sorted[past ? n - 1 : previous + 1];
  const gamma = virtual - previous;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * Whether `step` is the first report at or after the latest check point: with skipped steps a
 * check missed at its own step happens at the next report instead.
 */
function isFirstInIntervalStep(
  step: number,
  steps: Iterable<number>,
  nWarmupSteps: number,
  intervalSteps: number,
): boolean {
  const nearestLowerPruningStep =
    Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let secondLastStep = -1;
  for (const s of steps) if (s > secondLastStep && s !== step) secondLastStep = s;
  return secondLastStep < nearestLowerPruningStep;
}

function bestIntermediateValue(trial: FrozenTrial, direction: Direction): number {
  let best = NaN;
  for (const v of trial.intermediateValues.values()) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || (direction === 'maximize' ? v > best : v < best)) best = v;
  }
  return best;
}

export class PercentilePruner implements Pruner {
  readonly name: string;
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  /**
   * As Optuna's, the percentile first and then the options (`new PercentilePruner(25,
   * { nWarmupSteps: 3 })`), or all in one object. `name`: MedianPruner's, so its settings and
   * errors are logged under its own name.
   */
  constructor(
    percentileOrOptions: number | PercentilePrunerOptions,
    more: MedianPrunerOptions = {},
    name = 'PercentilePruner',
  ) {
    this.name = name;
    const options =
      typeof percentileOrOptions === 'number'
        ? { ...more, percentile: percentileOrOptions }
        : percentileOrOptions;
    checkOptions(name, options, ['percentile', ...PERCENTILE_OPTIONS]);
    const { percentile } = options;
    if (typeof percentile !== 'number' || !(percentile >= 0 && percentile <= 100)) {
      throw new RangeError(
        `${name}: percentile must be a number from 0 to 100 (got ${shown(percentile)}).`,
      );
    }
    this.percentile = percentile;
    this.nStartupTrials = checkWholeNumber(name, 'nStartupTrials', options.nStartupTrials ?? 5, 0);
    this.nWarmupSteps = checkWholeNumber(name, 'nWarmupSteps', options.nWarmupSteps ?? 0, 0);
    this.intervalSteps = checkWholeNumber(name, 'intervalSteps', options.intervalSteps ?? 1, 1);
    this.nMinTrials = checkWholeNumber(name, 'nMinTrials', options.nMinTrials ?? 1, 1);
  }

  settings(): Record<string, number> {
    return {
      percentile: this.percentile,
      nStartupTrials: this.nStartupTrials,
      nWarmupSteps: this.nWarmupSteps,
      intervalSteps: this.intervalSteps,
      nMinTrials: this.nMinTrials,
    };
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const completed = study.getTrials(['COMPLETE']);
    if (completed.length === 0 || completed.length < this.nStartupTrials) return false;

    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps) return false;
    if (
      !isFirstInIntervalStep(
        step,
        trial.intermediateValues.keys(),
        this.nWarmupSteps,
        this.intervalSteps,
      )
    ) {
      return false;
    }

    const { direction } = study;
    const best = bestIntermediateValue(trial, direction);
    // A trial that has reported nothing but NaN is pruned whatever the others did.
    if (Number.isNaN(best)) return true;

    const atStep: number[] = [];
    for (const t of completed) {
      const v = t.intermediateValues.get(step);
      if (v !== undefined) atStep.push(v);
    }
    // NaN values count towards nMinTrials but not into the percentile (as in Optuna).
    if (atStep.length < this.nMinTrials) return false;
    const p = nanPercentile(
      atStep,
      direction === 'maximize' ? 100 - this.percentile : this.percentile,
    );
    if (Number.isNaN(p)) return false;
    return direction === 'maximize' ? best < p : best > p;
  }
}

/** The median stopping rule: PercentilePruner at 50. */
export class MedianPruner extends PercentilePruner {
  constructor(options: MedianPrunerOptions = {}) {
    checkOptions('MedianPruner', options, PERCENTILE_OPTIONS);
    super({ ...options, percentile: 50 }, {}, 'MedianPruner');
  }

  /** Its own options only: the percentile is not one. */
  override settings(): Record<string, number> {
    return {
      nStartupTrials: this.nStartupTrials,
      nWarmupSteps: this.nWarmupSteps,
      intervalSteps: this.intervalSteps,
      nMinTrials: this.nMinTrials,
    };
  }
}
