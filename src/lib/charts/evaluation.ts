/**
 * The figures an evaluation run logs, built from plain arrays (the curves and matrices the
 * evaluation metrics compute): ROC and precision-recall curves, a calibration curve, a confusion
 * matrix, residuals against predictions, predicted against actual, and a histogram of errors.
 * Each is a Figure, drawn as PNG or given as Plotly JSON by figure.ts.
 */
import type { Figure } from './figure';

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'undefined');

/** One ROC curve per class (one-vs-rest) or one for a binary model, with the chance diagonal. */
export function rocFigure(curves: { name: string; fpr: number[]; tpr: number[]; auc: number }[]) {
  return {
    title:
      curves.length === 1 ? `ROC curve (AUC ${fmt(curves[0].auc)})` : 'ROC curves (one vs rest)',
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    xRange: [0, 1],
    yRange: [0, 1],
    traces: [
      { type: 'line', name: 'chance', x: [0, 1], y: [0, 1], dashed: true },
      ...curves.map((c) => ({
        type: 'line' as const,
        name: curves.length === 1 ? c.name : `${c.name} (AUC ${fmt(c.auc)})`,
        x: c.fpr,
        y: c.tpr,
      })),
    ],
  } satisfies Figure;
}

/** Precision against recall, with the positive rate (a random model's precision) dashed. */
export function prFigure(
  curves: { name: string; recall: number[]; precision: number[]; ap: number; prevalence: number }[],
) {
  return {
    title:
      curves.length === 1
        ? `Precision-recall curve (AP ${fmt(curves[0].ap)})`
        : 'Precision-recall curves (one vs rest)',
    xLabel: 'recall',
    yLabel: 'precision',
    xRange: [0, 1],
    yRange: [0, 1.02],
    traces: curves.flatMap((c) => [
      ...(curves.length === 1
        ? [
            {
              type: 'line' as const,
              name: 'no skill',
              x: [0, 1],
              y: [c.prevalence, c.prevalence],
              dashed: true,
            },
          ]
        : []),
      {
        type: 'line' as const,
        name: curves.length === 1 ? c.name : `${c.name} (AP ${fmt(c.ap)})`,
        x: c.recall,
        y: c.precision,
      },
    ]),
  } satisfies Figure;
}

/** The fraction of positives in each bin of predicted probability, against the bin's mean. */
export function calibrationFigure(meanPredicted: number[], fractionPositive: number[]) {
  return {
    title: 'Calibration curve',
    xLabel: 'mean predicted probability',
    yLabel: 'fraction of positives',
    xRange: [0, 1],
    yRange: [0, 1],
    traces: [
      { type: 'line', name: 'perfectly calibrated', x: [0, 1], y: [0, 1], dashed: true },
      { type: 'line', name: 'model', x: meanPredicted, y: fractionPositive },
    ],
  } satisfies Figure;
}

/** Rows are true classes, columns predicted ones. */
export function confusionFigure(labels: string[], matrix: number[][]) {
  return {
    title: 'Confusion matrix',
    xLabel: 'predicted',
    yLabel: 'true',
    traces: [{ type: 'heatmap', x: labels, y: labels, z: matrix }],
  } satisfies Figure;
}

/** Residuals (actual − predicted) against the prediction, with zero dashed. */
export function residualsFigure(predicted: ArrayLike<number>, actual: ArrayLike<number>) {
  const residuals = Float64Array.from(predicted, (p, i) => actual[i] - p);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < predicted.length; i++) {
    lo = Math.min(lo, predicted[i]);
    hi = Math.max(hi, predicted[i]);
  }
  return {
    title: 'Residuals against predictions',
    xLabel: 'predicted',
    yLabel: 'residual (actual − predicted)',
    traces: [
      { type: 'line', name: 'zero', x: [lo, hi], y: [0, 0], dashed: true },
      { type: 'line', name: 'rows', x: predicted, y: residuals, markers: true },
    ],
  } satisfies Figure;
}

/** Each row's prediction against its true value, with the diagonal of perfect predictions. */
export function predictedActualFigure(predicted: ArrayLike<number>, actual: ArrayLike<number>) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < actual.length; i++) {
    lo = Math.min(lo, actual[i], predicted[i]);
    hi = Math.max(hi, actual[i], predicted[i]);
  }
  return {
    title: 'Predicted against actual',
    xLabel: 'actual',
    yLabel: 'predicted',
    traces: [
      { type: 'line', name: 'perfect', x: [lo, hi], y: [lo, hi], dashed: true },
      { type: 'line', name: 'rows', x: actual, y: predicted, markers: true },
    ],
  } satisfies Figure;
}

/**
 * Equal-width bins over the values' range: Sturges' rule (log2 n + 1 bins) between 5 and 50, as
 * numpy's 'sturges' does, with the last bin closed.
 */
export function histogram(values: ArrayLike<number>): { edges: number[]; counts: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!n) return { edges: [0, 1], counts: [0] };
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const bins = Math.min(50, Math.max(5, Math.ceil(Math.log2(n)) + 1));
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts };
}

/** How many rows have each error (actual − predicted). */
export function errorHistogramFigure(predicted: ArrayLike<number>, actual: ArrayLike<number>) {
  const { edges, counts } = histogram(Float64Array.from(predicted, (p, i) => actual[i] - p));
  return {
    title: 'Distribution of errors',
    xLabel: 'error (actual − predicted)',
    yLabel: 'rows',
    traces: [{ type: 'bar', name: 'rows', edges, y: counts }],
  } satisfies Figure;
}
