// Hand-built trials and studies for the pruners' unit tests.
import type { Direction, FrozenTrial, StudyView, TrialState } from '../types';

/** A trial; `values` by step (an array reports steps 0, 1, 2, …). */
export function trial(
  number: number,
  state: TrialState,
  values: number[] | Record<number, number>,
): FrozenTrial {
  const entries = Array.isArray(values)
    ? values.map((v, step) => [step, v] as const)
    : Object.entries(values).map(([step, v]) => [Number(step), v] as const);
  return {
    number,
    state,
    value: state === 'COMPLETE' ? entries[entries.length - 1][1] : null,
    params: {},
    distributions: {},
    intermediateValues: new Map(entries),
    userAttrs: {},
    systemAttrs: {},
    datetimeStart: null,
    datetimeComplete: null,
  };
}

export function study(
  trials: FrozenTrial[],
  direction: Direction = 'minimize',
  studyName = 's',
): StudyView {
  return {
    studyName,
    direction,
    getTrials: (states) => trials.filter((t) => !states || states.includes(t.state)),
  };
}

/** n completed trials reporting the given curve, numbered from 0. */
export function completed(n: number, curve: number[]): FrozenTrial[] {
  return Array.from({ length: n }, (_, i) => trial(i, 'COMPLETE', curve));
}
