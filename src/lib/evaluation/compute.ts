/**
 * From a set of predictions to everything an evaluation run logs: the metrics and their warnings,
 * the figures (ROC, PR, calibration and confusion for classifiers; residuals, predicted vs actual
 * and the error histogram for regressors), and the report's tables. Pure.
 */
import {
  calibrationFigure,
  confusionFigure,
  errorHistogramFigure,
  predictedActualFigure,
  prFigure,
  residualsFigure,
  rocFigure,
} from '../charts/evaluation';
import type { Figure } from '../charts/figure';
import { calibrationCurve, precisionRecallCurve, rocCurve } from './curves';
import { evaluateClassifier, evaluateRegressor } from './evaluate';
import type { PredictionSet } from './predictions';
import { averagePrecision, rocAuc } from './probabilistic';
import type { ReportTable } from './report';

export interface Computed {
  metrics: Record<string, number | null>;
  warnings: string[];
  figures: Record<string, Figure>;
  tables: ReportTable[];
  extra: Record<string, unknown>;
}

export function compute(set: PredictionSet, threshold: number): Computed {
  if (set.task === 'regression') {
    const { metrics, warnings } = evaluateRegressor(set.actual, set.predicted);
    return {
      metrics,
      warnings,
      figures: {
        residuals: residualsFigure(set.predicted, set.actual),
        predicted_vs_actual: predictedActualFigure(set.predicted, set.actual),
        error_histogram: errorHistogramFigure(set.predicted, set.actual),
      },
      tables: [],
      extra: {},
    };
  }
  const { classes, labels, scores } = set;
  const binary = classes.length === 2;
  const result = evaluateClassifier({ classes, labels, scores, threshold });
  const k = classes.length;
  const column = (c: number) =>
    binary ? (c === 1 ? scores : scores.map((p) => 1 - p)) : scores.filter((_, i) => i % k === c);
  // One curve for the positive class of a binary model, else one per class (one vs rest).
  const shown = binary ? [1] : classes.map((_, c) => c);
  const curves = shown.map((c) => {
    const positive = Uint8Array.from(labels, (l) => (l === c ? 1 : 0));
    const p = column(c);
    const roc = rocCurve(positive, p);
    const pr = precisionRecallCurve(positive, p);
    const pair = ['rest', classes[c]];
    const auc = rocAuc(positive, p, pair).value ?? NaN;
    const ap = averagePrecision(positive, p, pair).value ?? NaN;
    const positives = positive.reduce((a, b) => a + b, 0);
    const name = binary ? `positive: ${classes[1]}` : classes[c];
    return { c, name, positive, p, roc, pr, auc, ap, prevalence: positives / labels.length };
  });
  const figures: Record<string, Figure> = {
    roc_curve: rocFigure(
      curves.map(({ name, roc, auc }) => ({ name, fpr: [...roc.fpr], tpr: [...roc.tpr], auc })),
    ),
    precision_recall_curve: prFigure(
      curves.map(({ name, pr, ap, prevalence }) => ({
        name,
        recall: [...pr.recall],
        precision: [...pr.precision],
        ap,
        prevalence,
      })),
    ),
    confusion_matrix: confusionFigure(classes, result.confusionMatrix),
  };
  if (binary) {
    const cal = calibrationCurve(curves[0].positive, curves[0].p);
    figures.calibration_curve = calibrationFigure(
      Array.from(cal.probPred),
      Array.from(cal.probTrue),
    );
  }
  const report = result.report;
  const perClass: ReportTable = {
    caption: 'Per class',
    columns: ['Class', 'Precision', 'Recall', 'F1', 'Support'],
    rows: [
      ...report.perClass.map((c) => [c.class, c.precision, c.recall, c.f1, c.support]),
      ...(['macro', 'weighted'] as const).map((avg) => {
        const { precision, recall, f1, support } = report[avg];
        return [`${avg} avg`, precision, recall, f1, support];
      }),
    ],
  };
  const confusion: ReportTable = {
    caption: 'Confusion matrix (rows: true class, columns: predicted)',
    columns: ['', ...classes],
    rows: classes.map((c, i) => [c, ...result.confusionMatrix[i]]),
  };
  return {
    metrics: result.metrics,
    warnings: [...result.warnings, ...report.warnings.filter((w) => !result.warnings.includes(w))],
    figures,
    tables: [perClass, confusion],
    extra: {
      classes,
      confusion_matrix: result.confusionMatrix,
      per_class: report.perClass,
      ...(binary && { threshold }),
    },
  };
}
