/**
 * Evaluating through a model rather than its saved predictions: load the run's model (or a
 * registered version's) from IndexedDB, predict a split of the dataset it was trained on, or a
 * newly dropped CSV checked against the model's inputs, and hand the predictions to evaluate()
 * (in the evaluation worker) with the data as the run's "evaluation" dataset input.
 */
import { parseTable } from '$lib/data/csv';
import { toSafeCsv } from '$lib/data/csv-export';
import { DataError } from '$lib/data/errors';
import { datasetDigest, type DatasetRecord } from '$lib/data/library';
import {
  checkModelType,
  type EvaluateRequest,
  type EvaluationResult,
  type ModelType,
} from '$lib/evaluation';
import { canonicalStage, type ModelVersion, type RegistryStore } from '$lib/registry';
import { tagValue, TAGS, type Dataset, type MlflowClient } from '$lib/tracking';
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import { loadRunModel, predictRows, toPredictions, type Predictor } from './predict';

export interface ModelEvaluationDeps {
  client: MlflowClient;
  registry?: RegistryStore;
  predictor: Predictor;
  datasets: { get(sha256: string): Promise<DatasetRecord | undefined> };
  data: { prepare(sha256: string, choice: DataChoice): Promise<PreparedData> };
  evaluator: { evaluate(request: EvaluateRequest): Promise<EvaluationResult> };
}

export interface ModelEvaluationRequest {
  /** A run with a logged model, or a registered version as models:/<name>/<version>. */
  model: { runId: string } | { uri: string };
  /** A split of the training dataset, or a CSV with the model's input columns and the target. */
  data: { split: 'test' | 'validation' } | { file: { name: string; text: string } };
  /** When given, must be the model's target: a model predicts the column it was trained for. */
  target?: string;
  threshold?: number;
  /** Two classes: the positive one (default: the greater label in scikit-learn's order). */
  posLabel?: string | number;
  /** When given, must be what the model is: a classifier (it predicts classes) or a regressor. */
  modelType?: ModelType;
  experimentId?: string;
  runName?: string;
}

/**
 * The run behind a model URI, as MLflow resolves them: runs:/<run_id>[/model],
 * models:/<name>/<version>, models:/<name>/<stage> (the newest version in it),
 * models:/<name>/latest and models:/<name>@<alias>. `uri` is the version it resolved to,
 * models:/<name>/<version>, so the evaluation keeps naming it after an alias or stage moves.
 */
export async function resolveModelUri(
  registry: RegistryStore | undefined,
  requested: string,
): Promise<{ runId: string; uri: string }> {
  const run = /^runs:\/([^/]+)(?:\/model\/?)?$/.exec(requested);
  if (run) return { runId: run[1], uri: `runs:/${run[1]}/model` };
  const shapes =
    'runs:/<run_id>/model, models:/<name>/<version>, models:/<name>/<stage>, models:/<name>/latest or models:/<name>@<alias>';
  if (!requested.startsWith('models:/'))
    throw new Error(`"${requested}" is not a model URI this browser can resolve: use ${shapes}.`);
  if (requested.startsWith('models://'))
    throw new Error(
      `"${requested}" names a registry on another host: this browser has only its own registry. Use ${shapes}.`,
    );
  if (!registry) throw new Error('No model registry to read the version from.');
  // Not parsed as a URL (MLflow's urlparse would cut a name at "?" or "#", which names may
  // hold): names cannot hold "/", so the last "/" or "@" splits the name from what follows.
  const rest = requested.slice('models:/'.length);
  const at = rest.lastIndexOf('@');
  const slash = rest.lastIndexOf('/');
  let version: ModelVersion;
  if (at > 0 && at > slash && at < rest.length - 1) {
    version = await registry.getModelVersionByAlias(rest.slice(0, at), rest.slice(at + 1));
  } else if (slash > 0 && slash < rest.length - 1) {
    const name = rest.slice(0, slash);
    const which = rest.slice(slash + 1);
    if (/^\d+$/.test(which)) version = await registry.getModelVersion(name, which);
    else {
      const stage = which.toLowerCase() === 'latest' ? undefined : canonicalStage(which);
      const latest = await registry.getLatestVersions(name, stage ? [stage] : undefined);
      const newest = latest.sort((a, b) => Number(b.version) - Number(a.version))[0];
      if (!newest)
        throw new Error(
          stage
            ? `"${name}" has no version in stage ${stage}: promote one on its model page first.`
            : `"${name}" has no versions yet: register a run's model under it first.`,
        );
      version = newest;
    }
  } else
    throw new Error(`"${requested}" is not a model URI this browser can resolve: use ${shapes}.`);
  if (!version.run_id)
    throw new Error(
      `Version ${version.version} of "${version.name}" names no run, so its model is not in this browser.`,
    );
  return { runId: version.run_id, uri: `models:/${version.name}/${version.version}` };
}

