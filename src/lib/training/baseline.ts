/**
 * The baselines a trained model is read against, and the rule that says whether it beats them.
 * Each baseline learns one thing from the training rows and is scored on a split with the same
 * functions as the model (metrics.ts), as scikit-learn's DummyRegressor / DummyClassifier would be:
 * - regression: predict the training rows' mean for every row (strategy 'mean');
 * - classification: always predict the training split's most frequent class (accuracy,
 *   'most_frequent'; ties go to the first class in the model's class order, as numpy's argmax),
 *   and give every row the training split's class frequencies (log loss, 'prior').
 */
import type { Task } from '$lib/data/columns';
import { accuracy, logLoss, meanAbsoluteError, rootMeanSquaredError, taskMetrics } from './metrics';

/** Below this share of the baseline's error removed, a model only "barely" beats it. */
export const BARELY_BEATS = 0.1;

export type SplitPrefix = 'val_' | 'test_';

/** Mean of the training targets, summed in float64. */
export function trainingMean(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  return y.length ? s / y.length : NaN;
}

/** Share of training rows per class index. */
export function classFrequencies(y: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts.map((c) => c / (y.length || 1));
}

/** The training split's most frequent class; ties go to the lowest index. */
export function majorityClass(y: ArrayLike<number>, classes: number): number {
  const freq = classFrequencies(y, classes);
  return freq.indexOf(Math.max(...freq));
}

const classCount = (task: Task, classes: number) => (task === 'binary' ? 2 : classes);

/**
 * The baselines' scores on one split, named like the model's with a `_baseline` suffix
 * (test_rmse_baseline, val_accuracy_baseline, ...); none for an empty split.
 */
export function baselineMetrics(
  task: Task,
  prefix: SplitPrefix,
  trainY: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): Record<string, number> {
  const n = labels.length;
  if (!n || !trainY.length) return {};
  if (task === 'regression') {
    const constant = new Float64Array(n).fill(trainingMean(trainY));
    return {
      [`${prefix}rmse_baseline`]: rootMeanSquaredError(labels, constant),
      [`${prefix}mae_baseline`]: meanAbsoluteError(labels, constant),
    };
  }
  const k = classCount(task, classes);
  const freq = classFrequencies(trainY, k);
  const majority = new Int32Array(n).fill(majorityClass(trainY, k));
  // A binary model outputs P(class 1) alone; a multiclass one a row of k probabilities.
  const width = task === 'binary' ? 1 : k;
  const prior = new Float64Array(n * width);
  for (let r = 0; r < n; r++) {
    if (width === 1) prior[r] = freq[1];
    else prior.set(freq, r * width);
  }
  return {
    [`${prefix}accuracy_baseline`]: accuracy(labels, majority),
    [`${prefix}log_loss_baseline`]: logLoss(labels, prior, width),
  };
}

export type Verdict = 'beats' | 'barely-beats' | 'does-not-beat';

/** The model against its baseline on one split, in the metric a person reads first. */
export interface BaselineComparison {
  split: 'test' | 'validation';
  metric: 'rmse' | 'accuracy';
  model: number;
  baseline: number;
  /**
   * Share of the baseline's error the model removes: 1 - RMSE / baseline RMSE, or for
   * classification 1 - misclassified / baseline's misclassified. 0.05 is 5%; negative is worse.
   */
  reduction: number;
  verdict: Verdict;
  /** Classification: the class index the baseline always predicts. */
  majorityClass?: number;
}

export function verdictOf(reduction: number): Verdict {
  if (!(reduction > 0)) return 'does-not-beat';
  return reduction < BARELY_BEATS ? 'barely-beats' : 'beats';
}

/**
 * Compares a split's model metrics (prefixed, from taskMetrics) with that split's baselines;
 * null when either value is missing (an empty split, a NaN output).
 */
export function compareWithBaseline(
  task: Task,
  prefix: SplitPrefix,
  metrics: Record<string, number>,
  baselines: Record<string, number>,
): Omit<BaselineComparison, 'majorityClass'> | null {
  const metric = task === 'regression' ? 'rmse' : 'accuracy';
  const model = metrics[`${prefix}${metric}`];
  const baseline = baselines[`${prefix}${metric}_baseline`];
  if (!Number.isFinite(model) || !Number.isFinite(baseline)) return null;
  // Both as errors: RMSE itself, or the share of rows misclassified.
  const [error, baseError] = metric === 'rmse' ? [model, baseline] : [1 - model, 1 - baseline];
  // A baseline without error cannot be beaten; matching it is not beating it.
  const reduction = baseError > 0 ? 1 - error / baseError : error > 0 ? -Infinity : 0;
  const split = prefix === 'test_' ? 'test' : 'validation';
  return { split, metric, model, baseline, reduction, verdict: verdictOf(reduction) };
}

