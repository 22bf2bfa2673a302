/**
 * Evaluating through a model rather than its saved predictions: load the run's model (or a
 * registered version's) from IndexedDB, predict a split of the dataset it was trained on, or a
 * newly dropped CSV checked against the model's inputs, and hand the predictions to evaluate()
 * (in the evaluation worker) with the data as the run's "evaluation" dataset input.
 */
import { parseTable, toCsv } from '$lib/data/csv';
import { DataError } from '$lib/data/errors';
import { datasetDigest, type DatasetRecord } from '$lib/data/library';
import type { EvaluateRequest, EvaluationResult } from '$lib/evaluation';
import type { RegistryStore } from '$lib/registry';
import { tagValue, TAGS, type Dataset, type MlflowClient } from '$lib/tracking';
import type { DataChoice, PreparedData } from '$lib/training/prepare';
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
  threshold?: number;
  experimentId?: string;
}

const MODELS_URI = /^models:\/([^/]+)\/(\d+)$/;

async function resolveRun(deps: ModelEvaluationDeps, model: ModelEvaluationRequest['model']) {
  if ('runId' in model) return { runId: model.runId, uri: undefined };
  const m = MODELS_URI.exec(model.uri);
  if (!m)
    throw new Error(`"${model.uri}" is not a model URI of the form models:/<name>/<version>.`);
  if (!deps.registry) throw new Error('No model registry to read the version from.');
  const version = await deps.registry.getModelVersion(m[1], m[2]);
  if (!version.run_id)
    throw new Error(
      `Version ${version.version} of "${version.name}" names no run, so its model is not in this browser.`,
    );
  return { runId: version.run_id, uri: model.uri };
}

/** Predicts with the model and evaluates the predictions as a new run. */
export async function evaluateModel(
  deps: ModelEvaluationDeps,
  request: ModelEvaluationRequest,
): Promise<EvaluationResult> {
  const { client } = deps;
  const { runId, uri } = await resolveRun(deps, request.model);
  const run = await client.getRun(runId);
  const model = await loadRunModel(client, runId);
  const pre = model.pre;
  const target = pre.target.name;
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
      ...common(request, runId, uri, name, dataset),
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
    ...common(request, runId, uri, name, dataset),
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
  name: string,
  dataset: Dataset,
): Omit<EvaluateRequest, 'predictions'> {
  return {
    runId,
    threshold: request.threshold,
    experimentId: request.experimentId,
    dataset,
    evaluatedModel: uri ?? `runs:/${runId}/model`,
    runName: undefined,
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
  return toCsv([
    header,
    ...predictions.map((p, i) => [
      rowIds[i],
      truth[i],
      classes ? p.label : String(p.value),
      ...(p.probabilities ?? []).map(String),
    ]),
  ]);
}
