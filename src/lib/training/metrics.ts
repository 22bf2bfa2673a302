/**
 * The metrics logged while training, per epoch and at the end: evaluation's functions — one
 * metric set for the whole app, equal to scikit-learn — with the epoch loop's conventions. A
 * value that is undefined (ROC AUC with one class in the split) or that cannot be computed (an
 * empty split, outputs that are not finite) is NaN, which is logged as it is and read as "no
 * value"; evaluation's notes explain such cases in an evaluation run. Labels are class indices;
 * `width` is the model's output width (1 for a binary model's P(class 1)).
 */
import { accuracy as accuracyOf } from '../evaluation/classification';
import { predictClasses, type Metric } from '../evaluation/common';
import { logLoss as logLossOf, rocAuc as rocAucOf } from '../evaluation/probabilistic';
import {
  meanAbsoluteError as maeOf,
  meanSquaredError as mseOf,
  r2Score as r2Of,
  rootMeanSquaredError as rmseOf,
} from '../evaluation/regression';

/** Evaluation's value, or NaN where it has none or refuses the input (see the module comment). */
function valueOf(compute: () => Metric): number {
  try {
    return compute().value ?? NaN;
  } catch {
    return NaN;
  }
}

/** Class names for evaluation's notes; training knows classes by index only. */
const names = (k: number) => Array.from({ length: k }, (_, i) => String(i));
const classCount = (width: number) => (width === 1 ? 2 : width);

/** Predicted class per row: threshold on P(class 1) for width 1, argmax otherwise. */
export function predictedClasses(probs: ArrayLike<number>, width: number, threshold = 0.5) {
  return predictClasses(probs, classCount(width), threshold);
}

export function accuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  return valueOf(() => accuracyOf(labels, predicted));
}

/** Binary ROC AUC of P(class 1), ties counted as scikit-learn counts them. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return valueOf(() => rocAucOf(labels, scores, names(2)));
}

/** Mean cross-entropy, clipped as scikit-learn clips it. */
export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>, width: number) {
  return valueOf(() => logLossOf(labels, probs, names(classCount(width))));
}

export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>) {
  return valueOf(() => maeOf(actual, predicted));
}

/** The validation loss of a regression model: MSE on the standardised target, as it trains. */
export function meanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>) {
  return valueOf(() => mseOf(actual, predicted));
}

export function rootMeanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>) {
  return valueOf(() => rmseOf(actual, predicted));
}

/** R² in the target's units: 1 is perfect, 0 is predicting the split's own mean (sklearn r2_score). */
export function r2(actual: ArrayLike<number>, predicted: ArrayLike<number>) {
  return valueOf(() => r2Of(actual, predicted));
}

/**
 * The task's metrics for one split, named with its prefix (val_accuracy, test_rmse, ...);
 * metric-info.ts says what each is and on which scale.
 * Regression predictions are in the target's own units.
 */
export function taskMetrics(
  task: 'binary' | 'multiclass' | 'regression',
  prefix: string,
  labels: ArrayLike<number>,
  outputs: ArrayLike<number>,
  width: number,
): Record<string, number> {
  if (task === 'regression') {
    return {
      [`${prefix}mae`]: meanAbsoluteError(labels, outputs),
      [`${prefix}rmse`]: rootMeanSquaredError(labels, outputs),
      [`${prefix}r2`]: r2(labels, outputs),
    };
  }
  const metrics: Record<string, number> = {
    [`${prefix}accuracy`]: accuracy(labels, predictedClasses(outputs, width)),
    [`${prefix}log_loss`]: logLoss(labels, outputs, width),
  };
  if (task === 'binary') metrics[`${prefix}auc`] = rocAuc(labels, outputs);
  return metrics;
}
