/**
 * Metrics on predicted classes — confusion matrix, accuracy, balanced accuracy, precision, recall,
 * F1 and a per-class report — as scikit-learn 1.9 computes them with zero_division='warn': an
 * ill-defined ratio is 0.0 and its note says so.
 */
import {
  checkLabels,
  checkRows,
  className,
  metric,
  nameList,
  type Labels,
  type Metric,
} from './common';

export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

export interface PrecisionRecallF1 {
  precision: Metric;
  recall: Metric;
  f1: Metric;
}

export interface ClassScores {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows of this class in the labels. */
  support: number;
}

/** sklearn classification_report(output_dict=True) in arrays, plus the notes it would warn. */
export interface ClassificationReport {
  perClass: ClassScores[];
  accuracy: number;
  macro: Omit<ClassScores, 'class'>;
  weighted: Omit<ClassScores, 'class'>;
  warnings: string[];
}

/** K×K counts, rows the true class, columns the predicted class, in the order of `classes`. */
export function confusionMatrix(
  labels: Labels,
  predicted: Labels,
  classes: readonly string[],
): number[][] {
  checkRows('confusion matrix', labels, predicted);
  const k = classes.length;
  checkLabels(labels, k);
  checkLabels(predicted, k, 'predicted');
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predicted[i]]++;
  return m;
}

export function accuracy(labels: Labels, predicted: Labels): Metric {
  const n = checkRows('accuracy', labels, predicted);
  let right = 0;
  for (let i = 0; i < n; i++) if (labels[i] === predicted[i]) right++;
  return metric(right / n);
}

/**
 * Mean recall over the classes present in the labels (sklearn balanced_accuracy_score); classes
 * only predicted, never true, are left out with a note, as sklearn warns.
 */
export function balancedAccuracy(
  labels: Labels,
  predicted: Labels,
  classes: readonly string[],
): Metric {
  const cm = confusionMatrix(labels, predicted, classes);
  const recalls: number[] = [];
  const onlyPredicted: string[] = [];
  cm.forEach((row, c) => {
    const support = row.reduce((a, b) => a + b, 0);
    if (support) recalls.push(row[c] / support);
    else if (cm.some((r) => r[c] > 0)) onlyPredicted.push(className(classes, c));
  });
  const value = recalls.reduce((a, b) => a + b, 0) / recalls.length;
  if (!onlyPredicted.length) return metric(value);
  return metric(
    value,
    `balanced accuracy leaves out classes predicted but absent from the labels: ${nameList(onlyPredicted)}`,
  );
}

interface Counts {
  tp: number[];
  predicted: number[];
  support: number[];
}

function counts(cm: number[][]): Counts {
  const k = cm.length;
  const tp = cm.map((row, c) => row[c]);
  const support = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = Array.from({ length: k }, (_, c) => cm.reduce((s, row) => s + row[c], 0));
  return { tp, predicted, support };
}

/** Per-class scores with sklearn's zero_division='warn' (0.0); notes list the ill-defined ones. */
function perClassScores({ tp, predicted, support }: Counts, classes: readonly string[]) {
  const zeroPred: string[] = [];
  const zeroTrue: string[] = [];
  const neither: string[] = [];
  const rows = tp.map((t, c) => {
    const name = className(classes, c);
    if (!predicted[c]) zeroPred.push(name);
    if (!support[c]) zeroTrue.push(name);
    if (!predicted[c] && !support[c]) neither.push(name);
    return {
      class: name,
      precision: predicted[c] ? t / predicted[c] : 0,
      recall: support[c] ? t / support[c] : 0,
      f1: predicted[c] + support[c] ? (2 * t) / (predicted[c] + support[c]) : 0,
      support: support[c],
    };
  });
  return { rows, zeroPred, zeroTrue, neither };
}

const illDefined = (what: string, why: string, names: string[]) =>
  `${what} is ill-defined and set to 0.0 for ${nameList(names)} (${why}), as scikit-learn does`;

function mean(values: number[], weights?: number[]): number {
  const w = weights ?? values.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  return values.reduce((s, v, i) => s + v * w[i], 0) / total;
}

/**
 * Precision, recall and F1 as sklearn's precision_recall_fscore_support over all `classes`
 * (labels=classes). 'binary' scores the `positive` class (default 1) and needs two classes;
 * 'micro' pools the counts; 'macro' is the plain mean over classes; 'weighted' weights by support.
 */
export function precisionRecallF1(
  labels: Labels,
  predicted: Labels,
  classes: readonly string[],
  { average = 'binary', positive = 1 }: { average?: Average; positive?: number } = {},
): PrecisionRecallF1 {
  if (average === 'binary' && classes.length !== 2) {
    throw new Error(
      `average 'binary' needs two classes; got ${classes.length}: use 'macro', 'weighted' or 'micro'`,
    );
  }
  const c = counts(confusionMatrix(labels, predicted, classes));
  if (average === 'micro') {
    const pooled = { tp: [sum(c.tp)], predicted: [sum(c.predicted)], support: [sum(c.support)] };
    return fromScores(perClassScores(pooled, ['all classes']), (v) => v[0]);
  }
  const scores = perClassScores(c, classes);
  if (average === 'binary') {
    const one = (names: string[]) => names.filter((n) => n === className(classes, positive));
    return fromScores(
      {
        rows: [scores.rows[positive]],
        zeroPred: one(scores.zeroPred),
        zeroTrue: one(scores.zeroTrue),
        neither: one(scores.neither),
      },
      (v) => v[0],
    );
  }
  const weights = average === 'weighted' ? c.support : undefined;
  return fromScores(scores, (v) => mean(v, weights));
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function fromScores(
  { rows, zeroPred, zeroTrue, neither }: ReturnType<typeof perClassScores>,
  combine: (values: number[]) => number,
): PrecisionRecallF1 {
  const note = (what: string, why: string, names: string[]) =>
    names.length ? illDefined(what, why, names) : undefined;
  return {
    precision: metric(
      combine(rows.map((r) => r.precision)),
      note('precision', 'no predicted rows', zeroPred),
    ),
    recall: metric(combine(rows.map((r) => r.recall)), note('recall', 'no true rows', zeroTrue)),
    f1: metric(combine(rows.map((r) => r.f1)), note('F1', 'no true nor predicted rows', neither)),
  };
}

/** sklearn classification_report(labels=classes, output_dict=True), with its warnings as notes. */
export function classificationReport(
  labels: Labels,
  predicted: Labels,
  classes: readonly string[],
): ClassificationReport {
  const c = counts(confusionMatrix(labels, predicted, classes));
  const scores = perClassScores(c, classes);
  const n = labels.length;
  const summary = (weights?: number[]) => ({
    precision: mean(
      scores.rows.map((r) => r.precision),
      weights,
    ),
    recall: mean(
      scores.rows.map((r) => r.recall),
      weights,
    ),
    f1: mean(
      scores.rows.map((r) => r.f1),
      weights,
    ),
    support: n,
  });
  const warnings = [
    scores.zeroPred.length && illDefined('precision', 'no predicted rows', scores.zeroPred),
    scores.zeroTrue.length && illDefined('recall', 'no true rows', scores.zeroTrue),
    scores.neither.length && illDefined('F1', 'no true nor predicted rows', scores.neither),
  ].filter((w): w is string => !!w);
  return {
    perClass: scores.rows,
    accuracy: sum(c.tp) / n,
    macro: summary(),
    weighted: summary(c.support),
    warnings,
  };
}
