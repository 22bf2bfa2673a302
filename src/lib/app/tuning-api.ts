/**
 * `tracklab.tuning` on the browser console: Optuna's API over the app's own store, so a study
 * made from code is a parent run with its trials nested under it, shown on the Study page while
 * it runs, and `trainObjective` trains a model per trial the way the Tune page does.
 *
 *   const study = await tracklab.tuning.createStudy({ studyName: 'lr', direction: 'maximize' });
 *   const objective = await tracklab.tuning.trainObjective({ study, dataset: 'iris', target: 'species', metric: 'val_accuracy' });
 *   await study.optimize(objective, { nTrials: 20 });
 */
import { inferTask } from '$lib/data/columns';
import type { DatasetRecord } from '$lib/data/library';
import type { DataChoice } from '$lib/data/prepare';
import { legacyRead } from '$lib/data/read-options';
import { DEFAULT_CONFIG, type TrainConfig } from '$lib/training/config';
import { createTrial } from '$lib/tuning/add-trial';
import {
  categoricalDistribution,
  floatDistribution,
  intDistribution,
} from '$lib/tuning/distributions';
import {
  FanovaImportanceEvaluator,
  getParamImportances,
  PedAnovaImportanceEvaluator,
} from '$lib/tuning/importance';
import * as pruners from '$lib/tuning/pruners';
import { createPruner } from '$lib/tuning/pruners';
import { AutoSampler } from '$lib/tuning/samplers/auto';
import { GPSampler } from '$lib/tuning/samplers/gp/sampler';
import { GridSampler } from '$lib/tuning/samplers/grid';
import { RandomSampler } from '$lib/tuning/samplers/random';
import { createDefaultSampler, createSampler, samplerNames } from '$lib/tuning/samplers/registry';
import { TPESampler } from '$lib/tuning/samplers/tpe/sampler';
import type { Objective } from '$lib/tuning/optimize';
import { createStudy, loadStudy, type CreateStudyOptions } from '$lib/tuning/create-study';
import type { Study } from '$lib/tuning/study';
import { TrackingStudyStorage } from '$lib/tuning/tracking-storage';
import { TrialPruned } from '$lib/tuning/trial';
import { TAGS, tagValue } from '$lib/tracking';
import type { Pruner, Sampler } from '$lib/tuning/types';
import { browserName } from './browser-name';
import type { App } from './create-app';
import type { TrainDeps } from './train';
import {
  defaultSearchSpace,
  metricDirection,
  spaceProblems,
  trainObjective,
  type SearchSpace,
} from './tune';

/** What training needs from the app, as its screens pass it: this tab's session, leases, registry. */
export function appTrainDeps(app: App): TrainDeps {
  return {
    client: app.client,
    trainer: app.training,
    session: app.session,
    browser: browserName(),
    registry: app.registry,
    lease: app.heartbeat,
  };
}

/** The data choice a dataset gets with nothing chosen: the Data page's defaults for this target. */
export function defaultChoice(record: DatasetRecord, target: string): DataChoice {
  const profile = record.profiles.find((p) => p.name === target);
  if (!profile) {
    throw new Error(
      `"${target}" is not a column of ${record.name}; its columns: ${record.columns.map((c) => `"${c}"`).join(', ')}.`,
    );
  }
  return {
    target,
    task: inferTask(profile),
    features: record.profiles.map((p) => ({ name: p.name, kind: p.kind })),
    impute: 'median',
    standardize: true,
    maxLevels: 50,
    minCount: 1,
    split: { validation: 0.2, test: 0.2, seed: 42 },
    read: record.read ?? legacyRead(record.delimiter),
  };
}

/**
 * A sampler rebuilt from a study's logged name and settings for a resumed study: its seed moved
 * on by the trials already run, so the resumed part does not replay the first part's draws.
 */
export function resumedSampler(
  spec: { name: string; settings: Record<string, unknown> },
  trials: number,
): Sampler {
  const seed = spec.settings.seed;
  const settings = { ...spec.settings };
  if (typeof seed === 'number') settings.seed = (seed + Math.imul(trials, 0x9e3779b9)) >>> 0;
  return createSampler(spec.name, settings);
}

export interface TrainObjectiveRequest {
  study: Study;
  /** A saved dataset, by name or SHA-256. */
  dataset: string;
  target: string;
  /** The validation metric to optimise; default: val_loss. */
  metric?: string;
  space?: SearchSpace;
  /** Values of the hyperparameters the space does not search. */
  config?: TrainConfig;
}

/**
 * A study's storage in the app's store: its runs carry this tab's session, so runs a closed tab
 * left RUNNING are closed (and say why) by the next tab to open (abandoned.ts).
 */
export function studyStorage(app: App, experimentId = '0'): TrackingStudyStorage {
  return new TrackingStudyStorage(app.client, experimentId, { [TAGS.session]: app.session });
}

/**
 * A console study's run follows its optimize calls, as a `with mlflow.start_run():` block around
 * them would: RUNNING while one runs, FINISHED when it returns, FAILED with the reason when it
 * throws. (Asked and told by hand, it stays RUNNING until its tab closes; the next tab to open
 * then closes it.) The Tune page keeps its own: a paused study stays open to be resumed.
 */
