/**
 * The Train use case, train.py in the browser: prepare the chosen dataset, open a run, log the
 * params, tags and dataset inputs, train in the worker while logging every epoch, then log the
 * model (tfjs files, preprocessor, MLmodel), config, plots and predictions, register it when
 * asked, and end the run FINISHED — or KILLED on Cancel, or FAILED with the reason on a NaN loss,
 * a lost GPU context or a crashed worker. Everything logged before a failure stays.
 */
import { csvField } from '$lib/data/csv';
import { datasetDigest, type DatasetRecord } from '$lib/data/library';
import type { Preprocessor } from '$lib/data/preprocess';
import { validateModelName, type ModelVersion, type RegistryStore } from '$lib/registry';
import { TAGS, type DatasetInput, type MlflowClient } from '$lib/tracking';
import { configParams, modelName, type TrainConfig } from '$lib/training/config';
import type { TrainingFailure } from '$lib/training/client';
import { colspecType, mlmodelYaml, WEIGHTS_FILE } from '$lib/training/mlmodel';
import type { BackendReport } from '$lib/training/protocol';
import type { DataChoice, PreparedData, SplitName } from '$lib/data/prepare';
import type { EpochReport, TrainInput, TrainResult } from '$lib/training/trainer';
import type { LinePlot } from '$lib/charts/line-plot';
import { normalised } from './predict';
import { registerRunModel } from './register';

/** The part of the training worker's client the use case needs (a fake in unit tests). */
export interface Trainer {
  ready(): Promise<BackendReport>;
  train(runId: string, input: TrainInput, onEpoch?: (r: EpochReport) => void): Promise<TrainResult>;
}

export interface TrainRequest {
  experimentId: string;
  runName?: string;
  dataset: DatasetRecord;
  choice: DataChoice;
  data: PreparedData;
  config: TrainConfig;
  /** Called once the run exists, so the screen can link to it and offer Cancel. */
  onStart?(runId: string): void;
  onEpoch?(report: EpochReport): void;
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
  renderPlot?: (plot: LinePlot) => Promise<Uint8Array>;
  /** Where `registerAs` registers the model. */
  registry?: RegistryStore;
  now?: () => number;
}

export const SOURCE_NAME = 'Tracklab Train';
const PARAM_LIMIT = 6000;

export interface TrainOutcome {
  runId: string;
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  message?: string;
  result?: TrainResult;
  /** The version created for `registerAs`. */
  registered?: ModelVersion;
  /** Why registering failed; the run itself still finished. */
  registerError?: string;
}

/** Data-config params: what was learned from, and how it was prepared. */
export function dataParams(choice: DataChoice, data: PreparedData, dataset: DatasetRecord) {
  const features = data.pre.features.map((f) => f.name);
  let list = features.join(',');
  if (list.length > PARAM_LIMIT) {
    const more = ` … (+${features.length} columns; see config.json)`;
    list = list.slice(0, PARAM_LIMIT - more.length) + more;
  }
  return {
    dataset: dataset.name,
    dataset_digest: dataset.digest,
    target: choice.target,
    task: choice.task,
    features: list,
    n_features: String(features.length),
    input_width: String(data.pre.width),
    train_rows: String(data.splits.train.y.length),
    validation_rows: String(data.splits.validation.y.length),
    test_rows: String(data.splits.test.y.length),
    dropped_rows: String(data.droppedRows),
    validation_fraction: String(choice.split.validation),
    test_fraction: String(choice.split.test),
    split_seed: String(choice.split.seed),
    impute: choice.impute,
    standardize: String(choice.standardize),
    max_levels: String(choice.maxLevels),
    min_level_count: String(choice.minCount),
  };
}

/** MLflow's column-based schema for a dataset input. */
function schemaOf(dataset: DatasetRecord): string {
  return JSON.stringify({
    mlflow_colspec: dataset.profiles.map((p) => ({
      type: colspecType(p.kind),
      name: p.name,
      required: p.missing === 0,
    })),
  });
}

const CONTEXT: Record<SplitName, string> = {
  train: 'training',
  validation: 'validation',
  test: 'test',
};

