/**
 * The Train use case, train.py in the browser: open a run (optionally a child of a study's run,
 * with extra tags), log the hyperparameters, the data configuration and the dataset inputs, fit in
 * the worker while logging every epoch (trial.ts), then log the model (model-logging.ts) and the
 * curves (training-plots.ts), register it when asked, and end the run FINISHED — or KILLED on
 * Cancel or a hook's stop, or FAILED with the reason on a NaN loss, a lost GPU context, a crashed
 * worker or a failed write. Everything logged before a failure stays.
 */
import type { DatasetRecord } from '$lib/data/library';
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import { validateModelName, type ModelVersion, type RegistryStore } from '$lib/registry';
import { endOf, TAGS, type ActiveRun, type MlflowClient, type Tags } from '$lib/tracking';
import { configParams, modelName, type TrainConfig } from '$lib/training/config';
import type { BackendReport } from '$lib/training/protocol';
import { baselineSentence } from '$lib/training/baseline';
import { baselineWarning } from '$lib/training/baseline-warning';
import type { EpochReport, TrainInput, TrainResult } from '$lib/training/trainer';
import { logModel } from './model-logging';
import { registerRunModel } from './register';
import { dataParams, datasetInputs } from './run-inputs';
import { logTrainingPlots, type PlotRenderer } from './training-plots';
import { runTrial, StorageFull, type EpochHook, type Trainer } from './trial';

export type { EpochDecision, EpochHook, Trainer } from './trial';
export { dataParams, datasetInputs } from './run-inputs';
export { predictionsCsv } from './model-logging';

export interface TrainRequest {
  experimentId: string;
  runName?: string;
  /** Makes the run a child of this one (mlflow.parentRunId), as a tuning study's trials are. */
  parentRunId?: string;
  /** Train into this existing run instead of starting one (a tuning trial's run). */
  runId?: string;
  /** Extra tags for the run, set when it is created. */
  tags?: Tags;
  dataset: DatasetRecord;
  choice: DataChoice;
  data: PreparedData;
  config: TrainConfig;
  /** Called once the run exists, so the screen can link to it and offer Cancel. */
  onStart?(runId: string): void;
  /** Called after each epoch is logged; answering `{ stop: reason }` ends the fit there, KILLED. */
  onEpoch?: EpochHook;
  /** Called with the count of epochs stored so far, after each metric write (for a screen). */
  onSaved?: (epochs: number) => void;
  /**
   * Register the logged model under this name once it is saved, as `log_model`'s
   * `registered_model_name` does; needs `deps.registry`.
   */
  registerAs?: string;
}

export interface TrainDeps {
  client: MlflowClient;
  trainer: Trainer;
  /** Identifies this tab, so a run it leaves RUNNING can be found after it closes. */
  session: string;
  browser: string;
  /** Draws a plot as PNG; absent where there is no canvas (Node). */
  renderPlot?: PlotRenderer;
  /** Where `registerAs` registers the model. */
  registry?: RegistryStore;
  now?: () => number;
  /** Renews the run's liveness lease while it trains (sessions.ts' Heartbeat). */
  lease?: {
    start(runId: string): Promise<void>;
    beat(runId: string): void;
    end(runId: string): Promise<void>;
    /** True once another tab gave the run up as frozen and closed it. */
    revoked?(runId: string): boolean;
  };
}

export const SOURCE_NAME = 'Tracklab Train';

/** Why training stops when another tab closed its run (this tab was frozen or asleep too long). */
export const CLOSED_ELSEWHERE =
  'Another open tab closed this run: this tab sent no sign of life for over 10 minutes (frozen or asleep), so it was given up. Its metrics until then are kept; train again to continue.';

export interface TrainOutcome {
  runId: string;
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  message?: string;
  result?: TrainResult;
  /** How the model compares with its baseline, in words (the run's tracklab.baseline tag). */
  baseline?: string;
  /** Set when the model never beat its baseline: what that means and what to try (tracklab.warning). */
  warning?: string;
  /** The version created for `registerAs`. */
  registered?: ModelVersion;
  /** Why registering failed; the run itself still finished. */
  registerError?: string;
  /** On a full disk: the epochs whose metrics were stored (the screen shows only these). */
  keptEpochs?: number;
}

function trainInput(request: TrainRequest): TrainInput {
  const { choice, data, config } = request;
  return {
    task: choice.task,
    classes: data.pre.target.classes?.length ?? 0,
    width: data.pre.width,
    train: data.splits.train,
    validation: data.splits.validation,
    test: data.splits.test,
    scale: data.pre.target.scale,
    config,
    // The same data set and choice give the same splits: a worker that has them keeps them.
    dataKey: `${request.dataset.sha256} ${JSON.stringify(choice)}`,
  };
}

