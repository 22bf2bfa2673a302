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

/** sklearn's step-wise average precision: sum of (R_i - R_{i-1}) * P_i, highest threshold first. */
export function averagePrecisionFromCounts({ tps, fps, positives }: ThresholdCounts): number {
  if (!positives) return 0;
  let sum = 0;
  let tp = 0;
  for (let i = 0; i < tps.length; i++) {
    sum += ((tps[i] - tp) / positives) * (tps[i] / (tps[i] + fps[i]));
    tp = tps[i];
  }
  return Math.max(0, sum);
}

/** One-vs-rest for each class in turn (just the positive class when there are two). */
function perClass(
  labels: Labels,
  m: ScoreMatrix,
  classes: readonly string[],
  positive: number,
  score: (counts: ThresholdCounts) => number,
) {
  const targets = classes.length === 2 ? [positive] : classes.map((_, c) => c);
  return targets
    .map((c) => ({ c, counts: thresholdCounts(isClass(labels, c), scoreColumn(m, c)) }))
    .map(({ c, counts }) => ({
      c,
      counts,
      value: counts.positives && counts.negatives ? score(counts) : null,
    }));
}

/**
 * ROC AUC: binary, or one-vs-rest macro for three or more classes (sklearn multi_class='ovr',
 * average='macro'). Where sklearn raises — one class only in the labels — the value is null. A
 * class absent from the labels has no one-vs-rest curve: sklearn raises, here the macro mean
 * runs over the other classes and the note names the ones left out.
 */
export function rocAuc(
  labels: Labels,
  scores: Scores,
  classes: readonly string[],
  { positive = 1 }: BinaryOptions = {},
): Metric {
  const m = prepare(labels, scores, classes);
  if (!twoClassesPresent(labels)) {
    const only = className(classes, labels[0]);
    return metric(
      null,
      `ROC AUC is undefined: only one class ("${only}") is present in the labels`,
    );
  }
  if (classes.length === 2) {
    return metric(
      aucFromCounts(thresholdCounts(isClass(labels, positive), scoreColumn(m, positive))),
    );
  }
  return macro('ROC AUC', perClass(labels, m, classes, positive, aucFromCounts), classes);
}

function macro(
  name: string,
  parts: { c: number; value: number | null }[],
  classes: readonly string[],
): Metric {
  const defined = parts.filter((p) => p.value !== null);
  const missing = parts.filter((p) => p.value === null).map((p) => className(classes, p.c));
  const value = defined.reduce((s, p) => s + (p.value as number), 0) / defined.length;
  if (!missing.length) return metric(value);
  return metric(
    value,
    `${name} is the macro mean over ${defined.length} of ${parts.length} classes: ${nameList(missing)} ${missing.length > 1 ? 'are' : 'is'} absent from the labels (scikit-learn raises)`,
  );
}

/**
 * Average precision (sklearn average_precision_score: the step-wise sum, not the trapezoid);
 * macro over one-vs-rest for three or more classes. With no positive rows sklearn returns 0.0
 * and warns; so does this, in the note. Classes absent from the labels are left out of the macro
 * mean, as sklearn's label_binarize over the present labels leaves them out.
 */
export function averagePrecision(
  labels: Labels,
  scores: Scores,
  classes: readonly string[],
  { positive = 1 }: BinaryOptions = {},
): Metric {
  const m = prepare(labels, scores, classes);
  if (classes.length === 2) {
    const counts = thresholdCounts(isClass(labels, positive), scoreColumn(m, positive));
    if (counts.positives) return metric(averagePrecisionFromCounts(counts));
    return metric(
      0,
      `average precision is set to 0.0: no rows of the positive class ("${className(classes, positive)}"), as scikit-learn does`,
    );
  }
  const parts = perClass(labels, m, classes, positive, averagePrecisionFromCounts).map((p) => ({
    c: p.c,
    // A class that is every row still has a defined AP (1.0); only absent classes drop out.
    value: p.counts.positives ? averagePrecisionFromCounts(p.counts) : null,
  }));
  return macro('average precision', parts, classes);
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