function followedByItsRun(app: App, study: Study): Study {
  const optimize = study.optimize.bind(study);
  study.optimize = async (objective, options) => {
    const runId = study.studyRunId;
    if (!runId) return optimize(objective, options);
    const run = await app.client.getRun(runId);
    if (tagValue(run.data.tags, TAGS.error) !== undefined)
      await app.client.deleteTag(runId, TAGS.error);
    if (run.info.status !== 'RUNNING') await app.client.updateRun(runId, { status: 'RUNNING' });
    try {
      await optimize(objective, options);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      await app.client.setTag(runId, TAGS.error, `The study stopped: ${why}`).catch(() => {});
      await app.client.setTerminated(runId, 'FAILED').catch(() => {});
      throw e;
    }
    await app.client.setTerminated(runId, 'FINISHED');
  };
  return study;
}

/** Where a console study lives, and where it samples. */
interface StudyPlace {
  /** The experiment its runs go to (default: experiment 0). */
  experimentId?: string;
  /**
   * Sample on the page's own thread, even with a sampler that would sample in the sampling worker
   * (AutoSampler, GPSampler: off-page.ts). The same trials either way; off the page, the page
   * does not pause while a Gaussian process fits.
   */
  sampleOnPage?: boolean;
}

export function tuningApi(app: App) {
  const storageFor = (experimentId = '0') => studyStorage(app, experimentId);
  async function findDataset(nameOrSha: string): Promise<DatasetRecord> {
    const all = await app.datasets.list();
    const found = all.find((d) => d.sha256 === nameOrSha) ?? all.find((d) => d.name === nameOrSha);
    if (!found) {
      throw new Error(
        `No saved dataset "${nameOrSha}"${all.length ? `; saved: ${all.map((d) => `"${d.name}"`).join(', ')}` : ' (drop a CSV on the Data page first)'}.`,
      );
    }
    return found;
  }
  return {
    /** A study kept in the tracking store (experiment 0 unless `experimentId`). */
    async createStudy(options: CreateStudyOptions & StudyPlace = {}): Promise<Study> {
      const { experimentId, sampleOnPage, ...rest } = options;
      const sampler = rest.sampler ?? createDefaultSampler(rest.seed);
      const study = await createStudy({
        storage: rest.storage ?? storageFor(experimentId),
        ...rest,
        sampler: sampleOnPage ? sampler : app.sampling.offPage(sampler),
      });
      return followedByItsRun(app, study);
    },
    /** A saved study, with its own sampler and pruner rebuilt from what it logged unless given. */
    async loadStudy(
      options: { studyName: string; sampler?: Sampler; pruner?: Pruner } & StudyPlace,
    ): Promise<Study> {
      const storage = storageFor(options.experimentId);
      const stored = await storage.load(options.studyName);
      let sampler =
        options.sampler ?? (stored && resumedSampler(stored.spec.sampler, stored.trials.length));
      if (sampler && !options.sampleOnPage) sampler = app.sampling.offPage(sampler);
      const pruner =
        options.pruner ??
        (stored && createPruner(stored.spec.pruner.name, stored.spec.pruner.settings));
      return followedByItsRun(
        app,
        await loadStudy({ studyName: options.studyName, storage, sampler, pruner }),
      );
    },
    studyNames: (experimentId?: string) => storageFor(experimentId).studyNames(),
    /** The objective the Tune page runs: train a model per trial into the trial's run. */
    async trainObjective(request: TrainObjectiveRequest): Promise<Objective> {
      const record = await findDataset(request.dataset);
      const choice = defaultChoice(record, request.target);
      const space = request.space ?? defaultSearchSpace();
      const problems = spaceProblems(space);
      if (problems.length) throw new Error(`The search space cannot run: ${problems.join(' ')}`);
      const metric = request.metric ?? 'val_loss';
      if (request.study.direction !== metricDirection(metric)) {
        console.warn(
          `The study ${request.study.direction}s, and ${metric} is usually ${metricDirection(metric)}d: check the study's direction.`,
        );
      }
      const data = await app.data.prepare(record.sha256, choice);
      const experimentId = (await app.client.getRun(request.study.studyRunId ?? '')).info
        .experiment_id;
      return trainObjective(appTrainDeps(app), {
        study: request.study,
        experimentId,
        dataset: record,
        choice,
        data,
        metric,
        space,
        base: request.config ?? DEFAULT_CONFIG,
      });
    },
    defaultSearchSpace,
    samplers: {
      AutoSampler,
      GPSampler,
      TPESampler,
      RandomSampler,
      GridSampler,
      names: samplerNames,
    },
    pruners,
    TrialPruned,
    /** optuna.importance: getParamImportances(study, { evaluator, params, target, normalize }). */
    importance: { getParamImportances, PedAnovaImportanceEvaluator, FanovaImportanceEvaluator },
    /** Optuna's create_trial, for study.addTrial: a known result for the sampler to learn from. */
    createTrial,
    /** For study.ask(fixedDistributions) and createTrial, as Optuna's distributions module. */
    distributions: {
      FloatDistribution: floatDistribution,
      IntDistribution: intDistribution,
      CategoricalDistribution: categoricalDistribution,
    },
  };
}

export type TuningApi = ReturnType<typeof tuningApi>;
