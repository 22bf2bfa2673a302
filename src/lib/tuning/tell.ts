/**
 * What a told result means, by Optuna's rules (optuna/study/_tell.py): a number — or a list of
 * one, as Optuna's `values` — completes the trial; NaN, a value that is not a number, a list of
 * another length, or nothing at all fails it with the reason; a state ends it so, and a value may
 * come only with COMPLETE. Misuse (an unknown state, COMPLETE without a value, a value with PRUNED
 * or FAIL) throws, and the trial stays running.
 */
import type { TrialState } from './types';

/** A number, a list of one number, a final state, or a state with its value and reason. */
export type TellResult =
  | number
  | readonly number[]
  | TrialState
  | { state?: TrialState; value?: number | readonly number[] | null; reason?: string };

export interface Told {
  state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  /** The value of a COMPLETE trial. */
  value?: number;
  reason?: string;
}

const STATES = ['COMPLETE', 'PRUNED', 'FAIL'];

/** A value as a message quotes it: strings quoted, numbers and the rest as JavaScript writes them. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(shown).join(', ')}]`;
  if (v && typeof v === 'object') return JSON.stringify(v) ?? String(v);
  return String(v);
}

/** Why these values cannot complete a trial of one objective; undefined when they can. */
function infeasible(values: readonly unknown[], what: string): string | undefined {
  for (const v of values) {
    if (typeof v !== 'number') return `${what} ${shown(v)}, not a number; the trial failed.`;
    if (Number.isNaN(v)) return `${what} NaN, which cannot be compared; the trial failed.`;
  }
  if (values.length !== 1) {
    return `${what} ${values.length} values (${shown(values)}), and the study has one objective; the trial failed.`;
  }
  return undefined;
}

/** What an objective's return means in optimize: its value (a number, or a list of one), else a failure. */
export function objectiveResult(returned: unknown): Told {
  const values = Array.isArray(returned) ? returned : [returned];
  const problem = infeasible(values, 'The objective returned');
  return problem ? { state: 'FAIL', reason: problem } : { state: 'COMPLETE', value: values[0] };
}

/** The state, value and reason a result told by hand means. */
export function toldResult(result: unknown): Told {
  const what = 'The value told was';
  let state: unknown;
  let values: readonly unknown[] | undefined;
  let reason: string | undefined;
  if (typeof result === 'string') state = result;
  else if (Array.isArray(result)) values = result;
  else if (result !== null && typeof result === 'object') {
    const o = result as { state?: unknown; value?: unknown; reason?: string };
    state = o.state;
    reason = o.reason;
    if (o.value !== undefined && o.value !== null) {
      values = Array.isArray(o.value) ? o.value : [o.value];
    }
  } else if (result !== undefined && result !== null) values = [result];

  if (state !== undefined && !STATES.includes(state as string)) {
    throw new TypeError(
      `A trial is told a number, or the state COMPLETE (with its value), PRUNED or FAIL (got ${shown(state)}).`,
    );
  }
  if (state === 'COMPLETE') {
    if (!values) {
      throw new TypeError('A COMPLETE trial is told its value: tell(trial, value).');
    }
    const problem = infeasible(values, what);
    if (problem) throw new TypeError(problem.replace('; the trial failed.', '.'));
    return { state: 'COMPLETE', value: values[0] as number, reason };
  }
  if (state === 'PRUNED' || state === 'FAIL') {
    if (values) {
      throw new TypeError(
        `A ${state} trial is told no value (got ${shown(values.length === 1 ? values[0] : values)}): a pruned trial keeps its last reported value, a failed one none.`,
      );
    }
    return { state, reason };
  }
  const problem = values
    ? infeasible(values, what)
    : `${what} ${shown(result)}, not a number; the trial failed.`;
  if (problem) return { state: 'FAIL', reason: reason ?? problem };
  return { state: 'COMPLETE', value: values![0] as number, reason };
}
