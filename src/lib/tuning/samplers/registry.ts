/**
 * The samplers by Optuna's class names. A study logs its sampler's name and settings; the same
 * pair rebuilds it here (so a study loaded from the store samples as it did), and a form or the
 * console names one the same way. Adding a sampler is one line in SAMPLERS.
 */
import type { Sampler } from '../types';
import { AutoSampler, type AutoSamplerOptions } from './auto';
import { GPSampler, type GPSamplerOptions } from './gp/sampler';
import { GridSampler, type GridSpace } from './grid';
import { RandomSampler } from './random';
import { TPESampler, type TPESamplerOptions } from './tpe/sampler';

export type SamplerSettings = Record<string, unknown>;

const SAMPLERS: Record<string, { make: (s: SamplerSettings) => Sampler; summary: string }> = {
  AutoSampler: {
    make: (s) => new AutoSampler(pick<AutoSamplerOptions>(s)),
    summary:
      'The default: Gaussian-process Bayesian optimisation for the first 200 trials, TPE after (and for conditional parameters).',
  },
  GPSampler: {
    make: (s) => new GPSampler(pick<GPSamplerOptions>(s)),
    summary:
      'Gaussian-process Bayesian optimisation (log expected improvement): strongest on small budgets.',
  },
  TPESampler: {
    make: (s) => new TPESampler(pick<TPESamplerOptions>(s)),
    summary: "Tree-structured Parzen Estimator: learns which values score well (Optuna's default).",
  },
  RandomSampler: {
    make: (s) => new RandomSampler(pick<{ seed?: number }>(s)),
    summary: 'Independent uniform draws: the baseline every method should beat.',
  },
  GridSampler: {
    make: (s) => {
      const space =
        typeof s.search_space === 'string' ? JSON.parse(s.search_space) : s.search_space;
      if (!space || typeof space !== 'object') {
        throw new RangeError('GridSampler needs search_space: { name: [values…] }.');
      }
      return new GridSampler(space as GridSpace, { seed: s.seed as number | undefined });
    },
    summary: 'Every combination of listed values, once each, in a seeded order.',
  },
};

/**
 * A sampler's options from its logged settings: logged markers ('default', 'custom') are not
 * options. Each sampler rejects options it does not have itself (checkOptions).
 */
function pick<T>(settings: SamplerSettings): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (value === 'default' || value === 'custom' || value === null || value === undefined)
      continue;
    if ((key === 'gamma' || key === 'weights') && typeof value !== 'function') continue;
    out[key] = value;
  }
  return out as T;
}

export const samplerNames = (): string[] => Object.keys(SAMPLERS);

export function samplerSummary(name: string): string {
  return SAMPLERS[name]?.summary ?? '';
}

/** A sampler from its name and settings (as logged, or typed in a form). */
export function createSampler(name: string, settings: SamplerSettings = {}): Sampler {
  const entry = SAMPLERS[name];
  if (!entry) {
    throw new RangeError(
      `There is no sampler "${name}"; the samplers: ${samplerNames().join(', ')}.`,
    );
  }
  return entry.make(settings);
}

/**
 * The sampler a study gets when none is given: the one the tuning benchmark finds best
 * (docs/benchmarks.md, Tuning).
 */
export function createDefaultSampler(seed?: number): Sampler {
  return new AutoSampler({ seed });
}