function runTags(deps: TrainDeps, request: TrainRequest, backend: BackendReport): Tags {
  const registerAs = request.registerAs?.trim();
  return {
    // Recorded up front, so a tab closed before registering leaves the wish for another to finish.
    ...(registerAs ? { [TAGS.registerAs]: registerAs } : {}),
    [TAGS.sourceName]: SOURCE_NAME,
    [TAGS.sourceType]: 'LOCAL',
    [TAGS.backend]: backend.backend,
    [TAGS.tfjsVersion]: backend.tfjsVersion,
    [TAGS.browser]: deps.browser,
    [TAGS.session]: deps.session,
    [TAGS.modelType]: modelName(request.config.model.kind, request.choice.task),
    ...request.tags,
  };
}

/** Registers the saved model; a failure is reported, and the run still finishes. */
async function register(deps: TrainDeps, runId: string, name: string) {
  return registerRunModel({ client: deps.client, registry: deps.registry! }, { runId, name })
    .then((registered) => ({ registered }))
    .catch((e: unknown) => ({
      registerError: `The model is saved with the run, but registering it as '${name}' failed: ${(e as Error).message ?? e}`,
    }));
}

export async function train(deps: TrainDeps, request: TrainRequest): Promise<TrainOutcome> {
  const { client, trainer } = deps;
  const { choice, data, config } = request;
  const now = deps.now ?? Date.now;
  const registerAs = request.registerAs?.trim();
  if (registerAs) {
    // A bad name is reported before any training, not after it.
    if (!deps.registry) throw new Error('No model registry to register the model in.');
    validateModelName(registerAs);
  }
  const backend = await trainer.ready();
  let runId: string | undefined;
  const history: EpochReport[] = [];
  const body = async (run: ActiveRun): Promise<TrainOutcome> => {
    const params: Record<string, string> = {
      ...configParams(config, choice.task),
      ...dataParams(choice, data, request.dataset),
    };
    if (request.runId) {
      // A resumed run (a tuning trial's) has its sampled params already, in the study's terms;
      // params are write-once, so those keys keep the study's value.
      const logged = (await client.getRun(run.runId)).data.params;
      for (const p of logged) delete params[p.key];
    }
    await run.logParams(params);
    await client.logInputs(run.runId, await datasetInputs(request.dataset, data));
    try {
      const result = await runTrial(run, trainer, trainInput(request), {
        onEpoch: (report) => {
          deps.lease?.beat(run.runId);
          if (deps.lease?.revoked?.(run.runId)) return { stop: CLOSED_ELSEWHERE };
          return request.onEpoch?.(report);
        },
        onSaved: request.onSaved,
        now,
        history,
      });
      await logModel(run, request, result, { tfjsVersion: backend.tfjsVersion, timestamp: now() });
      await logTrainingPlots(run, history, choice.task, deps.renderPlot);
      const registration = registerAs ? await register(deps, run.runId, registerAs) : {};
      const classes = request.data.pre.target.classes;
      const baseline = result.vsBaseline ? baselineSentence(result.vsBaseline, classes) : undefined;
      const warning = baselineWarning({
        task: choice.task,
        history,
        baselines: result.baselineMetrics,
        final: result.vsBaseline,
        config: config.fit,
        majorityName: classes?.[result.vsBaseline?.majorityClass ?? -1],
      });
      if (warning) await run.setTags({ [TAGS.warning]: warning });
      return { runId: run.runId, status: 'FINISHED', result, baseline, warning, ...registration };
    } catch (e) {
      // The curves so far help to see what went wrong; drawing them is best effort.
      await logTrainingPlots(run, history, choice.task, deps.renderPlot).catch(() => {});
      throw e;
    }
  };
  try {
    return await client.startRun(
      {
        experimentId: request.experimentId,
        runName: request.runName || undefined,
        parentRunId: request.parentRunId,
        runId: request.runId,
        tags: runTags(deps, request, backend),
        onStart: (run) => {
          runId = run.runId;
          void deps.lease?.start(run.runId).catch(() => undefined);
          request.onStart?.(run.runId);
        },
      },
      body,
    );
  } catch (e) {
    if (runId === undefined) throw e;
    const { status, reason } = endOf(e);
    const kept = e instanceof StorageFull ? { keptEpochs: e.keptEpochs } : {};
    return { runId, status, message: reason, ...kept };
  } finally {
    // The run is ended (startRun ended it): its lease has nothing left to say.
    if (runId !== undefined) await deps.lease?.end(runId).catch(() => undefined);
  }
}