async function resolveRun(deps: ModelEvaluationDeps, model: ModelEvaluationRequest['model']) {
  if ('runId' in model) return { runId: model.runId, uri: undefined };
  return resolveModelUri(deps.registry, model.uri);
}

/** Predicts with the model and evaluates the predictions as a new run. */
export async function evaluateModel(
  deps: ModelEvaluationDeps,
  request: ModelEvaluationRequest,
): Promise<EvaluationResult> {
  const { client } = deps;
  const { runId, uri } = await resolveRun(deps, request.model);
  const requested = 'uri' in request.model ? request.model.uri : undefined;
  const run = await client.getRun(runId);
  const model = await loadRunModel(client, runId);
  const pre = model.pre;
  const target = pre.target.name;
  if (request.target !== undefined && request.target !== target)
    throw new Error(
      `This model was trained to predict "${target}", not "${request.target}": leave the target out or name "${target}".`,
    );
  checkModelType(request.modelType);
  const kind: ModelType = pre.target.classes ? 'classifier' : 'regressor';
  if (request.modelType !== undefined && request.modelType !== kind)
    throw new Error(
      `This model is a ${kind}: it predicts ${kind === 'classifier' ? 'the classes' : 'the values'} of "${target}", so the model type "${request.modelType}" does not fit it. Leave the model type out, or give "${kind}".`,
    );
  if (
    request.data &&
    'split' in request.data &&
    !['test', 'validation'].includes(request.data.split)
  )
    throw new Error(
      `"${String(request.data.split)}" is not a split to evaluate on: use "test", "validation" or a CSV file.`,
    );
  let name: string;
  let dataset: Dataset;
  let truth: string[];
  if ('split' in request.data) {
    const split = request.data.split;
    const config = JSON.parse(
      new TextDecoder().decode(await client.downloadArtifact(runId, 'config.json')),
    ) as { data: DataChoice; dataset: { name: string; sha256: string } };
    const record = await deps.datasets.get(config.dataset.sha256);
    if (!record)
      throw new Error(
        `The dataset "${config.dataset.name}" this model was trained on is no longer in this browser. Open it on the Data page again, or evaluate on a CSV file.`,
      );
    const prepared = await deps.data.prepare(record.sha256, config.data);
    const part = prepared.splits[split];
    if (!part.rows.length)
      throw new Error(
        `The ${split} split of this run is empty: evaluate on the other split or a CSV.`,
      );
    const outputs = await deps.predictor.predict(model.files, part.x, pre.width);
    const predictions = toPredictions(pre, outputs, part.rows.length);
    const classes = pre.target.classes;
    truth = Array.from(part.y, (y) => (classes ? classes[y] : String(y)));
    name = `${record.name} (${split} split)`;
    const logged = run.inputs.dataset_inputs.find(
      (i) => tagValue(i.tags, TAGS.datasetContext) === split,
    );
    dataset = logged?.dataset ?? {
      name: record.name,
      digest: record.digest,
      source_type: 'local',
      source: JSON.stringify({ uri: record.source }),
    };
    return deps.evaluator.evaluate({
      ...common(request, runId, uri, requested, name, dataset),
      target, // the file is ours: its target column is named, whatever its name
      predictions: {
        name,
        text: csvOf(target, Array.from(part.rows, String), truth, predictions, classes),
      },
    });
  }
  const file = request.data.file;
  const { columns, rows } = parseTable(file.text);
  const ti = columns.indexOf(target);
  if (ti < 0)
    throw new DataError(
      `"${file.name}" has no "${target}" column: evaluating needs the true value of each row next to the model's inputs.`,
      { column: target },
    );
  const classes = pre.target.classes;
  if (classes) {
    const known = new Set(classes);
    const unknown = rows.findIndex((r) => !known.has(r[ti]));
    if (unknown >= 0)
      throw new DataError(
        `Row ${unknown + 2} of "${file.name}": "${rows[unknown][ti]}" in "${target}" is not a class the model knows (${classes.map((c) => `"${c}"`).join(', ')}).`,
        { row: unknown + 2, column: target },
      );
  }
  truth = rows.map((r) => r[ti]);
  const predictions = await predictRows(deps.predictor, model, columns, rows);
  name = file.name;
  dataset = {
    name: file.name,
    digest: await datasetDigest(file.text),
    source_type: 'local',
    source: JSON.stringify({ uri: file.name }),
    profile: JSON.stringify({ num_rows: rows.length, num_elements: rows.length * columns.length }),
  };
  return deps.evaluator.evaluate({
    ...common(request, runId, uri, requested, name, dataset),
    target,
    predictions: {
      name,
      text: csvOf(
        target,
        rows.map((_, i) => String(i)),
        truth,
        predictions,
        classes,
      ),
    },
  });
}

