/**
 * Metrics on predicted probabilities: ROC AUC, average precision, log loss and Brier score, as
 * scikit-learn 1.9 computes them. Two classes are binary (class 1 positive unless `positive`
 * says otherwise); more are one-vs-rest, macro-averaged.
 */
import {
  checkLabels,
  checkRows,
  className,
  metric,
  nameList,
  pairwiseSum,
  scoreColumn,
  scoreMatrix,
  type Labels,
  type Metric,
  type ScoreMatrix,
  type Scores,
} from './common';
import { thresholdCounts, type ThresholdCounts } from './curves';

export interface BinaryOptions {
  /** Index of the positive class when there are two; default 1. */
  positive?: number;
}

/** Machine epsilon of float64, the clip sklearn's log_loss applies (np.finfo(float64).eps). */
export const FLOAT64_EPS = 2 ** -52;

function isClass(labels: Labels, c: number): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] === c ? 1 : 0;
  return out;
}

function prepare(labels: Labels, scores: Scores, classes: readonly string[]): ScoreMatrix {
  const n = checkRows('labels', labels);
  if (classes.length < 2) throw new Error(`need at least two classes; got ${classes.length}`);
  checkLabels(labels, classes.length);
  return scoreMatrix(scores, n, classes.length);
}

function twoClassesPresent(labels: Labels): boolean {
  for (let i = 1; i < labels.length; i++) if (labels[i] !== labels[0]) return true;
  return false;
}

/** Trapezoidal area under (fpr, tpr), in exact counts, with tied scores as one step. */
export function aucFromCounts({ tps, fps, positives, negatives }: ThresholdCounts): number {
  let area = 0;
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < tps.length; i++) {
    area += (fps[i] - fp) * (tps[i] + tp);
    tp = tps[i];
    fp = fps[i];
  }
  return area / 2 / (positives * negatives);
}

/**
 * sklearn's step-wise average precision, -sum(diff(recall) * precision[:-1]) over the curve from
 * the highest threshold down, in its arithmetic: recall and precision divided first, the terms
 * summed pairwise as np.sum does. Rounding can carry that sum a hair past 1 (1.0000000000000002
 * for a perfect ranking of 20 positives, in sklearn too); an average of precisions is at most 1,
 * so the value is clamped to [0, 1], as sklearn clamps -0.0 to 0.
 */
export function averagePrecisionFromCounts({ tps, fps, positives }: ThresholdCounts): number {
  if (!positives) return 0;
  const m = tps.length;
  const terms = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = m - 1 - j; // sklearn reverses the curve: lowest threshold first
    const recall = tps[i] / positives;
    const before = i > 0 ? tps[i - 1] / positives : 0;
    terms[j] = (before - recall) * (tps[i] / (tps[i] + fps[i]));
  }
  return Math.min(1, Math.max(0, -pairwiseSum(terms)));
}

/** One-vs-rest for each class in turn (just the positive class when there are two). */
function perClass(
  labels: Labels,
  m: ScoreMatrix,
  classes: readonly string[],
  positive: number,
  score: (counts: ThresholdCounts) => number | null,
) {
  const targets = classes.length === 2 ? [positive] : classes.map((_, c) => c);
  return targets.map((c) => {
    const counts = thresholdCounts(isClass(labels, c), scoreColumn(m, c));
    return { c, counts, value: score(counts) };
  });
}

const rocOf = (counts: ThresholdCounts) =>
  counts.positives && counts.negatives ? aucFromCounts(counts) : null;

function onlyOneClass(labels: Labels, classes: readonly string[]): Metric {
  const only = className(classes, labels[0]);
  return metric(null, `ROC AUC is undefined: only one class ("${only}") is present in the labels`);
}

/** The classes of `parts` that have no rows in the labels, by name. */
function absentOf(parts: { c: number; counts: ThresholdCounts }[], classes: readonly string[]) {
  return parts.filter((p) => !p.counts.positives).map((p) => className(classes, p.c));
}

const isAre = (names: string[]) => (names.length > 1 ? 'are' : 'is');

/**
 * ROC AUC: binary, or one-vs-rest macro for three or more classes (sklearn multi_class='ovr',
 * average='macro', labels=classes). Undefined — null, with the reason — where sklearn 1.9 returns
 * NaN and warns: one class only in the labels, or a class absent from them (its one-vs-rest
 * curve has no positive rows, so its AUC and the macro mean are NaN). `rocAucPresentClasses`
 * gives the mean over the classes present.
 */
export function rocAuc(
  labels: Labels,
  scores: Scores,
  classes: readonly string[],
  { positive = 1 }: BinaryOptions = {},
): Metric {
  const m = prepare(labels, scores, classes);
  if (!twoClassesPresent(labels)) return onlyOneClass(labels, classes);
  if (classes.length === 2) {
    return metric(
      aucFromCounts(thresholdCounts(isClass(labels, positive), scoreColumn(m, positive))),
    );
  }
  const parts = perClass(labels, m, classes, positive, rocOf);
  const absent = absentOf(parts, classes);
  if (absent.length)
    return metric(
      null,
      `ROC AUC is undefined: ${nameList(absent)} ${isAre(absent)} absent from the labels, so ${absent.length > 1 ? 'their' : 'its'} one-vs-rest AUC is undefined (scikit-learn 1.9 returns NaN and warns); roc_auc_ovr_present_classes is the mean over the ${parts.length - absent.length} classes present`,
    );
  return metric(macroMean(parts));
}