/** One dataset input per split, each with its own digest (as MLflow logs from_pandas splits). */
export async function datasetInputs(
  dataset: DatasetRecord,
  data: PreparedData,
): Promise<DatasetInput[]> {
  const out: DatasetInput[] = [];
  for (const split of ['train', 'validation', 'test'] as SplitName[]) {
    const rows = data.splits[split].rows;
    if (!rows.length) continue;
    const bytes = new Uint8Array(
      rows.buffer.slice(rows.byteOffset, rows.byteOffset + rows.byteLength) as ArrayBuffer,
    );
    const seed = new TextEncoder().encode(`${dataset.sha256}:${split}:`);
    const both = new Uint8Array(seed.length + bytes.length);
    both.set(seed);
    both.set(bytes, seed.length);
    const digest = await datasetDigest(both);
    out.push({
      tags: [{ key: TAGS.datasetContext, value: CONTEXT[split] }],
      dataset: {
        name: dataset.name,
        digest,
        source_type: dataset.sourceType === 'bundled' ? 'http' : 'local',
        source: JSON.stringify(
          dataset.sourceType === 'bundled' ? { url: dataset.source } : { uri: dataset.source },
        ),
        schema: schemaOf(dataset),
        profile: JSON.stringify({
          num_rows: rows.length,
          num_elements: rows.length * dataset.columns.length,
        }),
      },
    });
  }
  return out;
}

