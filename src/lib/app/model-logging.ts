/**
 * `log_model` for a trained Tracklab model: the final metrics, the model folder (tfjs files, the
 * fitted preprocessor and an MLmodel file with the input signature) with config.json in one
 * all-or-nothing write, and the validation and test predictions, each under the path MLflow's
 * tools expect.
 */
import { safeCsvField } from '$lib/data/csv-export';
import type { DatasetRecord } from '$lib/data/library';
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import type { Preprocessor } from '$lib/data/preprocess';
import { TAGS, type ActiveRun } from '$lib/tracking';
import { baselineSentence } from '$lib/training/baseline';
import type { TrainConfig } from '$lib/training/config';
import { mlmodelYaml, WEIGHTS_FILE } from '$lib/training/mlmodel';
import type { TrainResult } from '$lib/training/trainer';
import { toPredictions } from './predict';

/** What was trained, on what: the parts of a training request the logged model records. */
export interface TrainedOn {
  dataset: DatasetRecord;
  choice: DataChoice;
  data: PreparedData;
  config: TrainConfig;
}

/**
 * predictions/<split>.csv: row index, true value, prediction, and class probabilities; text cells
 * are neutralised for spreadsheets (csv-export.ts) and read back by readPredictions.
 */
export function predictionsCsv(
  pre: Preprocessor,
  rows: Int32Array,
  y: Float32Array,
  outputs: Float32Array,
) {
  const classes = pre.target.classes;
  const header = ['row', pre.target.name, 'prediction'];
  if (classes) header.push(...classes.map((c) => `proba_${c}`));
  const lines = [header.map(safeCsvField).join(',')];
  if (!classes) {
    // Outputs are already in the target's units here.
    for (let r = 0; r < rows.length; r++) lines.push(`${rows[r]},${y[r]},${outputs[r]}`);
  } else {
    toPredictions(pre, outputs, rows.length).forEach((p, r) =>
      lines.push(
        [
          String(rows[r]),
          safeCsvField(classes[y[r]]),
          safeCsvField(p.label),
          ...p.probabilities!.map(String),
        ].join(','),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * The end-of-training metrics, all at the last epoch's step: test metrics, the baselines'
 * scores and the fit's length; and the comparison with the baseline as a sentence (a tag).
 */
function logFinalMetrics(
  run: ActiveRun,
  result: TrainResult,
  timestamp: number,
  classNames?: readonly string[],
) {
  const step = Math.max(0, result.epochs - 1);
  run.logMetrics(
    {
      ...result.testMetrics,
      ...result.baselineMetrics,
      epochs_trained: result.epochs,
      best_epoch: result.bestEpoch,
    },
    step,
    timestamp,
  );
  const tags: Record<string, string> = { [TAGS.stoppedEarly]: String(result.stoppedEarly) };
  if (result.vsBaseline) tags[TAGS.baseline] = baselineSentence(result.vsBaseline, classNames);
  return Promise.all([run.flush(), run.setTags(tags)]);
}

/** JSON as logDict writes it. */
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function logModel(
  run: ActiveRun,
  trained: TrainedOn,
  result: TrainResult,
  meta: { tfjsVersion: string; timestamp: number },
): Promise<void> {
  const { data, choice, config, dataset } = trained;
  await logFinalMetrics(run, result, meta.timestamp, data.pre.target.classes);
  // One transaction for the model folder and config.json: a tab closed halfway leaves either a
  // complete model or none, never one that offers Evaluate and then fails on a missing file.
  await run.logArtifacts([
    { path: 'model/model.json', body: result.files.modelJson },
    { path: `model/${WEIGHTS_FILE}`, body: result.files.weights },
    { path: 'model/preprocessor.json', body: json(data.pre) },
    {
      path: 'model/MLmodel',
      body: mlmodelYaml({
        runId: run.runId,
        artifactPath: 'model',
        modelUuid: crypto.randomUUID().replace(/-/g, ''),
        created: new Date(meta.timestamp),
        pre: data.pre,
        tfjsVersion: meta.tfjsVersion,
      }),
    },
    {
      path: 'config.json',
      body: json({
        model: config.model,
        fit: config.fit,
        data: choice,
        dataset: { name: dataset.name, sha256: dataset.sha256, source: dataset.source },
      }),
    },
  ]);
  for (const [split, file] of [
    ['validation', 'predictions/val.csv'],
    ['test', 'predictions/test.csv'],
  ] as const) {
    const { rows, y } = data.splits[split];
    if (rows.length)
      await run.logText(predictionsCsv(data.pre, rows, y, result.predictions[split]), file);
  }
}
