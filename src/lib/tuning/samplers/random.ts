/**
 * Random search: each parameter drawn uniformly over its range (log ranges uniformly in log
 * space), as Optuna's RandomSampler — with the same random stream for the same seed.
 */
import type { Distribution, ParamValue } from '../distributions';
import { checkOptions } from '../options';
import { RandomState } from '../rng';
import type { FrozenTrial, Sampler, StudyView } from '../types';
import { searchBounds, untransform } from './transform';

export class RandomSampler implements Sampler {
  readonly name = 'RandomSampler';
  readonly rng: RandomState;

  constructor(options: { seed?: number } = {}) {
    checkOptions('RandomSampler', options, ['seed']);
    this.rng = new RandomState(options.seed);
  }

  settings() {
    return { seed: this.rng.seed };
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(
    _study: StudyView,
    _trial: FrozenTrial,
    _name: string,
    d: Distribution,
  ): ParamValue {
    return sampleUniform(this.rng, d);
  }
}

/** One uniform draw, consuming the stream as Optuna's RandomSampler does (one-hot for choices). */
export function sampleUniform(rng: RandomState, d: Distribution): ParamValue {
  if (d.type === 'categorical') {
    // Optuna draws one uniform per choice over [0, 1] and takes the largest.
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < d.choices.length; i++) {
      const u = rng.uniform(0, 1);
      if (u > bestValue) [best, bestValue] = [i, u];
    }
    return d.choices[best];
  }
  const [low, high] = searchBounds(d);
  return untransform(d, rng.uniform(low, high));
}
