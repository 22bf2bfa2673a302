/**
 * Regression metrics as scikit-learn 1.9 computes them (single output, no sample weights): MSE,
 * RMSE, MAE, MAPE, max error, R² and explained variance with force_finite=True.
 */
import { checkRows, metric, type Metric } from './common';

/** np.finfo(np.float64).eps, the floor sklearn puts under |y| in MAPE. */
const EPS = 2 ** -52;

function check(actual: ArrayLike<number>, predicted: ArrayLike<number>, what: string): number {
  const n = checkRows(what, actual, predicted);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(actual[i]) || !Number.isFinite(predicted[i])) {
      throw new Error(
        `${what}: values must be finite; row ${i} is ${actual[i]} vs ${predicted[i]}`,
      );
    }
  }
  return n;
}

function meanOf(n: number, term: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += term(i);
  return s / n;
}

export function meanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>): Metric {
  const n = check(actual, predicted, 'mean squared error');
  return metric(meanOf(n, (i) => (actual[i] - predicted[i]) ** 2));
}

export function rootMeanSquaredError(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): Metric {
  return metric(Math.sqrt(meanSquaredError(actual, predicted).value as number));
}

export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>): Metric {
  const n = check(actual, predicted, 'mean absolute error');
  return metric(meanOf(n, (i) => Math.abs(actual[i] - predicted[i])));
}

/**
 * sklearn mean_absolute_percentage_error: mean of |ŷ - y| / max(|y|, eps), a fraction (not ×100).
 * A zero target divides by eps (2^-52) and makes the value enormous; the note says so.
 */
export function meanAbsolutePercentageError(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): Metric {
  const n = check(actual, predicted, 'mean absolute percentage error');
  let zeros = 0;
  const value = meanOf(n, (i) => {
    if (actual[i] === 0) zeros++;
    return Math.abs(predicted[i] - actual[i]) / Math.max(Math.abs(actual[i]), EPS);
  });
  if (!zeros) return metric(value);
  return metric(
    value,
    `MAPE divides by machine epsilon for ${zeros} row${zeros > 1 ? 's' : ''} whose target is 0, as scikit-learn does; the value is not meaningful`,
  );
}

export function maxError(actual: ArrayLike<number>, predicted: ArrayLike<number>): Metric {
  const n = check(actual, predicted, 'max error');
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(actual[i] - predicted[i]));
  return metric(max);
}

/** Sum of squared deviations of y from its mean; exactly 0 when every y is the same. */
function spread(actual: ArrayLike<number>, n: number, center: number): number {
  let constant = true;
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += (actual[i] - center) ** 2;
    if (actual[i] !== actual[0]) constant = false;
  }
  return constant ? 0 : s;
}

/** sklearn's force_finite rule for R² and explained variance on a constant target. */
function fraction(name: string, numerator: number, denominator: number): Metric {
  if (denominator !== 0) return metric(1 - numerator / denominator);
  const perfect = numerator === 0;
  return metric(
    perfect ? 1 : 0,
    `${name} with a constant target is set to ${perfect ? '1.0 (perfect predictions)' : '0.0 (imperfect predictions)'}, as scikit-learn does (force_finite=True)`,
  );
}

/** Coefficient of determination; null with fewer than two rows, where sklearn returns NaN. */
export function r2Score(actual: ArrayLike<number>, predicted: ArrayLike<number>): Metric {
  const n = check(actual, predicted, 'R²');
  if (n < 2) return metric(null, 'R² is undefined with fewer than two rows');
  const mean = meanOf(n, (i) => actual[i]);
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (actual[i] - predicted[i]) ** 2;
  return fraction('R²', residual, spread(actual, n, mean));
}

/** 1 - Var(y - ŷ) / Var(y), population variances, as sklearn explained_variance_score. */
export function explainedVariance(actual: ArrayLike<number>, predicted: ArrayLike<number>): Metric {
  const n = check(actual, predicted, 'explained variance');
  const diffMean = meanOf(n, (i) => actual[i] - predicted[i]);
  const numerator = meanOf(n, (i) => (actual[i] - predicted[i] - diffMean) ** 2);
  const mean = meanOf(n, (i) => actual[i]);
  // An exactly constant difference leaves a rounding residue; sklearn's zero test sees it too, so
  // it is kept as computed rather than snapped to 0.
  return fraction('explained variance', numerator, spread(actual, n, mean) / n);
}
