/**
 * From a set of predictions to everything an evaluation run logs: the metrics and their warnings,
 * the figures (ROC, PR, calibration and confusion for classifiers — the confusion matrix alone
 * for a file of labels without probabilities; residuals, predicted vs actual and the error
 * histogram for regressors), and the report's tables. Pure.
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
import { evaluateClassifier, evaluateRegressor, type ClassifierEvaluation } from './evaluate';
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

/** The metrics and their warnings alone, and for a classifier its whole evaluation. */
export function metricsOf(
  set: PredictionSet,
  threshold: number,
): Pick<Computed, 'metrics' | 'warnings'> & { classifier?: ClassifierEvaluation } {
  if (set.task === 'regression') {
    const { metrics, warnings } = evaluateRegressor(set.actual, set.predicted);
    return { metrics, warnings: [...(set.notes ?? []), ...warnings] };
  }
  const { classes, labels, scores, predicted } = set;
  const classifier = scores
    ? evaluateClassifier({ classes, labels, scores, threshold })
    : evaluateClassifier({ classes, labels, predicted: predicted! });
  const warnings = [
    ...classifier.warnings,
    ...classifier.report.warnings.filter((w) => !classifier.warnings.includes(w)),
  ];
  const differs = disagreement(set, classifier.predicted, threshold);
  if (differs) warnings.push(differs);
  if (!scores && classes.length === 2 && threshold !== 0.5)
    warnings.push(
      `the threshold ${threshold} is not used: the file has no probability columns, so its predicted labels are taken as they are`,
    );
  return { metrics: classifier.metrics, warnings, classifier };
}

/**
 * Where the file has its own predicted classes, how often they differ from the ones its
 * probabilities give (the ones the metrics use). A binary file is checked at the usual 0.5 only:
 * another threshold is meant to move the predictions.
 */
function disagreement(set: PredictionSet, predicted: Int32Array, threshold: number) {
  if (set.task !== 'classification' || !set.scores || !set.predicted || !set.columns.prediction)
    return;
  const binary = set.classes.length === 2;
  if (binary && threshold !== 0.5) return;
  let count = 0;
  let first = -1;
  for (let i = 0; i < predicted.length; i++)
    if (predicted[i] !== set.predicted[i]) {
      count++;
      if (first < 0) first = i;
    }
  if (!count) return;
  const rule = binary
    ? `the class its probabilities give at threshold ${threshold} (positive when P("${set.classes[1]}") >= ${threshold})`
    : 'the most probable class by its probabilities';
  return `the file's "${set.columns.prediction}" differs in ${count} of ${predicted.length} rows (first: row ${first + 2}) from ${rule}: accuracy, precision, recall, F1 and the confusion matrix use the probabilities`;
}

export function compute(set: PredictionSet, threshold: number): Computed {
  const { metrics, warnings, classifier } = metricsOf(set, threshold);
  if (set.task === 'regression') {
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
  const result = classifier!;
  const tables = reportTables(classes, result);
  const extra = {
    classes,
    confusion_matrix: result.confusionMatrix,
    per_class: result.report.perClass,
  };
  const confusion_matrix = confusionFigure(classes, result.confusionMatrix);
  // Labels alone: no curve or calibration can be drawn (the metrics say why).
  if (!scores) return { metrics, warnings, figures: { confusion_matrix }, tables, extra };
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
    confusion_matrix,
  };
  if (binary) {
    const cal = calibrationCurve(curves[0].positive, curves[0].p);
    figures.calibration_curve = calibrationFigure(
      Array.from(cal.probPred),
      Array.from(cal.probTrue),
    );
  }
  return {
    metrics,
    warnings,
    figures,
    tables,
    extra: { ...extra, ...(binary && { threshold }) },
  };
}

/** The report's per-class scores and confusion matrix. */
function reportTables(classes: string[], result: ClassifierEvaluation): ReportTable[] {
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
  return [perClass, confusion];
}
