/**
 * Every metric for one set of predictions at once, as a flat dict ready to log (MLflow's default
 * evaluator names where it has one) plus the warnings that explain ill-defined values.
 */
import {
  accuracy,
  balancedAccuracy,
  classificationReport,
  confusionMatrix,
  precisionRecallF1,
  type ClassificationReport,
} from './classification';
import {
  checkRows,
  className,
  metric,
  nameList,
  predictClasses,
  type Labels,
  type Metric,
  type Scores,
} from './common';
import {
  averagePrecision,
  averagePrecisionPresentClasses,
  brierScore,
  logLoss,
  rocAuc,
  rocAucPresentClasses,
} from './probabilistic';
import {
  explainedVariance,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression';

export interface Evaluation {
  /** Metric name → value; null where the metric is undefined (a warning says why). */
  metrics: Record<string, number | null>;
  warnings: string[];
}

export interface ClassifierEvaluation extends Evaluation {
  /**
   * Predicted class per row: P(positive) >= threshold for two classes, else argmax; the given
   * ones where there are no scores.
   */
  predicted: Int32Array;
  confusionMatrix: number[][];
  report: ClassificationReport;
}

export type ClassifierInput = {
  /** Class names; a label is an index into this list. Two classes make a binary problem. */
  classes: readonly string[];
  labels: Labels;
} & (
  | {
      scores: Scores;
      /** Binary only: predict the positive class when P(positive) >= threshold. Default 0.5. */
      threshold?: number;
    }
  | {
      /**
       * Predicted classes alone (a predictions file without probability columns): every metric
       * on labels; those on probabilities are null, with NO_PROBABILITIES as the note.
       */
      predicted: Labels;
    }
);

/** Why the metrics on probabilities are null for a file of labels alone. */
export const NO_PROBABILITIES =
  'ROC AUC, average precision, log loss and the Brier score are undefined: the file has no probability columns, only predicted labels (so no ROC, precision-recall or calibration curve either)';

/** The metrics on probabilities, by name, for `classes`; null where there are none. */
function probabilityMetrics(
  labels: Labels,
  scores: Scores | undefined,
  classes: readonly string[],
): Record<string, Metric> {
  const binary = classes.length === 2;
  if (!scores) {
    const none = metric(null, NO_PROBABILITIES);
    const names = ['roc_auc', 'average_precision', 'log_loss', 'brier_score'];
    if (!binary) names.push('roc_auc_ovr_present_classes', 'average_precision_present_classes');
    return Object.fromEntries(names.map((name) => [name, none]));
  }
  return {
    roc_auc: rocAuc(labels, scores, classes),
    average_precision: averagePrecision(labels, scores, classes),
    log_loss: logLoss(labels, scores, classes),
    brier_score: brierScore(labels, scores, classes),
    // A class absent from the labels makes roc_auc undefined and pulls average_precision down;
    // the means over the classes present are logged beside them for every multiclass run.
    ...(!binary && {
      roc_auc_ovr_present_classes: rocAucPresentClasses(labels, scores, classes),
      average_precision_present_classes: averagePrecisionPresentClasses(labels, scores, classes),
    }),
  };
}

function collect(
  metrics: Record<string, number | null>,
  warnings: string[],
  entries: Record<string, Metric>,
) {
  for (const [name, m] of Object.entries(entries)) {
    metrics[name] = m.value;
    if (m.note && !warnings.includes(m.note)) warnings.push(m.note);
  }
}

/** Classes that never occur in `values`, by name. */
function absent(values: Labels, classes: readonly string[]): string[] {
  const seen = new Set(Array.from(values));
  return classes
    .map((_, c) => c)
    .filter((c) => !seen.has(c))
    .map((c) => className(classes, c));
}

export function evaluateClassifier(input: ClassifierInput): ClassifierEvaluation {
  const { classes, labels } = input;
  const n = checkRows('labels', labels);
  const binary = classes.length === 2;
  const scores = 'scores' in input ? input.scores : undefined;
  const predicted =
    'scores' in input
      ? predictClasses(input.scores, classes.length, input.threshold ?? 0.5)
      : Int32Array.from(input.predicted);
  checkRows('predictions', labels, predicted);
  const metrics: Record<string, number | null> = { example_count: n };
  const warnings: string[] = [];
  const missingTrue = absent(labels, classes);
  const missingPred = absent(predicted, classes);
  if (missingTrue.length) warnings.push(`classes absent from the labels: ${nameList(missingTrue)}`);
  if (missingPred.length)
    warnings.push(`classes absent from the predictions: ${nameList(missingPred)}`);
  const cm = confusionMatrix(labels, predicted, classes);
  const main = precisionRecallF1(labels, predicted, classes, {
    average: binary ? 'binary' : 'weighted',
  });
  collect(metrics, warnings, {
    accuracy_score: accuracy(labels, predicted),
    balanced_accuracy_score: balancedAccuracy(labels, predicted, classes),
    precision_score: main.precision,
    recall_score: main.recall,
    f1_score: main.f1,
  });
  if (binary) {
    Object.assign(metrics, {
      true_negatives: cm[0][0],
      false_positives: cm[0][1],
      false_negatives: cm[1][0],
      true_positives: cm[1][1],
    });
  }
  // Macro and weighted averages for every task, so binary and multiclass runs compare.
  for (const average of ['macro', 'weighted'] as const) {
    const m = precisionRecallF1(labels, predicted, classes, { average });
    collect(metrics, warnings, {
      [`precision_${average}`]: m.precision,
      [`recall_${average}`]: m.recall,
      [`f1_${average}`]: m.f1,
    });
  }
  collect(metrics, warnings, probabilityMetrics(labels, scores, classes));
  const report = classificationReport(labels, predicted, classes);
  return { metrics, warnings, predicted, confusionMatrix: cm, report };
}

export function evaluateRegressor(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): Evaluation {
  const n = checkRows('regression', actual, predicted);
  const metrics: Record<string, number | null> = { example_count: n };
  const warnings: string[] = [];
  collect(metrics, warnings, {
    mean_squared_error: meanSquaredError(actual, predicted),
    root_mean_squared_error: rootMeanSquaredError(actual, predicted),
    mean_absolute_error: meanAbsoluteError(actual, predicted),
    mean_absolute_percentage_error: meanAbsolutePercentageError(actual, predicted),
    max_error: maxError(actual, predicted),
    r2_score: r2Score(actual, predicted),
    explained_variance_score: explainedVariance(actual, predicted),
  });
  return { metrics, warnings };
}
