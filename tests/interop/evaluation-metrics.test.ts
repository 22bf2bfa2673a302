/**
 * Tracklab's evaluation metrics against scikit-learn's: a seeded corpus of prediction sets is
 * written as JSON, sklearn_metrics.py computes every metric with the venv's scikit-learn, and each
 * value must agree within 1e-9, absolute for values up to 1 and relative above (MAPE with a zero
 * target is ~1e15). Needs no MLflow server, but runs with the interop suite for its Python venv.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  accuracy,
  averagePrecision,
  averagePrecisionPresentClasses,
  balancedAccuracy,
  brierScore,
  calibrationCurve,
  classificationReport,
  confusionMatrix,
  explainedVariance,
  logLoss,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  precisionRecallCurve,
  precisionRecallF1,
  predictClasses,
  r2Score,
  rocAuc,
  rocAucPresentClasses,
  rocCurve,
  rootMeanSquaredError,
  type Average,
  type Metric,
} from '$lib/evaluation';
import { VENV_BIN } from '../../scripts/env.js';
import { random } from './seeded';

type Classification = {
  kind: 'classification';
  classes: string[];
  labels: number[];
  scores: number[] | number[][];
  predicted: number[];
};
type Regression = { kind: 'regression'; actual: number[]; predicted: number[] };
type Case = Classification | Regression;

function binary(n: number, prevalence: number, grid: number, seed: number): Classification {
  const r = random(seed);
  const labels = Array.from({ length: n }, () => (r() < prevalence ? 1 : 0));
  // A noisy score pulled towards the label, rounded to a grid so many scores tie.
  const scores = labels.map(
    (y) => Math.round(Math.min(1, Math.max(0, 0.35 * y + 0.65 * r())) * grid) / grid,
  );
  return {
    kind: 'classification',
    classes: ['neg', 'pos'],
    labels,
    scores,
    predicted: Array.from(predictClasses(scores, 2)),
  };
}

function multiclass(
  n: number,
  k: number,
  seed: number,
  { neverPredicted = -1, neverTrue = [] as number[] } = {},
): Classification {
  const r = random(seed);
  const labels = Array.from({ length: n }, () => {
    let y = Math.floor(r() * k);
    while (neverTrue.includes(y)) y = Math.floor(r() * k);
    return y;
  });
  const scores = labels.map((y) => {
    const raw = Array.from({ length: k }, (_, c) =>
      c === neverPredicted ? 0.01 * r() : r() + (c === y ? 0.8 : 0),
    );
    const total = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / total);
  });
  const classes = Array.from({ length: k }, (_, c) => `class${c}`);
  return {
    kind: 'classification',
    classes,
    labels,
    scores,
    predicted: Array.from(predictClasses(scores, k)),
  };
}

function regression(
  n: number,
  seed: number,
  target: (r: () => number, i: number) => number,
  noise = 1,
): Regression {
  const r = random(seed);
  const actual = Array.from({ length: n }, (_, i) => target(r, i));
  return { kind: 'regression', actual, predicted: actual.map((y) => y + noise * (r() - 0.5)) };
}

const perfectLabels = Array.from({ length: 60 }, (_, i) => i % 3);
const CORPUS: Record<string, Case> = {
  binary_ties: binary(600, 0.4, 20, 1),
  binary_imbalanced: binary(5000, 0.02, 1000, 2),
  binary_continuous: binary(2000, 0.5, 1e9, 3),
  multiclass3_absent_prediction: multiclass(300, 3, 4, { neverPredicted: 2 }),
  multiclass5_absent_prediction: multiclass(500, 5, 5, { neverPredicted: 1 }),
  multiclass4_absent_label: multiclass(200, 4, 6, { neverTrue: [3] }),
  multiclass6_two_absent_labels: multiclass(400, 6, 10, { neverTrue: [1, 4] }),
  multiclass3_one_class_only: multiclass(50, 3, 11, { neverTrue: [0, 2] }),
  binary_perfect: {
    kind: 'classification',
    classes: ['no', 'yes'],
    labels: [0, 0, 1, 1, 0, 1],
    scores: [0, 0.1, 0.9, 1, 0.2, 0.8],
    predicted: [0, 0, 1, 1, 0, 1],
  },
  // sklearn's step-wise sum comes to 1.0000000000000002 here; Tracklab clamps it to 1.
  binary_perfect_ranking: {
    kind: 'classification',
    classes: ['no', 'yes'],
    labels: [...Array<number>(20).fill(1), 0],
    scores: [...Array.from({ length: 20 }, (_, i) => 0.5 + (0.5 * (i + 1)) / 21), 0],
    predicted: [...Array<number>(20).fill(1), 0],
  },
  multiclass_perfect: {
    kind: 'classification',
    classes: ['a', 'b', 'c'],
    labels: perfectLabels,
    scores: perfectLabels.map((y) => [0, 1, 2].map((c) => (c === y ? 1 : 0))),
    predicted: perfectLabels,
  },
  regression_noisy: regression(1000, 7, (r) => 50 * r() - 10),
  regression_constant: regression(100, 8, () => 3.5),
  regression_constant_perfect: {
    kind: 'regression',
    actual: [3.5, 3.5, 3.5, 3.5],
    predicted: [3.5, 3.5, 3.5, 3.5],
  },
  regression_zeros: regression(400, 9, (r, i) => (i % 10 === 0 ? 0 : 10 * r()), 0.2),
};

const dir = mkdtempSync(join(tmpdir(), 'tracklab-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let computed: Record<string, Record<string, unknown>> | undefined;

/** sklearn's values for the corpus, computed once for both tests. */
function sklearn(): Record<string, Record<string, unknown>> {
  if (computed) return computed;
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(CORPUS));
  const out = execFileSync(
    join(VENV_BIN, 'python'),
    [join(import.meta.dirname, 'sklearn_metrics.py'), file],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return (computed = JSON.parse(out));
}

