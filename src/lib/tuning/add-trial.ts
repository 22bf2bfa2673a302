/**
 * Trials made outside a study, as Optuna's `create_trial` makes them, for `study.addTrial`: known
 * results (an earlier sweep, a colleague's runs) given to a sampler to learn from, or a pruner's
 * history set up by hand. And Optuna's rule for `enqueueTrial(…, { skipIfExists })`.
 */
import { contains, toInternal, type Distribution, type ParamValue } from './distributions';
import { cloneTrial, type StudyEvent } from './storage';
import { FINISHED_STATES, type FrozenTrial, type TrialState } from './types';

export interface CreateTrialOptions {
  /** Default COMPLETE. */
  state?: TrialState;
  /** The objective's value: required when COMPLETE. */
  value?: number | null;
  /** Optuna's spelling for the value: a list of one. */
  values?: readonly number[] | null;
  params?: Record<string, ParamValue>;
  /** One per parameter, as the trial suggested it (floatDistribution(…) and the others). */
  distributions?: Record<string, Distribution>;
  userAttrs?: Record<string, unknown>;
  systemAttrs?: Record<string, unknown>;
  /** Reported values by step. */
  intermediateValues?: Record<number, number> | Map<number, number>;
}

/** A finished (or waiting) trial to add to a study; its number is given when it is added. */
export function createTrial(options: CreateTrialOptions = {}): FrozenTrial {
  const state = options.state ?? 'COMPLETE';
  if (!['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'].includes(state)) {
    throw new TypeError(`createTrial: there is no trial state ${JSON.stringify(state)}.`);
  }
  if (options.value != null && options.values != null) {
    throw new TypeError('createTrial: give value or values, not both.');
  }
  let value = options.value ?? null;
  if (options.values != null) {
    if (options.values.length !== 1) {
      throw new RangeError(
        `createTrial: a study has one objective, so values holds one number (got ${options.values.length}).`,
      );
    }
    value = options.values[0];
  }
  const params = { ...options.params };
  const distributions = { ...options.distributions };
  const names = Object.keys(params).sort();
  if (JSON.stringify(names) !== JSON.stringify(Object.keys(distributions).sort())) {
    throw new RangeError(
      `createTrial: params and distributions name different parameters (${names.join(', ') || 'none'} vs ${Object.keys(distributions).sort().join(', ') || 'none'}).`,
    );
  }
  for (const name of names) {
    const d = distributions[name];
    if (!contains(d, toInternal(d, params[name]))) {
      throw new RangeError(
        `createTrial: the value ${JSON.stringify(params[name])} of parameter "${name}" is not in its distribution ${JSON.stringify(d)}.`,
      );
    }
  }
  const now = Date.now();
  const intermediate = options.intermediateValues ?? new Map<number, number>();
  const trial: FrozenTrial = {
    number: -1,
    state,
    value,
    params,
    distributions,
    intermediateValues: new Map(
      intermediate instanceof Map
        ? intermediate
        : Object.entries(intermediate).map(([k, v]) => [Number(k), v]),
    ),
    userAttrs: structuredClone(options.userAttrs ?? {}),
    systemAttrs: structuredClone(options.systemAttrs ?? {}),
    datetimeStart: state === 'WAITING' ? null : now,
    datetimeComplete: FINISHED_STATES.includes(state) ? now : null,
  };
  checkAddable(trial);
  return trial;
}

/** Throws where a trial is not one a study can hold (Optuna's FrozenTrial._validate). */
export function checkAddable(t: FrozenTrial): void {
  if (t.state === 'COMPLETE' && (typeof t.value !== 'number' || Number.isNaN(t.value))) {
    throw new TypeError(
      `A COMPLETE trial needs its value, a number other than NaN (got ${t.value}).`,
    );
  }
  if (t.state !== 'COMPLETE' && t.state !== 'PRUNED' && t.value !== null) {
    throw new TypeError(`A ${t.state} trial has no value (got ${t.value}).`);
  }
  for (const [step, v] of t.intermediateValues) {
    if (!(Number.isInteger(step) && step >= 0) || typeof v !== 'number') {
      throw new RangeError(
        `Intermediate values are numbers at whole steps ≥ 0 (got ${JSON.stringify(v)} at step ${step}).`,
      );
    }
  }
}

/**
 * A trial as a study holds it once added as trial `number`, and the events that write it: its
 * life in order (created running, its params and reports, finished), so that every storage saves
 * it as it saves any other.
 */
export function addedTrial(
  trial: FrozenTrial,
  number: number,
): { held: FrozenTrial; events: StudyEvent[] } {
  const shell: FrozenTrial = {
    ...cloneTrial(trial),
    number,
    state: 'RUNNING',
    value: null,
    params: {},
    distributions: {},
    intermediateValues: new Map(),
    datetimeStart: trial.datetimeStart ?? Date.now(),
    datetimeComplete: null,
  };
  const events: StudyEvent[] = [{ kind: 'trial-created', trial: cloneTrial(shell) }];
  for (const [name, value] of Object.entries(trial.params)) {
    const distribution = trial.distributions[name];
    events.push({ kind: 'param', number, name, value, distribution });
  }
  for (const [step, value] of trial.intermediateValues) {
    events.push({ kind: 'intermediate', number, step, value });
  }
  const held: FrozenTrial = { ...cloneTrial(trial), number, datetimeStart: shell.datetimeStart };
  if (trial.state !== 'RUNNING') {
    held.datetimeComplete = trial.datetimeComplete ?? Date.now();
    const reason = trial.systemAttrs.fail_reason;
    events.push({
      kind: 'trial-finished',
      number,
      state: trial.state,
      value: trial.value,
      datetimeComplete: held.datetimeComplete,
      reason: typeof reason === 'string' ? reason : undefined,
    });
  }
  return { held, events };
}

/**
 * Whether `params` repeat a trial's (those it was enqueued with, else those it sampled), by
 * Optuna's rule: the same names, and each value equal — numbers within a relative 1e-5, and a
 * NaN matching anything.
 */
export function repeats(params: Record<string, ParamValue>, t: FrozenTrial): boolean {
  const tried = (t.systemAttrs.fixed_params as Record<string, ParamValue> | undefined) ?? t.params;
  const names = Object.keys(params);
  if (names.length !== Object.keys(tried).length || !names.every((n) => Object.hasOwn(tried, n)))
    return false;
  return names.every((n) => {
    const [a, b] = [params[n], tried[n]];
    if (typeof a === 'number' && typeof b === 'number') {
      return Number.isNaN(a) || Math.abs(a - b) <= 1e-5 * Math.abs(b);
    }
    return a === b;
  });
}
