/**
 * The metrics of a predictions file without logging a run: `computeMetrics(predictions, options)`
 * reads the file as evaluate() does (the same columns, positive class and threshold rules) and
 * returns every metric, null where it is undefined, with the warnings that say why and the
 * columns it read. Pure; evaluate() in run.ts builds its run on the same steps.
 */
import { metricsOf } from './compute';
import {
  parsePredictions,
  readPredictions,
  type ColumnsUsed,
  type ModelType,
  type PredictionSet,
} from './predictions';

export interface MetricsOptions {
  /** The column of the true values, where the names do not say. */
  target?: string;
  /** Two classes: the positive one (default: the greater label in scikit-learn's order). */
  posLabel?: string | number;
  /** Two classes: predict the positive class when P(positive) >= threshold. Default 0.5. */
  threshold?: number;
  /**
   * mlflow.evaluate's model_type: "classifier" reads true and predicted numbers as class labels,
   * "regressor" as values. Default: from the file (numbers in both are a regression).
   */
  modelType?: ModelType;
}

export interface MetricsResult {
  task: 'binary' | 'multiclass' | 'regression';
  /** Metric name → value; null where the metric is undefined (a warning says why). */
  metrics: Record<string, number | null>;
  warnings: string[];
  /** The columns read, by part. */
  columns: ColumnsUsed;
  /** The same, as a sentence to show a person. */
  columnsUsed: string;
  /** Two classes: the positive one, and whether `posLabel` named it. */
  positive?: { label: string; given: boolean };
  /** A classification's classes, the positive one last for two. */
  classes?: string[];
  /** Two classes with probabilities: the threshold the predicted classes were taken at. */
  threshold?: number;
}

/** Throws unless `threshold` is a number from 0 to 1 (both allowed, as scikit-learn allows). */
export function checkThreshold(threshold: number): void {
  if (!(typeof threshold === 'number' && threshold >= 0 && threshold <= 1))
    throw new Error(`The threshold must lie between 0 and 1; got ${threshold}.`);
}

/** Whether the threshold made the predicted classes: two classes, with probabilities. */
export function usesThreshold(set: PredictionSet): boolean {
  return set.task === 'classification' && set.classes.length === 2 && !!set.scores;
}

export function taskOf(set: PredictionSet): MetricsResult['task'] {
  if (set.task === 'regression') return 'regression';
  return set.classes.length === 2 ? 'binary' : 'multiclass';
}

/** Which columns were read, as one line: `true values "y_true", P("1") "prob_1", …`. */
export function describeColumns(set: PredictionSet): string {
  const { truth, prediction, probabilities } = set.columns;
  const parts = [`true values "${truth}"`];
  if (set.task === 'regression') parts.push(`predictions "${prediction}"`);
  else if (!set.scores)
    parts.push(`predicted classes "${prediction}" (labels only: no probability columns)`);
  else {
    parts.push(probabilities.map((p) => `P("${p.class}") "${p.column}"`).join(', '));
    if (prediction) parts.push(`predicted classes "${prediction}" (checked against them)`);
  }
  let line = parts.join('; ');
  if (set.task === 'classification' && set.positive)
    line += `; positive class "${set.positive.label}"${set.positive.given ? '' : ' (the greater label)'}`;
  return line;
}

/** The predictions as text, or a file's name and text. */
export type PredictionsText = string | { name: string; text: string };

/** Reads the predictions and computes every metric; logs nothing. See the module comment. */
export function computeMetrics(
  predictions: PredictionsText,
  options: MetricsOptions = {},
): MetricsResult {
  const threshold = options.threshold ?? 0.5;
  checkThreshold(threshold);
  const text = typeof predictions === 'string' ? predictions : predictions.text;
  const set = readPredictions(parsePredictions(text), options);
  const { metrics, warnings } = metricsOf(set, threshold);
  return {
    task: taskOf(set),
    metrics,
    warnings,
    columns: set.columns,
    columnsUsed: describeColumns(set),
    ...(set.task === 'classification' && { classes: set.classes }),
    ...(set.task === 'classification' && set.positive && { positive: set.positive }),
    ...(usesThreshold(set) && { threshold }),
  };
}