/** Every value compared, by case and metric, with its worst difference. */
const compared: { where: string; diff: number }[] = [];

/** Average precision values compared to the last bit, and how many sklearn gave above 1. */
const averagePrecisions = { exact: 0, clamped: 0 };

/**
 * Tracklab sums average precision in numpy's order, so it is sklearn's value to the last bit,
 * except that a sum rounded past 1 is clamped to 1.
 */
function sameAveragePrecision(where: string, ours: Metric, ref: Record<string, unknown>) {
  const theirs = ref.average_precision as number;
  expect(ours.value, `${where}: never above 1`).toBeLessThanOrEqual(1);
  if (theirs > 1) {
    expect(ours.value, where).toBe(1);
    averagePrecisions.clamped++;
  } else {
    expect(ours.value, `${where}: to the last bit`).toBe(theirs);
    averagePrecisions.exact++;
  }
}

/** Compare numbers or nested arrays; null on sklearn's side stands for a non-finite value. */
function close(where: string, ours: unknown, theirs: unknown): void {
  expect(theirs, `${where}: sklearn gave no value`).not.toBeUndefined();
  if (Array.isArray(theirs)) {
    const list = Array.from(ours as ArrayLike<unknown>);
    expect(list.length, `${where}: length`).toBe(theirs.length);
    theirs.forEach((t, i) => close(`${where}[${i}]`, list[i], t));
    return;
  }
  const a = typeof ours === 'object' && ours !== null ? (ours as Metric).value : (ours as number);
  if (theirs === null) {
    // sklearn's NaN (an undefined metric) is Tracklab's null; a curve's NaN rate stays NaN.
    expect(Number.isFinite(a), `${where}: sklearn gives a non-finite value`).toBe(false);
    return;
  }
  expect(a, `${where}: Tracklab gives null where sklearn gives ${String(theirs)}`).not.toBeNull();
  const b = theirs as number;
  const diff = Math.abs((a as number) - b);
  compared.push({ where, diff: diff / Math.max(1, Math.abs(b)) });
  expect(diff, `${where}: ours ${a}, sklearn ${b}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(b)),
  );
}

function checkClassification(name: string, c: Classification, ref: Record<string, unknown>) {
  const { classes, labels, scores, predicted } = c;
  const at = (m: string) => `${name}.${m}`;
  close(at('accuracy'), accuracy(labels, predicted), ref.accuracy);
  close(
    at('balanced_accuracy'),
    balancedAccuracy(labels, predicted, classes),
    ref.balanced_accuracy,
  );
  close(at('confusion_matrix'), confusionMatrix(labels, predicted, classes), ref.confusion_matrix);
  close(at('log_loss'), logLoss(labels, scores, classes), ref.log_loss);
  close(at('brier'), brierScore(labels, scores, classes), ref.brier);
  close(at('roc_auc'), rocAuc(labels, scores, classes), ref.roc_auc);
  close(at('average_precision'), averagePrecision(labels, scores, classes), ref.average_precision);
  sameAveragePrecision(at('average_precision'), averagePrecision(labels, scores, classes), ref);
  if (classes.length > 2) {
    const rows = scores as number[][];
    const oneVsRest = classes.map((name, c) => ({
      positive: labels.map((y) => (y === c ? 1 : 0)),
      p: rows.map((row) => row[c]),
      pair: ['rest', name],
    }));
    close(
      at('roc_auc_per_class'),
      oneVsRest.map(({ positive, p, pair }) => rocAuc(positive, p, pair)),
      ref.roc_auc_per_class,
    );
    close(
      at('average_precision_per_class'),
      oneVsRest.map(({ positive, p, pair }) => averagePrecision(positive, p, pair)),
      ref.average_precision_per_class,
    );
    close(
      at('roc_auc_present_classes'),
      rocAucPresentClasses(labels, scores, classes),
      ref.roc_auc_present_classes,
    );
    close(
      at('average_precision_present_classes'),
      averagePrecisionPresentClasses(labels, scores, classes),
      ref.average_precision_present_classes,
    );
  }
  for (const average of ['binary', 'macro', 'weighted', 'micro'] as Average[]) {
    if (!(`prf_${average}` in ref)) continue;
    const m = precisionRecallF1(labels, predicted, classes, { average });
    close(at(`prf_${average}`), [m.precision, m.recall, m.f1], ref[`prf_${average}`]);
  }
  const report = classificationReport(labels, predicted, classes);
  close(
    at('report'),
    report.perClass.map((r) => [r.precision, r.recall, r.f1, r.support]),
    ref.report,
  );
  if (classes.length !== 2) return;
  const positive = labels.map((y) => y === 1);
  const p = scores as number[];
  for (const drop of [true, false]) {
    const curve = rocCurve(positive, p, { dropIntermediate: drop });
    close(
      at(`roc_curve_${drop}`),
      [curve.fpr, curve.tpr, curve.thresholds],
      ref[`roc_curve_${drop}`],
    );
  }
  const pr = precisionRecallCurve(positive, p);
  close(at('pr_curve'), [pr.precision, pr.recall, pr.thresholds], ref.pr_curve);
  const cal = calibrationCurve(positive, p, 10);
  close(at('calibration'), [cal.probTrue, cal.probPred], ref.calibration);
}

function checkRegression(
  name: string,
  { actual, predicted }: Regression,
  ref: Record<string, unknown>,
) {
  const fns = {
    mse: meanSquaredError,
    rmse: rootMeanSquaredError,
    mae: meanAbsoluteError,
    mape: meanAbsolutePercentageError,
    max_error: maxError,
    r2: r2Score,
    explained_variance: explainedVariance,
  };
  for (const [metric, fn] of Object.entries(fns))
    close(`${name}.${metric}`, fn(actual, predicted), ref[metric]);
}

it('every metric equals scikit-learn 1.9 within 1e-9 on a seeded corpus', () => {
  const reference = sklearn();
  for (const [name, c] of Object.entries(CORPUS)) {
    if (c.kind === 'classification') checkClassification(name, c, reference[name]);
    else checkRegression(name, c, reference[name]);
  }
  const worst = compared.reduce((w, c) => (c.diff > w.diff ? c : w), { where: '', diff: 0 });
  console.log(
    `compared ${compared.length} values over ${Object.keys(CORPUS).length} cases; worst difference ${worst.diff.toExponential(2)} at ${worst.where}`,
  );
  expect(compared.length).toBeGreaterThan(1000);
  console.log(
    `average precision: ${averagePrecisions.exact} values equal to the last bit, ${averagePrecisions.clamped} clamped to 1`,
  );
  expect(averagePrecisions.clamped).toBeGreaterThan(0);
});

it('the corpus holds the edge cases it claims', () => {
  const mc = CORPUS.multiclass5_absent_prediction as Classification;
  expect(mc.predicted).not.toContain(1);
  const absentLabel = CORPUS.multiclass4_absent_label as Classification;
  expect(absentLabel.labels).not.toContain(3);
  const auc = rocAuc(absentLabel.labels, absentLabel.scores, absentLabel.classes);
  expect(auc.value).toBeNull();
  expect(auc.note).toContain('"class3" is absent from the labels');
  expect(new Set((CORPUS.multiclass6_two_absent_labels as Classification).labels).size).toBe(4);
  expect(new Set((CORPUS.multiclass3_one_class_only as Classification).labels)).toEqual(
    new Set([1]),
  );
  // sklearn 1.9 warns (it no longer raises) and gives NaN for the absent class's ROC AUC.
  const reference = sklearn();
  expect(reference.multiclass4_absent_label.warnings).toContain(
    'Only one class is present in y_true. ROC AUC score is not defined in that case.',
  );
  expect(reference.multiclass4_absent_label.roc_auc).toBeNull();
  expect(reference.binary_perfect_ranking.average_precision).toBeGreaterThan(1);
  const ties = CORPUS.binary_ties as Classification;
  expect(new Set(ties.scores as number[]).size).toBeLessThan(30);
  expect(
    r2Score(
      (CORPUS.regression_constant as Regression).actual,
      (CORPUS.regression_constant as Regression).predicted,
    ).note,
  ).toContain('constant target');
  expect((CORPUS.regression_zeros as Regression).actual).toContain(0);
});
