/**
 * The best trial, one rule for the API (study.bestTrial), the Study page and its actions: the
 * completed trial with the best value for the direction, the earliest on a tie, as Optuna's.
 */
import type { Direction, FrozenTrial } from './types';

/** Whether `a` is better than `b` for the direction. */
export function isBetter(direction: Direction, a: number, b: number): boolean {
  return direction === 'minimize' ? a < b : a > b;
}

/** The best completed trial with a value (NaN is no value), or undefined when there is none. */
export function bestTrialOf<T extends FrozenTrial>(
  trials: readonly T[],
  direction: Direction,
): T | undefined {
  let best: T | undefined;
  for (const t of trials) {
    if (t.state !== 'COMPLETE' || t.value === null || Number.isNaN(t.value)) continue;
    if (!best || isBetter(direction, t.value, best.value!)) best = t;
  }
  return best;
}