function common(
  request: ModelEvaluationRequest,
  runId: string,
  uri: string | undefined,
  requested: string | undefined,
  name: string,
  dataset: Dataset,
): Omit<EvaluateRequest, 'predictions'> {
  return {
    runId,
    threshold: request.threshold,
    posLabel: request.posLabel,
    modelType: request.modelType,
    experimentId: request.experimentId,
    dataset,
    evaluatedModel: uri ?? `runs:/${runId}/model`,
    requestedModel: requested,
    runName: request.runName,
    dataName: name,
  };
}

function csvOf(
  target: string,
  rowIds: string[],
  truth: string[],
  predictions: ReturnType<typeof toPredictions>,
  classes: string[] | undefined,
): string {
  const header = ['row', target, 'prediction', ...(classes ?? []).map((c) => `proba_${c}`)];
  return toSafeCsv([
    header,
    ...predictions.map((p, i) => [
      rowIds[i],
      truth[i],
      classes ? p.label : String(p.value),
      ...(p.probabilities ?? []).map(String),
    ]),
  ]);
}

/**
 * mlflow.evaluate's one entry point: a model (by URI, or a run's), a run's saved predictions or a
 * predictions file, with the data, target and evaluators named as MLflow names them.
 */
export interface EvaluationOptions {
  /** runs:/<run_id>/model, models:/<name>/<version>, models:/<name>/<stage>, models:/<name>@<alias>. */
  model?: string;
  /** A run: its saved predictions (`predictions` names the artifact), or its model when `data` is given. */
  runId?: string;
  /** An artifact of `runId` (default predictions/test.csv), or a predictions file. */
  predictions?: string | { name: string; text: string };
  /** What the model predicts: a split of its training data (default 'test') or a CSV file. */
  data?: 'test' | 'validation' | { name: string; text: string };
  /** The true-value column: the model's target (checked), or the predictions file's column. */
  target?: string;
  /** Which evaluators run: Tracklab has one, "default" (MLflow's default evaluator's metrics). */
  evaluators?: string | string[];
  threshold?: number;
  /** Two classes: the positive one (MLflow's evaluator_config pos_label); default the greater label. */
  posLabel?: string | number;
  /**
   * MLflow's model_type: "classifier" or "regressor". A predictions file whose true and predicted
   * columns both hold numbers is a regression unless it says "classifier"; for a model, it must
   * be what the model is. Default: from the file or the model.
   */
  modelType?: ModelType;
  experimentId?: string;
  runName?: string;
}