/** predictions/<split>.csv: row index, true value, prediction, and class probabilities. */
export function predictionsCsv(
  pre: Preprocessor,
  rows: Int32Array,
  y: Float32Array,
  outputs: Float32Array,
) {
  const classes = pre.target.classes;
  const header = ['row', pre.target.name, 'prediction'];
  if (classes) header.push(...classes.map((c) => `proba_${c}`));
  const lines = [header.map(csvField).join(',')];
  const width = rows.length ? outputs.length / rows.length : 1;
  for (let r = 0; r < rows.length; r++) {
    if (!classes) {
      lines.push(`${rows[r]},${y[r]},${outputs[r]}`);
      continue;
    }
    const probs = normalised(
      width === 1
        ? [1 - outputs[r], outputs[r]]
        : Array.from(outputs.subarray(r * width, (r + 1) * width)),
    );
    let best = 0;
    probs.forEach((p, i) => {
      if (p > probs[best]) best = i;
    });
    lines.push(
      [
        String(rows[r]),
        csvField(classes[y[r]]),
        csvField(classes[best]),
        ...probs.map(String),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

function curves(history: EpochReport[], keys: string[]): LinePlot['series'] {
  return keys
    .filter((k) => history.some((h) => h.metrics[k] !== undefined))
    .map((k) => ({
      name: k,
      x: history.map((h) => h.epoch),
      y: history.map((h) => h.metrics[k] ?? NaN),
    }));
}

function plotsOf(
  history: EpochReport[],
  task: DataChoice['task'],
): { file: string; plot: LinePlot }[] {
  const plots = [
    {
      file: 'plots/loss.png',
      plot: { title: 'Loss', xLabel: 'epoch', series: curves(history, ['loss', 'val_loss']) },
    },
  ];
  const metric =
    task === 'regression' ? ['val_mae', 'val_rmse'] : ['accuracy', 'val_accuracy', 'val_auc'];
  const series = curves(history, metric);
  if (series.length)
    plots.push({
      file: `plots/${task === 'regression' ? 'errors' : 'accuracy'}.png`,
      plot: {
        title: task === 'regression' ? 'Validation error' : 'Accuracy',
        xLabel: 'epoch',
        series,
      },
    });
  return plots;
}

export async function train(deps: TrainDeps, request: TrainRequest): Promise<TrainOutcome> {
  const { client, trainer } = deps;
  const { choice, data, config, dataset } = request;
  const now = deps.now ?? Date.now;
  const registerAs = request.registerAs?.trim();
  if (registerAs) {
    // A bad name is reported before any training, not after it.
    if (!deps.registry) throw new Error('No model registry to register the model in.');
    validateModelName(registerAs);
  }
  const backend = await trainer.ready();
  const run = await client.createRun(request.experimentId, {
    runName: request.runName || undefined,
    tags: {
      [TAGS.sourceName]: SOURCE_NAME,
      [TAGS.sourceType]: 'LOCAL',
      [TAGS.backend]: backend.backend,
      [TAGS.tfjsVersion]: backend.tfjsVersion,
      [TAGS.browser]: deps.browser,
      [TAGS.session]: deps.session,
      [TAGS.modelType]: modelName(config.model.kind, choice.task),
    },
  });
  const runId = run.info.run_id;
  request.onStart?.(runId);
  const history: EpochReport[] = [];
  let writes: Promise<void> = Promise.resolve();
  try {
    await client.logParams(runId, {
      ...configParams(config, choice.task),
      ...dataParams(choice, data, dataset),
    });
    await client.logInputs(runId, await datasetInputs(dataset, data));
    const input: TrainInput = {
      task: choice.task,
      classes: data.pre.target.classes?.length ?? 0,
      width: data.pre.width,
      train: data.splits.train,
      validation: data.splits.validation,
      test: data.splits.test,
      scale: data.pre.target.scale,
      config,
      // The same data set and choice give the same splits: a worker that has them keeps them.
      dataKey: `${dataset.sha256} ${JSON.stringify(choice)}`,
    };
    const result = await trainer.train(runId, input, (report) => {
      history.push(report);
      request.onEpoch?.(report);
      const timestamp = now();
      const metrics = Object.entries(report.metrics)
        .filter(([, v]) => v !== undefined)
        .map(([key, value]) => ({ key, value, timestamp, step: report.epoch }));
      // One write per epoch, chained so points land in order even if a write is slow.
      writes = writes.then(() => client.logBatch(runId, { metrics }));
    });
    await writes;
    await logModel(deps, runId, request, result, history, backend.tfjsVersion);
    const registration = registerAs
      ? await registerRunModel({ client, registry: deps.registry! }, { runId, name: registerAs })
          .then((registered) => ({ registered }))
          .catch((e: unknown) => ({
            registerError: `The model is saved with the run, but registering it as '${registerAs}' failed: ${(e as Error).message ?? e}`,
          }))
      : {};
    await client.setTerminated(runId, 'FINISHED', now());
    return { runId, status: 'FINISHED', result, ...registration };
  } catch (e) {
    await writes.catch(() => {});
    const failure = e as TrainingFailure;
    const status = failure.kind === 'cancelled' ? 'KILLED' : 'FAILED';
    const message = failure.message || String(e);
    if (history.length) {
      await Promise.all(
        plotsOf(history, choice.task).map(async ({ file, plot }) => {
          if (deps.renderPlot) await client.logArtifact(runId, file, await deps.renderPlot(plot));
        }),
      ).catch(() => {});
    }
    await client.setTag(runId, TAGS.error, message).catch(() => {});
    await client.setTerminated(runId, status, now());
    return { runId, status, message };
  }
}

async function logModel(
  deps: TrainDeps,
  runId: string,
  request: TrainRequest,
  result: TrainResult,
  history: EpochReport[],
  tfjsVersion: string,
) {
  const { client } = deps;
  const { data, choice, config } = request;
  const last = Math.max(0, result.epochs - 1);
  const timestamp = (deps.now ?? Date.now)();
  const finals: Record<string, number> = {
    ...result.testMetrics,
    epochs_trained: result.epochs,
    best_epoch: result.bestEpoch,
  };
  await client.logBatch(runId, {
    metrics: Object.entries(finals).map(([key, value]) => ({ key, value, timestamp, step: last })),
    tags: [{ key: TAGS.stoppedEarly, value: String(result.stoppedEarly) }],
  });
  const created = new Date(timestamp);
  await client.logArtifact(runId, 'model/model.json', result.files.modelJson);
  await client.logArtifact(runId, `model/${WEIGHTS_FILE}`, result.files.weights);
  await client.logDict(runId, data.pre, 'model/preprocessor.json');
  await client.logText(
    runId,
    mlmodelYaml({
      runId,
      artifactPath: 'model',
      modelUuid: crypto.randomUUID().replace(/-/g, ''),
      created,
      pre: data.pre,
      tfjsVersion,
    }),
    'model/MLmodel',
  );
  await client.logDict(
    runId,
    {
      model: config.model,
      fit: config.fit,
      data: choice,
      dataset: {
        name: request.dataset.name,
        sha256: request.dataset.sha256,
        source: request.dataset.source,
      },
    },
    'config.json',
  );
  const split = (name: 'validation' | 'test', file: string) =>
    data.splits[name].rows.length
      ? client.logText(
          runId,
          predictionsCsv(
            data.pre,
            data.splits[name].rows,
            data.splits[name].y,
            result.predictions[name],
          ),
          file,
        )
      : Promise.resolve();
  await split('validation', 'predictions/val.csv');
  await split('test', 'predictions/test.csv');
  if (deps.renderPlot) {
    for (const { file, plot } of plotsOf(history, choice.task)) {
      await client.logArtifact(runId, file, await deps.renderPlot(plot));
    }
  }
}