/**
 * The one-vs-rest ROC AUC averaged over the classes present in the labels only: NaN-free where
 * `rocAuc` is undefined for an absent class (numpy's nanmean of sklearn's average=None result).
 * Equal to `rocAuc` when every class is present. Three or more classes.
 */
export function rocAucPresentClasses(
  labels: Labels,
  scores: Scores,
  classes: readonly string[],
): Metric {
  const m = prepare(labels, scores, classes);
  if (classes.length < 3) throw new Error('the present-class mean is for three or more classes');
  if (!twoClassesPresent(labels)) return onlyOneClass(labels, classes);
  return metric(macroMean(perClass(labels, m, classes, 1, rocOf).filter((p) => p.value !== null)));
}

/** The mean of the parts' values, summed as numpy's mean sums. */
function macroMean(parts: { value: number | null }[]): number {
  return pairwiseSum(parts.map((p) => p.value as number)) / parts.length;
}

/**
 * Average precision (sklearn average_precision_score: the step-wise sum, not the trapezoid).
 * Binary: of the positive class; with no positive rows sklearn returns 0.0 and warns, and so does
 * this, in the note. Three or more classes: the macro mean over every class one-vs-rest
 * (average_precision_score(label_binarize(y, classes=classes), scores)), where a class absent
 * from the labels scores 0.0 as sklearn scores it, with a note; `averagePrecisionPresentClasses`
 * leaves such classes out.
 */
export function averagePrecision(
  labels: Labels,
  scores: Scores,
  classes: readonly string[],
  { positive = 1 }: BinaryOptions = {},
): Metric {
  const m = prepare(labels, scores, classes);
  const parts = perClass(labels, m, classes, positive, averagePrecisionFromCounts);
  const absent = absentOf(parts, classes);
  if (classes.length === 2)
    return metric(
      parts[0].value,
      absent.length
        ? `average precision is set to 0.0: no rows of the positive class ("${className(classes, positive)}"), as scikit-learn does`
        : undefined,
    );
  return metric(
    macroMean(parts),
    absent.length
      ? `average precision counts 0.0 for ${nameList(absent)}: ${isAre(absent)} absent from the labels, as scikit-learn scores a class with no positive rows; average_precision_present_classes leaves ${absent.length > 1 ? 'them' : 'it'} out`
      : undefined,
  );
}

/**
 * Average precision macro-averaged over the classes present in the labels only (sklearn's
 * average_precision_score(y, scores[:, present])). Equal to `averagePrecision` when every class
 * is present. Three or more classes.
 */
export function averagePrecisionPresentClasses(
  labels: Labels,
  scores: Scores,
  classes: readonly string[],
): Metric {
  const m = prepare(labels, scores, classes);
  if (classes.length < 3) throw new Error('the present-class mean is for three or more classes');
  const parts = perClass(labels, m, classes, 1, averagePrecisionFromCounts);
  return metric(macroMean(parts.filter((p) => p.counts.positives)));
}

/**
 * Mean cross-entropy (natural log) as sklearn's log_loss with `labels=classes`: probabilities are
 * clipped to [eps, 1 - eps] with eps = 2^-52 and are not renormalised; rows that do not sum to
 * one are noted, as sklearn warns.
 */
export function logLoss(labels: Labels, scores: Scores, classes: readonly string[]): Metric {
  const m = prepare(labels, scores, classes);
  let sum = 0;
  for (let r = 0; r < m.rows; r++) {
    const y = labels[r];
    const p = m.cols === 1 ? (y === 1 ? m.data[r] : 1 - m.data[r]) : m.data[r * m.cols + y];
    sum -= Math.log(Math.min(1 - FLOAT64_EPS, Math.max(FLOAT64_EPS, p)));
  }
  return metric(
    sum / m.rows,
    rowsSumToOne(m)
      ? undefined
      : 'the probabilities do not sum to one in every row; they are used as given, as scikit-learn does',
  );
}

function rowsSumToOne(m: ScoreMatrix): boolean {
  if (m.cols === 1) return true;
  const tolerance = 1e-8 + Math.sqrt(FLOAT64_EPS); // xpx.isclose(sum, 1, rtol=sqrt(eps))
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let c = 0; c < m.cols; c++) s += m.data[r * m.cols + c];
    if (Math.abs(s - 1) > tolerance) return false;
  }
  return true;
}

/**
 * Brier score as sklearn 1.9's brier_score_loss: for two classes the mean of (p - y)^2 with p =
 * P(positive); for three or more the mean over rows of sum_k (p_k - [y = k])^2 (range [0, 2],
 * sklearn's scale_by_half='auto').
 */
export function brierScore(
  labels: Labels,
  scores: Scores,
  classes: readonly string[],
  { positive = 1 }: BinaryOptions = {},
): Metric {
  const m = prepare(labels, scores, classes);
  let sum = 0;
  if (classes.length === 2) {
    const p = scoreColumn(m, positive);
    for (let r = 0; r < m.rows; r++) sum += (p[r] - (labels[r] === positive ? 1 : 0)) ** 2;
  } else {
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.cols; c++)
        sum += (m.data[r * m.cols + c] - (labels[r] === c ? 1 : 0)) ** 2;
    }
  }
  return metric(sum / m.rows);
}
