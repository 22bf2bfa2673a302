/**
 * The Study view's two actions on the best trial: train its configuration again on training +
 * validation rows as a new run under the study, and register the best model (the retrained one
 * once there is one, else the best trial's own).
 */
import type { App } from '$lib/app/create-app';
import { registerRunModel } from '$lib/app/register';
import { appTrainDeps } from '$lib/app/tuning-api';
import { retrainBest, type SearchSpace } from '$lib/app/tune';
import type { DataChoice } from '$lib/data/prepare';
import type { TrainConfig } from '$lib/training/config';
import { fanovaImportances } from '$lib/tuning/importance/fanova';
import type { StudySnapshot } from '$lib/tuning/tracking-storage';

export class StudyActions {
  busy = $state<'retraining' | 'registering' | null>(null);
  /** The retrained run, once trained. */
  retrainedRunId = $state<string | null>(null);
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  /** fANOVA importances, computed on request: a forest of 64 trees is a few hundred ms. */
  fanova = $state.raw<{ values: Record<string, number>; trials: number; error?: string } | null>(
    null,
  );

  constructor(private readonly app: App) {}

  async retrain(experimentId: string, studyRunId: string, study: StudySnapshot) {
    if (this.busy) return;
    const best = study.best;
    if (!best) return;
    this.busy = 'retraining';
    this.error = this.message = null;
    try {
      const attrs = study.userAttrs as {
        dataset_sha256?: string;
        dataset?: string;
        choice?: DataChoice;
        space?: SearchSpace;
        config?: TrainConfig;
      };
      if (!attrs.dataset_sha256 || !attrs.choice || !attrs.space || !attrs.config) {
        throw new Error(
          'This study was not started from the Tune page, so it does not say which data and base configuration to train again.',
        );
      }
      const dataset = await this.app.datasets.get(attrs.dataset_sha256);
      if (!dataset)
        throw new Error(
          `The dataset "${attrs.dataset}" is no longer saved; drop it on the Data page again.`,
        );
      const outcome = await retrainBest(appTrainDeps(this.app), {
        experimentId,
        studyName: study.spec.studyName,
        studyRunId,
        trialNumber: best.number,
        params: best.params,
        dataset,
        choice: attrs.choice,
        space: attrs.space,
        base: attrs.config,
        prepare: (choice) => this.app.data.prepare(dataset.sha256, choice),
        onStart: (runId) => (this.retrainedRunId = runId),
      });
      if (outcome.status !== 'FINISHED')
        throw new Error(outcome.message ?? `The training ended ${outcome.status}.`);
      this.message = `Trial ${best.number}'s configuration trained on training + validation rows.`;
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = null;
    }
  }

  computeFanova(study: StudySnapshot) {
    const trials = study.trials.filter((t) => t.state === 'COMPLETE').length;
    try {
      this.fanova = { values: fanovaImportances(study.trials, { seed: 0 }), trials };
    } catch (e) {
      this.fanova = { values: {}, trials, error: (e as Error).message };
    }
  }

  /** Registers the retrained model, or the best trial's when none was retrained. */
  async register(name: string, bestTrialRunId: string | undefined) {
    const runId = this.retrainedRunId ?? bestTrialRunId;
    if (this.busy || !runId) return;
    this.busy = 'registering';
    this.error = this.message = null;
    try {
      const version = await registerRunModel(
        { client: this.app.client, registry: this.app.registry },
        { runId, name },
      );
      this.message = `Registered as ${version.name} version ${version.version}${this.retrainedRunId ? ' (the retrained model)' : " (the best trial's model)"}.`;
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = null;
    }
  }
}