/** What a finished fit logs beyond the epochs: test metrics, baselines and the comparison. */
export interface FinalScores {
  testMetrics: Record<string, number>;
  baselineMetrics: Record<string, number>;
  /** On the test split, or on validation when there are no test rows; null without either. */
  vsBaseline: BaselineComparison | null;
}

/**
 * Scores the final model (its outputs in the target's units, or probabilities) on validation
 * and test against the baselines fitted on `trainY`.
 */
export function finalScores(
  input: { task: Task; classes: number; outWidth: number; trainY: ArrayLike<number> },
  splits: Record<'validation' | 'test', { y: ArrayLike<number>; outputs: ArrayLike<number> }>,
): FinalScores {
  const { task, classes, outWidth, trainY } = input;
  const scores = (prefix: SplitPrefix, s: { y: ArrayLike<number>; outputs: ArrayLike<number> }) =>
    s.y.length ? taskMetrics(task, prefix, s.y, s.outputs, outWidth) : {};
  const testMetrics = scores('test_', splits.test);
  const baselines = {
    ...baselineMetrics(task, 'val_', trainY, splits.validation.y, classes),
    ...baselineMetrics(task, 'test_', trainY, splits.test.y, classes),
  };
  const compared = splits.test.y.length
    ? compareWithBaseline(task, 'test_', testMetrics, baselines)
    : compareWithBaseline(task, 'val_', scores('val_', splits.validation), baselines);
  const vsBaseline: BaselineComparison | null =
    compared && task !== 'regression'
      ? { ...compared, majorityClass: majorityClass(trainY, classCount(task, classes)) }
      : compared;
  return { testMetrics, baselineMetrics: baselines, vsBaseline };
}

/** 3 significant digits, more when two values would otherwise read the same. */
function pair(a: number, b: number): [string, string] {
  for (const digits of [3, 6, 12]) {
    const [x, y] = [a, b].map((v) => String(Number(v.toPrecision(digits))));
    if (x !== y || digits === 12) return [x, y];
  }
  return [String(a), String(b)];
}

function percent(share: number): string {
  const p = Math.abs(share) * 100;
  return p > 0 && p < 1 ? 'under 1%' : `${Math.round(p)}%`;
}

/**
 * The comparison in one sentence a person reads on the run page (the `tracklab.baseline` tag),
 * e.g. "Test RMSE 4.1 vs 4.3 for predicting the training mean: the model barely beats the
 * baseline (only 5% lower; under 10% counts as barely)." `classNames` names the majority class.
 */
export function baselineSentence(c: BaselineComparison, classNames?: readonly string[]): string {
  const [model, baseline] = pair(c.model, c.baseline);
  const split = c.split === 'test' ? 'Test' : 'Validation';
  const what =
    c.metric === 'rmse'
      ? `${split} RMSE ${model} vs ${baseline} for predicting the training mean`
      : `${split} accuracy ${model} vs ${baseline} for always predicting the most frequent training class${
          c.majorityClass !== undefined && classNames?.[c.majorityClass] !== undefined
            ? ` (${classNames[c.majorityClass]})`
            : ''
        }`;
  const less = c.metric === 'rmse' ? 'lower' : 'fewer misclassified rows';
  const more = c.metric === 'rmse' ? 'higher' : 'more misclassified rows';
  const limit = `under ${BARELY_BEATS * 100}% counts as barely`;
  if (c.verdict === 'beats')
    return `${what}: the model beats the baseline (${percent(c.reduction)} ${less}).`;
  if (c.verdict === 'barely-beats')
    return `${what}: the model barely beats the baseline (only ${percent(c.reduction)} ${less}; ${limit}).`;
  const flawless = c.metric === 'rmse' ? c.baseline === 0 : c.baseline === 1;
  if (flawless)
    return `${what}: the model does not beat the baseline, which makes no error on these rows.`;
  if (c.reduction === 0) return `${what}: the model does not beat the baseline (the same error).`;
  return `${what}: the model does not beat the baseline (${percent(c.reduction)} ${more}).`;
}
