/**
 * The pruners, and a registry by Optuna's class names so a study's saved settings (or a form)
 * can name its pruner and options as Optuna's API does, camelCased.
 */
import type { Pruner } from '../types';
import { HyperbandPruner, type HyperbandPrunerOptions } from './hyperband';
import { NopPruner } from './nop';
import { PatientPruner, type PatientPrunerOptions } from './patient';
import {
  MedianPruner,
  PercentilePruner,
  shown,
  type MedianPrunerOptions,
  type PercentilePrunerOptions,
} from './percentile';
import { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from './successive-halving';

export { HyperbandPruner, type HyperbandPrunerOptions } from './hyperband';
export { NopPruner } from './nop';
export { PatientPruner, type PatientPrunerOptions } from './patient';
export {
  MedianPruner,
  PercentilePruner,
  type MedianPrunerOptions,
  type PercentilePrunerOptions,
} from './percentile';
export { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from './successive-halving';

/** Options as they arrive from outside: each pruner checks the values' types itself. */
export type PrunerOptions = Record<string, unknown>;

/**
 * Rejects options the pruner does not have, so a misspelt one ("nWarmUpSteps") fails loudly
 * instead of silently leaving the default in place.
 */
function known<T>(name: string, options: PrunerOptions, allowed: readonly string[]): T {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const list = allowed.length ? allowed.join(', ') : 'none';
      throw new RangeError(`${name} has no option ${shown(key)} (its options: ${list}).`);
    }
  }
  return options as T;
}

const PERCENTILE_OPTIONS = ['nStartupTrials', 'nWarmupSteps', 'intervalSteps', 'nMinTrials'];

export const PRUNERS: Record<string, (options: PrunerOptions) => Pruner> = {
  NopPruner: (o) => {
    known('NopPruner', o, []);
    return new NopPruner();
  },
  MedianPruner: (o) =>
    new MedianPruner(known<MedianPrunerOptions>('MedianPruner', o, PERCENTILE_OPTIONS)),
  PercentilePruner: (o) =>
    new PercentilePruner(
      known<PercentilePrunerOptions>('PercentilePruner', o, ['percentile', ...PERCENTILE_OPTIONS]),
    ),
  SuccessiveHalvingPruner: (o) =>
    new SuccessiveHalvingPruner(
      known<SuccessiveHalvingPrunerOptions>('SuccessiveHalvingPruner', o, [
        'minResource',
        'reductionFactor',
        'minEarlyStoppingRate',
        'bootstrapCount',
      ]),
    ),
  HyperbandPruner: (o) =>
    new HyperbandPruner(
      known<HyperbandPrunerOptions>('HyperbandPruner', o, [
        'minResource',
        'maxResource',
        'reductionFactor',
        'bootstrapCount',
      ]),
    ),
  // The wrapped pruner by name with its options as `wrapped.<option>` (as settings() logs them),
  // or as { name, options }; null or absent: none.
  PatientPruner: (o) => {
    const { wrappedPruner, patience, minDelta, ...rest } = o;
    const wrappedOptions: PrunerOptions = {};
    for (const [k, v] of Object.entries(rest)) {
      if (!k.startsWith('wrapped.')) {
        throw new RangeError(
          `PatientPruner has no option ${shown(k)} (its options: wrappedPruner, patience, minDelta, wrapped.<option>).`,
        );
      }
      wrappedOptions[k.slice('wrapped.'.length)] = v;
    }
    let wrapped: Pruner | null = null;
    if (typeof wrappedPruner === 'string') wrapped = createPruner(wrappedPruner, wrappedOptions);
    else if (wrappedPruner && typeof wrappedPruner === 'object') {
      const w = wrappedPruner as { name: string; options?: PrunerOptions };
      wrapped = createPruner(w.name, w.options ?? {});
    }
    return new PatientPruner(wrapped, { patience, minDelta } as PatientPrunerOptions);
  },
};

/** A pruner by its Optuna class name: createPruner('MedianPruner', { nWarmupSteps: 5 }). */
export function createPruner(name: string, options: PrunerOptions = {}): Pruner {
  const make = Object.hasOwn(PRUNERS, name) ? PRUNERS[name] : undefined;
  if (!make) {
    throw new RangeError(
      `No pruner named ${shown(name)} (pruners: ${Object.keys(PRUNERS).join(', ')}).`,
    );
  }
  return make(options);
}
