/**
 * The live trial an objective receives: define-by-run suggestions (a parameter exists once the
 * objective asks for it, so conditional spaces need nothing special), intermediate reports and
 * the pruning question. It writes through its study, which keeps the trial's FrozenTrial.
 */
import {
  categoricalDistribution,
  checkCompatible,
  floatDistribution,
  intDistribution,
  isSingle,
  singleValue,
  toExternal,
  toInternal,
  type Choice,
  type Distribution,
  type ParamValue,
} from './distributions';
import type { FrozenTrial } from './types';

/** Thrown by an objective (or by `trial.shouldPrune()` callers) to end a trial as PRUNED. */
export class TrialPruned extends Error {
  constructor(message = 'The trial was pruned.') {
    super(message);
    this.name = 'TrialPruned';
  }
}

/** What a Trial needs of its study (kept narrow so Trial and Study do not import each other). */
export interface TrialHost {
  frozen(number: number): FrozenTrial;
  /** Samples `name` for the trial (fixed, relative or independent) and records it. */
  suggest(number: number, name: string, distribution: Distribution): ParamValue;
  report(number: number, value: number, step: number): void;
  shouldPrune(number: number): boolean;
  setUserAttr(number: number, key: string, value: unknown): void;
}

export class Trial {
  constructor(
    private readonly host: TrialHost,
    readonly number: number,
  ) {}

  get params(): Record<string, ParamValue> {
    return { ...this.host.frozen(this.number).params };
  }
  get distributions(): Record<string, Distribution> {
    return { ...this.host.frozen(this.number).distributions };
  }
  get userAttrs(): Record<string, unknown> {
    return { ...this.host.frozen(this.number).userAttrs };
  }
  get systemAttrs(): Record<string, unknown> {
    return structuredClone(this.host.frozen(this.number).systemAttrs);
  }
  get datetimeStart(): number | null {
    return this.host.frozen(this.number).datetimeStart;
  }

  suggestFloat(
    name: string,
    low: number,
    high: number,
    options: { log?: boolean; step?: number | null } = {},
  ): number {
    return this.host.suggest(this.number, name, floatDistribution(low, high, options)) as number;
  }

  suggestInt(
    name: string,
    low: number,
    high: number,
    options: { log?: boolean; step?: number } = {},
  ): number {
    return this.host.suggest(this.number, name, intDistribution(low, high, options)) as number;
  }

  suggestCategorical<T extends Choice>(name: string, choices: readonly T[]): T {
    return this.host.suggest(this.number, name, categoricalDistribution(choices)) as T;
  }

  /** An intermediate value (a validation metric after an epoch); a repeated step is ignored. */
  report(value: number, step: number): void {
    this.host.report(this.number, value, step);
  }

  /** Asks the study's pruner whether to stop now; the objective then throws TrialPruned. */
  shouldPrune(): boolean {
    return this.host.shouldPrune(this.number);
  }

  setUserAttr(key: string, value: unknown): void {
    this.host.setUserAttr(this.number, key, value);
  }
}

/** A value for `name` when it is not sampled: fixed by enqueueTrial, or the only one possible. */
export function presetValue(
  trial: FrozenTrial,
  name: string,
  distribution: Distribution,
): { value: ParamValue } | undefined {
  const fixed = trial.systemAttrs.fixed_params as Record<string, ParamValue> | undefined;
  if (fixed && Object.hasOwn(fixed, name)) {
    // Optuna keeps an enqueued value even outside the range (it warns); so do we.
    const internal = toInternal(distribution, fixed[name]);
    return { value: toExternal(distribution, internal) };
  }
  if (isSingle(distribution)) return { value: singleValue(distribution) };
  return undefined;
}

export { checkCompatible };