/** A form's choice of data (a split, or a CSV file the person picked) as evaluate's `data`. */
export async function evaluationData(
  choice: 'test' | 'validation' | 'file',
  file: File | undefined,
): Promise<NonNullable<EvaluationOptions['data']>> {
  if (choice !== 'file') return choice;
  if (!file) throw new Error('Choose a CSV file to evaluate on.');
  return { name: file.name, text: await file.text() };
}

export const EVALUATORS = ['default'];

const OPTIONS = new Set([
  'model',
  'runId',
  'predictions',
  'data',
  'target',
  'evaluators',
  'threshold',
  'posLabel',
  'modelType',
  'experimentId',
  'runName',
]);
const SIMILAR: Record<string, string> = {
  targets: 'target',
  model_uri: 'model',
  run_id: 'runId',
  evaluator_config: 'evaluators',
  experiment_id: 'experimentId',
  run_name: 'runName',
  pos_label: 'posLabel',
  model_type: 'modelType',
};

/** Evaluates what `options` names, logging a new run; returns mlflow.evaluate's result shape. */
export async function evaluateAny(
  deps: ModelEvaluationDeps,
  options: EvaluationOptions,
): Promise<EvaluationResult> {
  const unknownOption = Object.keys(options).find((key) => !OPTIONS.has(key));
  if (unknownOption)
    throw new Error(
      `Unknown option "${unknownOption}"${SIMILAR[unknownOption] ? `: did you mean "${SIMILAR[unknownOption]}"?` : `: the options are ${[...OPTIONS].join(', ')}.`}`,
    );
  const evaluators =
    typeof options.evaluators === 'string' ? [options.evaluators] : (options.evaluators ?? []);
  const unknown = evaluators.filter((e) => !EVALUATORS.includes(e));
  if (unknown.length)
    throw new Error(
      `Unknown evaluator ${unknown.map((e) => `"${e}"`).join(', ')}: Tracklab has ${EVALUATORS.map((e) => `"${e}"`).join(', ')}.`,
    );
  if (options.model !== undefined && options.predictions !== undefined)
    throw new Error(
      'Give a model to predict with, or predictions to evaluate, not both: predictions are evaluated as they are.',
    );
  if (options.model !== undefined && options.runId !== undefined)
    throw new Error(
      `Give a model URI or a runId, not both: runs:/${options.runId}/model names that run's model.`,
    );
  if (options.predictions !== undefined && options.data !== undefined)
    throw new Error(
      'Give predictions, or data for a model to predict, not both: a predictions file already holds the true values.',
    );
  if (
    options.model === undefined &&
    options.runId === undefined &&
    options.predictions === undefined
  )
    throw new Error(
      'Nothing to evaluate: give a model URI, a runId (its saved predictions), or a predictions file.',
    );
  checkModelType(options.modelType);
  const common = {
    threshold: options.threshold,
    posLabel: options.posLabel,
    modelType: options.modelType,
    experimentId: options.experimentId,
    runName: options.runName,
  };
  const viaModel =
    options.model !== undefined ||
    (options.data !== undefined && options.predictions === undefined);
  if (!viaModel)
    return deps.evaluator.evaluate({
      ...common,
      runId: options.runId,
      predictions: options.predictions,
      target: options.target,
    });
  const data = options.data ?? 'test';
  return evaluateModel(deps, {
    ...common,
    model: options.model !== undefined ? { uri: options.model } : { runId: options.runId! },
    data: typeof data === 'string' ? { split: data } : { file: data },
    target: options.target,
  });
}
