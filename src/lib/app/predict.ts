/**
 * Predicting with a logged model: read model/ back from the run's artifacts (IndexedDB), apply the
 * saved preprocessor to rows given by name, run the model in the worker, and return predictions in
 * the target's terms (a class with its probabilities, or a number in the target's units).
 */
import { mistypedCell, transformRows, type Preprocessor } from '$lib/data/preprocess';
import { toSafeCsv } from '$lib/data/csv-export';
import { DataError } from '$lib/data/errors';
import type { MlflowClient } from '$lib/tracking';
import { WEIGHTS_FILE, type ModelFiles } from '$lib/training/mlmodel';
import { requireCompleteModel } from './model-files';

export interface Predictor {
  predict(files: ModelFiles, x: Float32Array, width: number): Promise<Float32Array>;
}

export interface LoadedModel {
  runId: string;
  files: ModelFiles;
  pre: Preprocessor;
}

export interface Prediction {
  /** The predicted class, or the predicted value as text. */
  label: string;
  value: number;
  /** Class probabilities, in pre.target.classes order (classification only). */
  probabilities?: number[];
}

export async function loadRunModel(
  client: MlflowClient,
  runId: string,
  path = 'model',
): Promise<LoadedModel> {
  await requireCompleteModel(client, runId, path);
  const text = async (file: string) =>
    new TextDecoder().decode(await client.downloadArtifact(runId, `${path}/${file}`));
  const [modelJson, weights, pre] = await Promise.all([
    text('model.json'),
    client.downloadArtifact(runId, `${path}/${WEIGHTS_FILE}`),
    text('preprocessor.json').then((t) => JSON.parse(t) as Preprocessor),
  ]);
  if (pre.format !== 'tracklab.preprocessor') {
    throw new DataError(
      `${path}/preprocessor.json is not a Tracklab preprocessor, so this model cannot predict here.`,
    );
  }
  return { runId, files: { modelJson, weights }, pre };
}

/** Columns the model needs that `columns` lacks. */
export function missingColumns(pre: Preprocessor, columns: string[]): string[] {
  return pre.features.map((f) => f.name).filter((n) => !columns.includes(n));
}

/**
 * Probabilities that sum to one in float64: the model's float32 softmax is off by ~1e-7, which
 * scikit-learn (and so evaluation) would flag on every row.
 */
export function normalised(probabilities: number[]): number[] {
  const sum = probabilities.reduce((a, b) => a + b, 0);
  return sum > 0 ? probabilities.map((p) => p / sum) : probabilities;
}

export function toPredictions(
  pre: Preprocessor,
  outputs: Float32Array,
  rows: number,
): Prediction[] {
  const classes = pre.target.classes;
  const width = rows ? outputs.length / rows : 1;
  return Array.from({ length: rows }, (_, r) => {
    if (!classes) {
      const scale = pre.target.scale;
      const value = scale ? outputs[r] * scale.std + scale.mean : outputs[r];
      return { label: String(+value.toPrecision(6)), value };
    }
    const probabilities = normalised(
      width === 1
        ? [1 - outputs[r], outputs[r]]
        : Array.from(outputs.subarray(r * width, (r + 1) * width)),
    );
    let best = 0;
    probabilities.forEach((p, i) => {
      if (p > probabilities[best]) best = i;
    });
    return { label: classes[best], value: best, probabilities };
  });
}

export async function predictRows(
  predictor: Predictor,
  model: LoadedModel,
  columns: string[],
  rows: string[][],
): Promise<Prediction[]> {
  const missing = missingColumns(model.pre, columns);
  if (missing.length) {
    throw new DataError(
      `The data lacks ${missing.length === 1 ? 'the column' : 'columns'} ${missing.map((m) => `"${m}"`).join(', ')} that the model was trained with. Add ${missing.length === 1 ? 'it' : 'them'} (an empty value is filled as in training), or use a model trained without ${missing.length === 1 ? 'it' : 'them'}.`,
      { column: missing[0] },
    );
  }
  if (!rows.length) return [];
  const wrong = mistypedCell(model.pre, columns, rows);
  if (wrong) throw new DataError(wrong.message, { row: wrong.row, column: wrong.column });
  const x = transformRows(model.pre, columns, rows);
  const outputs = await predictor.predict(model.files, x, model.pre.width);
  return toPredictions(model.pre, outputs, rows.length);
}

/**
 * Predictions as CSV: the input columns, then prediction (and class probabilities), with
 * formula-like cells neutralised for spreadsheets (csv-export.ts).
 */
export function predictionsToCsv(
  pre: Preprocessor,
  columns: string[],
  rows: string[][],
  predictions: Prediction[],
) {
  const header = [...columns, 'prediction', ...(pre.target.classes ?? []).map((c) => `proba_${c}`)];
  return toSafeCsv([
    header,
    ...rows.map((row, i) => [
      ...row,
      predictions[i].label,
      ...(predictions[i].probabilities ?? []).map(String),
    ]),
  ]);
}
