/**
 * Optuna's PatientPruner: a trial may be pruned only once its reported values have not improved
 * (by more than `minDelta`) for `patience` consecutive steps; then the wrapped pruner decides (no
 * wrapped pruner: prune). It spares a trial that starts slowly but keeps improving, which a
 * median rule alone would stop. NaN reports are ignored; a trial with nothing but NaN before or
 * within the patience window is never pruned. (As in Optuna, a wrapped HyperbandPruner's bracket
 * does not filter what the sampler sees: that follows the study's own pruner only.)
 */
import type { FrozenTrial, Pruner, StudyView } from '../types';
import { checkOptions } from '../options';
import { checkWholeNumber, lastStep, shown } from './percentile';

export interface PatientPrunerOptions {
  /** Steps without improvement before the wrapped pruner is asked. */
  patience: number;
  /** How much better a value must be to count as an improvement (≥ 0). */
  minDelta?: number;
}

/** The best of some values for the direction, NaN skipped (NaN when all are), as np.nanmin/max. */
function nanBest(values: number[], maximize: boolean): number {
  let best = NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || (maximize ? v > best : v < best)) best = v;
  }
  return best;
}

export class PatientPruner implements Pruner {
  readonly name = 'PatientPruner';
  readonly patience: number;
  readonly minDelta: number;

  /** As Optuna's: `new PatientPruner(wrapped, 3, 0.01)`, or the options in one object. */
  constructor(
    readonly wrappedPruner: Pruner | null,
    patienceOrOptions: number | PatientPrunerOptions,
    minDeltaGiven?: number,
  ) {
    const options =
      typeof patienceOrOptions === 'number'
        ? { patience: patienceOrOptions, minDelta: minDeltaGiven }
        : patienceOrOptions;
    checkOptions('PatientPruner', options, ['patience', 'minDelta']);
    this.patience = checkWholeNumber('PatientPruner', 'patience', options?.patience, 0);
    const minDelta = options.minDelta ?? 0;
    if (typeof minDelta !== 'number' || !(minDelta >= 0)) {
      throw new RangeError(`PatientPruner: minDelta must be ≥ 0 (got ${shown(minDelta)}).`);
    }
    this.minDelta = minDelta;
  }

  /** The wrapped pruner's name and settings, prefixed, so a saved study can rebuild it. */
  settings() {
    const wrapped = this.wrappedPruner;
    return {
      patience: this.patience,
      minDelta: this.minDelta,
      wrappedPruner: wrapped?.name ?? null,
      ...Object.fromEntries(
        Object.entries(wrapped?.settings() ?? {}).map(([k, v]) => [`wrapped.${k}`, v]),
      ),
    };
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    if (lastStep(trial) === null) return false;
    const steps = [...trial.intermediateValues.keys()].sort((a, b) => a - b);
    if (steps.length <= this.patience + 1) return false;
    const split = steps.length - this.patience - 1;
    const value = (s: number) => trial.intermediateValues.get(s)!;
    const maximize = study.direction === 'maximize';
    const before = nanBest(steps.slice(0, split).map(value), maximize);
    const after = nanBest(steps.slice(split).map(value), maximize);
    // NaN on either side compares false, as numpy's comparisons do: not pruned.
    const stalled = maximize ? before - this.minDelta > after : before + this.minDelta < after;
    if (!stalled) return false;
    return this.wrappedPruner ? this.wrappedPruner.prune(study, trial) : true;
  }
}
