/**
 * Optuna's SuccessiveHalvingPruner (asynchronous successive halving, ASHA): at each rung step a
 * trial goes on only if its value is in the best 1/reductionFactor of the values that trials
 * reported at that rung. Decisions follow Optuna 4.9 exactly; the rung values live in the trials'
 * system attrs under Optuna's keys ("completed_rung_0", …), so studies read back from either side
 * carry the same record.
 */
import type { Direction, FrozenTrial, Pruner, StudyView } from '../types';
import { checkOptions } from '../options';
import { ascending, checkWholeNumber, lastStep, shown } from './percentile';

export interface SuccessiveHalvingPrunerOptions {
  /**
   * Steps before the first rung. 'auto' (the default): a hundredth of the steps of the longest
   * completed trial (at least 1), fixed once the first trial completes.
   */
  minResource?: 'auto' | number;
  /** 1/reductionFactor of the trials are promoted at each rung. Default 4. */
  reductionFactor?: number;
  /** Rungs skipped at the start: the first rung is at minResource · reductionFactor^this. Default 0. */
  minEarlyStoppingRate?: number;
  /** Values a rung must hold before any trial is promoted past it. Default 0. */
  bootstrapCount?: number;
}

function completedRungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

function estimateMinResource(trials: readonly FrozenTrial[]): number | null {
  let longest: number | null = null;
  for (const t of trials) {
    if (t.state !== 'COMPLETE') continue;
    const step = lastStep(t);
    if (step !== null && (longest === null || step > longest)) longest = step;
  }
  return longest === null ? null : Math.max(Math.floor(longest / 100), 1);
}

function isPromotable(
  value: number,
  competing: number[],
  reductionFactor: number,
  direction: Direction,
): boolean {
  // With fewer than reductionFactor values the best one alone is promoted: Optuna cannot pause a
  // trial until enough others arrive.
  const promotableIndex = Math.max(Math.floor(competing.length / reductionFactor) - 1, 0);
  competing.sort(ascending);
  return direction === 'maximize'
    ? value >= competing[competing.length - 1 - promotableIndex]
    : value <= competing[promotableIndex];
}

export class SuccessiveHalvingPruner implements Pruner {
  readonly name = 'SuccessiveHalvingPruner';
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
  private readonly configuredMinResource: 'auto' | number;
  /** Null until 'auto' is resolved from the first completed trial. */
  private minResource: number | null;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    const owner = this.name;
    checkOptions(owner, options, [
      'minResource',
      'reductionFactor',
      'minEarlyStoppingRate',
      'bootstrapCount',
    ]);
    const minResource = options.minResource ?? 'auto';
    if (minResource !== 'auto') checkWholeNumber(owner, 'minResource', minResource, 1);
    this.configuredMinResource = minResource;
    this.minResource = minResource === 'auto' ? null : minResource;
    this.reductionFactor = checkWholeNumber(
      owner,
      'reductionFactor',
      options.reductionFactor ?? 4,
      2,
    );
    this.minEarlyStoppingRate = checkWholeNumber(
      owner,
      'minEarlyStoppingRate',
      options.minEarlyStoppingRate ?? 0,
      0,
    );
    this.bootstrapCount = checkWholeNumber(owner, 'bootstrapCount', options.bootstrapCount ?? 0, 0);
    if (this.bootstrapCount > 0 && minResource === 'auto') {
      throw new RangeError(
        `${owner}: bootstrapCount > 0 needs a numeric minResource, not 'auto' (got bootstrapCount ${shown(this.bootstrapCount)}).`,
      );
    }
  }

  settings() {
    return {
      minResource: this.configuredMinResource,
      reductionFactor: this.reductionFactor,
      minEarlyStoppingRate: this.minEarlyStoppingRate,
      bootstrapCount: this.bootstrapCount,
    };
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === null) return false;

    let rung = 0;
    while (completedRungKey(rung) in trial.systemAttrs) rung++;
    const value = trial.intermediateValues.get(step) as number;
    let trials: readonly FrozenTrial[] | null = null;

    for (;;) {
      if (this.minResource === null) {
        trials ??= study.getTrials();
        this.minResource = estimateMinResource(trials);
        if (this.minResource === null) return false;
      }
      const rungPromotionStep =
        this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
      if (step < rungPromotionStep) return false;
      if (Number.isNaN(value)) return true;

      trials ??= study.getTrials();
      const key = completedRungKey(rung);
      trial.systemAttrs[key] = value;
      // Optuna reads the other trials from a snapshot taken before this write, so the trial's
      // own value counts once, appended here.
      const competing: number[] = [];
      for (const t of trials) {
        if (t.number !== trial.number && key in t.systemAttrs) {
          competing.push(t.systemAttrs[key] as number);
        }
      }
      competing.push(value);
      // The bootstrap counts this trial's own value too, hence ≤.
      if (competing.length <= this.bootstrapCount) return true;
      if (!isPromotable(value, competing, this.reductionFactor, study.direction)) return true;
      rung++;
    }
  }
}
