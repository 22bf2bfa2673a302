/**
 * The default sampler: a Gaussian process (GPSampler) over the parameters every completed trial
 * shares while the study is small — where it is by far the strongest (docs/benchmarks.md: Branin
 * and Hartmann-6 at 100 trials) and a suggestion costs tens of milliseconds — and TPE from
 * `gpTrials` completed trials on, where a GP's cubic cost grows and TPE's stays at a few
 * milliseconds. Conditional parameters (outside the shared space) are TPE's throughout, with the
 * constant liar so parallel workers spread out. Like Optuna's AutoSampler, in spirit.
 */
import type { Distribution, ParamValue } from '../distributions';
import { checkOptions } from '../options';
import { RandomState } from '../rng';
import type { FrozenTrial, Sampler, StudyView } from '../types';
import { GPSampler } from './gp/sampler';
import { TPESampler } from './tpe/sampler';

export interface AutoSamplerOptions {
  seed?: number;
  /** Completed trials from which TPE takes over from the GP (default 200). */
  gpTrials?: number;
}

export class AutoSampler implements Sampler {
  readonly name = 'AutoSampler';
  readonly seed: number;
  private readonly gpTrials: number;
  private readonly gp: GPSampler;
  private readonly tpe: TPESampler;

  constructor(options: AutoSamplerOptions = {}) {
    checkOptions('AutoSampler', options, ['seed', 'gpTrials']);
    this.seed = options.seed ?? new RandomState().seed;
    this.gpTrials = options.gpTrials ?? 200;
    if (!(Number.isInteger(this.gpTrials) && this.gpTrials >= 0)) {
      throw new RangeError(
        `AutoSampler: gpTrials must be a whole number ≥ 0 (got ${this.gpTrials}).`,
      );
    }
    // Different streams for the two, both fixed by the one seed.
    this.gp = new GPSampler({ seed: (this.seed ^ 0x5bd1e995) >>> 0 });
    this.tpe = new TPESampler({ seed: this.seed, constantLiar: true });
  }

  settings() {
    return { seed: this.seed, gpTrials: this.gpTrials };
  }

  /** Which of the two samples the shared space now. */
  private useGp(study: StudyView): boolean {
    return study.getTrials(['COMPLETE']).length < this.gpTrials;
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    return this.useGp(study)
      ? this.gp.inferRelativeSearchSpace(study)
      : this.tpe.inferRelativeSearchSpace(study);
  }

  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Record<string, ParamValue> {
    return this.useGp(study)
      ? this.gp.sampleRelative(study, trial, space)
      : this.tpe.sampleRelative(study, trial, space);
  }

  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    d: Distribution,
  ): ParamValue {
    return this.tpe.sampleIndependent(study, trial, name, d);
  }
}
