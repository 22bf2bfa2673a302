/**
 * Binary curves for plots — ROC, precision–recall, calibration — computed as scikit-learn's
 * roc_curve, precision_recall_curve and calibration_curve compute them, and the counts at every
 * distinct score that ROC AUC and average precision are built on.
 *
 * Scores are sorted once per class with the typed-array sort (O(n log n), no comparator), then
 * merged from the highest score down, so a million rows take a few tens of milliseconds.
 */
import { checkRows } from './common';

/** True and false positives when predicting positive for score >= each distinct threshold. */
export interface ThresholdCounts {
  /** Distinct scores, highest first. */
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Decreasing; the first is Infinity, the point (0, 0) where nothing is predicted positive. */
  thresholds: Float64Array;
  note?: string;
}

export interface PrecisionRecallCurve {
  /** Recall decreasing, ending at precision 1, recall 0 (a point with no threshold). */
  precision: Float64Array;
  recall: Float64Array;
  /** Increasing, one shorter than precision and recall. */
  thresholds: Float64Array;
  note?: string;
}

export interface CalibrationCurve {
  /** Fraction of positives in each non-empty bin. */
  probTrue: Float64Array;
  /** Mean predicted probability in each non-empty bin. */
  probPred: Float64Array;
  /** Rows in each non-empty bin. */
  counts: Int32Array;
}

/** `positive[i]` (true or 1) says whether row i is of the positive class. */
export function thresholdCounts(
  positive: ArrayLike<boolean | number>,
  scores: ArrayLike<number>,
): ThresholdCounts {
  const n = checkRows('scores', positive, scores);
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i]) positives++;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(n - positives);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    const s = scores[i];
    if (!Number.isFinite(s)) throw new Error(`scores must be finite; row ${i} is ${s}`);
    if (positive[i]) pos[p++] = s;
    else neg[q++] = s;
  }
  pos.sort();
  neg.sort();
  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let i = pos.length - 1;
  let j = neg.length - 1;
  let t = 0;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const s = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    for (; i >= 0 && pos[i] === s; i--) tp++;
    for (; j >= 0 && neg[j] === s; j--) fp++;
    thresholds[t] = s;
    tps[t] = tp;
    fps[t] = fp;
    t++;
  }
  return {
    thresholds: thresholds.slice(0, t),
    tps: tps.slice(0, t),
    fps: fps.slice(0, t),
    positives,
    negatives: n - positives,
  };
}

/** Indices kept by a drop-intermediate rule, first and last always. */
function keep(length: number, corner: (i: number) => boolean): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < length; i++) if (i === 0 || i === length - 1 || corner(i)) out.push(i);
  return Uint32Array.from(out);
}

function pick(a: Float64Array, idx: Uint32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return out;
}

/**
 * ROC curve as sklearn.metrics.roc_curve. With `dropIntermediate` (its default, true) points
 * collinear with their neighbours are dropped; they change neither the plot nor the area.
 */
export function rocCurve(
  positive: ArrayLike<boolean | number>,
  scores: ArrayLike<number>,
  { dropIntermediate = true } = {},
): RocCurve {
  const counts = thresholdCounts(positive, scores);
  const { positives, negatives } = counts;
  let { thresholds, tps, fps } = counts;
  if (dropIntermediate && fps.length > 2) {
    // sklearn keeps a point where the second difference of fps or tps is non-zero (a corner).
    const idx = keep(
      fps.length,
      (i) =>
        fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0,
    );
    [thresholds, tps, fps] = [pick(thresholds, idx), pick(tps, idx), pick(fps, idx)];
  }
  const m = thresholds.length + 1;
  const curve: RocCurve = {
    fpr: new Float64Array(m),
    tpr: new Float64Array(m),
    thresholds: new Float64Array(m),
  };
  curve.thresholds[0] = Infinity;
  curve.thresholds.set(thresholds, 1);
  for (let i = 1; i < m; i++) {
    curve.fpr[i] = negatives ? fps[i - 1] / negatives : NaN;
    curve.tpr[i] = positives ? tps[i - 1] / positives : NaN;
  }
  if (!negatives) curve.fpr[0] = NaN;
  if (!positives) curve.tpr[0] = NaN;
  if (!negatives || !positives) {
    curve.note = `the ROC curve is undefined: no ${negatives ? 'positive' : 'negative'} rows (false and true positive rates are NaN)`;
  }
  return curve;
}

/**
 * Precision–recall curve as sklearn.metrics.precision_recall_curve (default
 * drop_intermediate=false). With no positive rows recall is 1 at every threshold, as in sklearn.
 */
export function precisionRecallCurve(
  positive: ArrayLike<boolean | number>,
  scores: ArrayLike<number>,
  { dropIntermediate = false } = {},
): PrecisionRecallCurve {
  let { thresholds, tps, fps } = thresholdCounts(positive, scores);
  const positives = tps[tps.length - 1];
  if (dropIntermediate && fps.length > 2) {
    // sklearn keeps the first and last point of each run of equal tps (equal recall).
    const idx = keep(fps.length, (i) => tps[i] !== tps[i - 1] || tps[i + 1] !== tps[i]);
    [thresholds, tps, fps] = [pick(thresholds, idx), pick(tps, idx), pick(fps, idx)];
  }
  const m = thresholds.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const reversed = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const r = m - 1 - i; // reverse so recall decreases
    const predicted = tps[i] + fps[i];
    precision[r] = predicted ? tps[i] / predicted : 0;
    recall[r] = positives ? tps[i] / positives : 1;
    reversed[r] = thresholds[i];
  }
  precision[m] = 1;
  recall[m] = 0;
  const curve: PrecisionRecallCurve = { precision, recall, thresholds: reversed };
  if (!positives)
    curve.note = 'no positive rows: recall is set to 1 at every threshold, as scikit-learn does';
  return curve;
}

/**
 * Calibration curve as sklearn.calibration.calibration_curve with strategy 'uniform': `nBins`
 * equal-width bins over [0, 1], a score on an inner edge falling in the lower bin
 * (np.searchsorted, side 'left'), empty bins left out.
 */
export function calibrationCurve(
  positive: ArrayLike<boolean | number>,
  probabilities: ArrayLike<number>,
  nBins = 10,
): CalibrationCurve {
  const n = checkRows('calibration curve', positive, probabilities);
  // np.linspace(0, 1, nBins + 1): i * (1 / nBins); only the inner edges are searched.
  const step = 1 / nBins;
  const edges = Array.from({ length: nBins - 1 }, (_, i) => (i + 1) * step);
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Int32Array(nBins);
  for (let r = 0; r < n; r++) {
    const p = probabilities[r];
    if (!(p >= 0 && p <= 1)) throw new Error(`probabilities must lie in [0, 1]; found ${p}`);
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] += p;
    if (positive[r]) trues[lo]++;
    totals[lo]++;
  }
  const filled = [...totals.keys()].filter((b) => totals[b] > 0);
  return {
    probTrue: Float64Array.from(filled, (b) => trues[b] / totals[b]),
    probPred: Float64Array.from(filled, (b) => sums[b] / totals[b]),
    counts: Int32Array.from(filled, (b) => totals[b]),
  };
}
