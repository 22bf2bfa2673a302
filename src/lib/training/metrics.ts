/**
 * The metrics logged while training, computed from predictions (pure, so Node tests pin them
 * against hand-worked values): accuracy, ROC AUC with ties as scikit-learn counts them, log loss,
 * MAE and RMSE.
 */

/**
 * Predicted class per row. `probs` is row-major with `width` columns; width 1 is a binary model's
 * probability of class 1.
 */
export function predictedClasses(probs: ArrayLike<number>, width: number, threshold = 0.5) {
  const rows = width === 1 ? probs.length : probs.length / width;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (width === 1) {
      out[r] = probs[r] >= threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < width; c++) if (probs[r * width + c] > probs[r * width + best]) best = c;
    out[r] = best;
  }
  return out;
}

export function accuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (!labels.length) return NaN;
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) right++;
  return right / labels.length;
}

/**
 * Area under the ROC curve for labels 0/1 and scores, by the rank-sum (Mann–Whitney) identity with
 * tied scores sharing their average rank, which equals the trapezoidal area scikit-learn computes.
 * NaN when one class is absent (the curve is undefined).
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (!positives || !negatives) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const EPS = 1e-15;

/** Mean cross-entropy; probabilities are clipped to [1e-15, 1 - 1e-15] as scikit-learn does. */
export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>, width: number) {
  if (!labels.length) return NaN;
  let sum = 0;
  for (let r = 0; r < labels.length; r++) {
    const p =
      width === 1 ? (labels[r] === 1 ? probs[r] : 1 - probs[r]) : probs[r * width + labels[r]];
    sum -= Math.log(Math.min(1 - EPS, Math.max(EPS, p)));
  }
  return sum / labels.length;
}

export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>) {
  if (!actual.length) return NaN;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / actual.length;
}

export function rootMeanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>) {
  if (!actual.length) return NaN;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / actual.length);
}

/**
 * The task's metrics for one split, named with its prefix (val_accuracy, test_rmse, ...).
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
    };
  }
  const metrics: Record<string, number> = {
    [`${prefix}accuracy`]: accuracy(labels, predictedClasses(outputs, width)),
    [`${prefix}log_loss`]: logLoss(labels, outputs, width),
  };
  if (task === 'binary') metrics[`${prefix}auc`] = rocAuc(labels, outputs);
  return metrics;
}
