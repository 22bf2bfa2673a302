/**
 * Sampling off the page. A Gaussian process fits in tens of milliseconds at 40 trials and ~250 ms
 * at 200 (Node, 2026-12-07), so on the page's thread a study's every trial froze the page that
 * long. OffPageSampler wraps such a sampler: the relative sample (the GP step) is made in the
 * sampling worker, by a twin of the sampler built from its name and settings, when optimize
 * prepares each trial (Study.prepare); everything cheap (the space, independent parameters) stays
 * on the page. The GP and its independent draws use separate random streams, so the trials are
 * the ones the sampler would have drawn on the page — same seed, same trials (an enqueued
 * trial aside: it gets its relative sample when it starts, as in Optuna, even if unused). If the worker
 * fails, the page samples on its own from then on, and says so once on the console.
 */
import type { Distribution, ParamValue } from '../distributions';
import { AutoSampler } from '../samplers/auto';
import { GPSampler } from '../samplers/gp/sampler';
import type { FrozenTrial, RelativeSample, Sampler, StudyView } from '../types';
import type { SampleRequest } from './protocol';

/** The worker's side as the page sees it: the channel client, or a host in tests. */
export interface SampleRemote {
  sample(request: Omit<SampleRequest, 'id'>): Promise<RelativeSample>;
}

/** What a trial looks like to the worker, cheaply: it is sent again when this changes. */
function signature(t: FrozenTrial): string {
  return `${t.state}|${t.value}|${Object.keys(t.params).length}|${t.intermediateValues.size}|${Object.keys(t.systemAttrs).length}`;
}

export class OffPageSampler implements Sampler {
  readonly name: string;
  readonly beforeTrial?: Sampler['beforeTrial'];
  readonly afterTrial?: Sampler['afterTrial'];
  private readonly session = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  private readonly sent = new Map<number, string>();
  private first = true;
  private failed = false;

  constructor(
    readonly inner: Sampler,
    private readonly remote: SampleRemote,
  ) {
    this.name = inner.name;
    this.beforeTrial = inner.beforeTrial?.bind(inner);
    this.afterTrial = inner.afterTrial?.bind(inner);
  }

  settings() {
    return this.inner.settings();
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution> {
    return this.inner.inferRelativeSearchSpace(study, trial);
  }

  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Record<string, ParamValue> {
    return this.inner.sampleRelative(study, trial, space);
  }

  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): ParamValue {
    return this.inner.sampleIndependent(study, trial, name, distribution);
  }

  async sampleRelativeAsync(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Promise<RelativeSample> {
    if (!this.failed && Object.keys(space).length) {
      const shown = study.getTrials();
      const changed: FrozenTrial[] = [];
      const signs = new Map<number, string>();
      for (const t of shown.includes(trial) ? shown : [...shown, trial]) {
        const sign = signature(t);
        if (this.sent.get(t.number) !== sign) {
          changed.push(t);
          signs.set(t.number, sign);
        }
      }
      const first = this.first;
      this.first = false;
      try {
        const sample = await this.remote.sample({
          session: this.session,
          first,
          sampler: { name: this.inner.name, settings: this.inner.settings() },
          studyName: study.studyName,
          direction: study.direction,
          changed,
          view: shown.map((t) => t.number),
          trial: trial.number,
          space,
        });
        for (const [n, sign] of signs) this.sent.set(n, sign);
        return sample;
      } catch (e) {
        this.failed = true;
        console.warn(
          `Sampling moved back to the page for study "${study.studyName}": the sampling worker failed (${e instanceof Error ? e.message : String(e)}). The study goes on; the page may pause while each trial is sampled.`,
        );
      }
    }
    // On the page, on a copy of the trial's attributes: the study sets them when it keeps the sample.
    const copy = { ...trial, systemAttrs: { ...trial.systemAttrs } };
    return { params: this.inner.sampleRelative(study, copy, space), systemAttrs: copy.systemAttrs };
  }
}

/** The samplers worth a worker: a GP step costs tens to hundreds of milliseconds. */
const HEAVY: readonly (abstract new (...args: never[]) => Sampler)[] = [AutoSampler, GPSampler];

/**
 * The sampler, off the page when it is one whose relative sample is costly and that its name and
 * settings rebuild exactly (a built-in class, not a subclass); otherwise the sampler itself.
 */
export function offPage(sampler: Sampler, remote: SampleRemote): Sampler {
  if (sampler instanceof OffPageSampler) return sampler;
  return HEAVY.some((c) => Object.getPrototypeOf(sampler) === c.prototype)
    ? new OffPageSampler(sampler, remote)
    : sampler;
}
