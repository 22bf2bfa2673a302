/**
 * The pruners, and a registry by Optuna's class names so a study's saved settings (or a form)
 * can name its pruner and options as Optuna's API does, camelCased.
 */
import { checkOptions } from '../options';
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

export const PRUNERS: Record<string, (options: PrunerOptions) => Pruner> = {
  // Each pruner rejects options it does not have (checkOptions).
  NopPruner: (o) => {
    checkOptions('NopPruner', o, []);
    return new NopPruner();
  },
  MedianPruner: (o) => new MedianPruner(o as MedianPrunerOptions),
  PercentilePruner: (o) => new PercentilePruner(o as unknown as PercentilePrunerOptions),
  SuccessiveHalvingPruner: (o) => new SuccessiveHalvingPruner(o as SuccessiveHalvingPrunerOptions),
  HyperbandPruner: (o) => new HyperbandPruner(o as HyperbandPrunerOptions),
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
