/**
 * Optuna's importance API (optuna.importance) over a study: getParamImportances with an
 * evaluator — PED-ANOVA (Optuna 5's default, and this one's) or fANOVA — for every parameter or
 * some, of the objective's value or another target (lower is better then, as Optuna has it), and
 * normalised to sum to 1 unless asked not to (equal shares when every importance is 0).
 */
import type { Direction, FrozenTrial } from '../types';
import { fanovaImportances } from './fanova';
import type { ForestOptions } from './forest';
import { pedAnovaImportances, type PedAnovaOptions } from './ped-anova';

export interface ImportanceEvaluator {
  /** The method's name, as the Study page shows it. */
  readonly method: string;
  /** Raw importances, largest first, of the parameters the trials share. */
  evaluate(trials: readonly FrozenTrial[], direction: Direction): Record<string, number>;
}

export class PedAnovaImportanceEvaluator implements ImportanceEvaluator {
  readonly method = 'PED-ANOVA';
  constructor(readonly options: PedAnovaOptions = {}) {}
  evaluate(trials: readonly FrozenTrial[], direction: Direction) {
    return pedAnovaImportances(trials, direction, this.options);
  }
}

export class FanovaImportanceEvaluator implements ImportanceEvaluator {
  readonly method = 'fANOVA';
  constructor(readonly options: ForestOptions = {}) {}
  evaluate(trials: readonly FrozenTrial[]) {
    return fanovaImportances(trials, this.options);
  }
}

export interface ParamImportanceOptions {
  /** Default: PED-ANOVA with Optuna's settings. */
  evaluator?: ImportanceEvaluator;
  /** Only these parameters, over the completed trials that have all of them. */
  params?: readonly string[];
  /** What to explain instead of the value (lower taken as better, as Optuna's PED-ANOVA does). */
  target?: (trial: FrozenTrial) => number;
  /** Default true: importances that sum to 1. */
  normalize?: boolean;
}

/** Each parameter's importance, largest first, as optuna.importance.get_param_importances. */
export function getParamImportances(
  study: { readonly direction: Direction; readonly trials: readonly FrozenTrial[] },
  options: ParamImportanceOptions = {},
): Record<string, number> {
  const evaluator = options.evaluator ?? new PedAnovaImportanceEvaluator();
  let trials = study.trials.filter((t) => t.state === 'COMPLETE');
  if (trials.length < 2) {
    throw new Error(
      `Parameter importances need at least 2 completed trials (this study has ${trials.length}).`,
    );
  }
  const { params, target } = options;
  if (params) {
    for (const name of params) {
      if (!trials.some((t) => Object.hasOwn(t.distributions, name))) {
        throw new RangeError(`No completed trial has the parameter "${name}".`);
      }
    }
    const keep = <T>(o: Record<string, T>) =>
      Object.fromEntries(params.map((n) => [n, o[n]])) as Record<string, T>;
    trials = trials
      .filter((t) => params.every((n) => Object.hasOwn(t.params, n)))
      .map((t) => ({ ...t, params: keep(t.params), distributions: keep(t.distributions) }));
  }
  if (target) trials = trials.map((t) => ({ ...t, value: target(t) }));
  const raw = evaluator.evaluate(trials, target ? 'minimize' : study.direction);
  if (options.normalize === false) return raw;
  const entries = Object.entries(raw);
  const sum = entries.reduce((s, [, v]) => s + v, 0);
  return Object.fromEntries(entries.map(([k, v]) => [k, sum === 0 ? 1 / entries.length : v / sum]));
}
