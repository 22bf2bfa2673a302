import { describe, expect, it } from 'vitest';
import { parseTable } from '../data/csv';
import { toSafeCsv } from '../data/csv-export';
import { compute } from './compute';
import { computeMetrics } from './compute-metrics';
import { NO_PROBABILITIES } from './evaluate';
import { readPredictions, type ReadOptions } from './predictions';

// Expected values are scikit-learn 1.9.1's for the same labels (accuracy_score,
// precision_recall_fscore_support, balanced_accuracy_score, confusion_matrix), worked by hand.

const read = (csv: string, options?: ReadOptions) => readPredictions(parseTable(csv), options);
const rows = (header: string, truth: string[], predicted: string[]) =>
  [header, ...truth.map((t, i) => `${t},${predicted[i]}`)].join('\n');

const PROBABILITY_METRICS = ['roc_auc', 'average_precision', 'log_loss', 'brier_score'];

describe('labels alone: string labels are a classification', () => {
  // tp 3 (yes→yes), fn 1 (yes→no), fp 1 (no→yes), tn 1.
  const YES_NO = rows(
    'label,prediction',
    ['yes', 'yes', 'yes', 'yes', 'no', 'no'],
    ['yes', 'yes', 'yes', 'no', 'yes', 'no'],
  );

  it('binary yes/no: every metric on labels, the greater label positive, no threshold', () => {
    const result = computeMetrics(YES_NO);
    expect(result).toMatchObject({
      task: 'binary',
      classes: ['no', 'yes'],
      positive: { label: 'yes', given: false },
      columns: { truth: 'label', prediction: 'prediction', probabilities: [] },
      columnsUsed:
        'true values "label"; predicted classes "prediction" (labels only: no probability columns); positive class "yes" (the greater label)',
    });
    expect(result.threshold).toBeUndefined();
    const m = result.metrics;
    expect(m).toMatchObject({
      example_count: 6,
      true_positives: 3,
      false_negatives: 1,
      false_positives: 1,
      true_negatives: 1,
    });
    expect(m.accuracy_score).toBeCloseTo(4 / 6, 15);
    expect(m.precision_score).toBeCloseTo(0.75, 15);
    expect(m.recall_score).toBeCloseTo(0.75, 15);
    expect(m.f1_score).toBeCloseTo(0.75, 15);
    expect(m.balanced_accuracy_score).toBeCloseTo(0.625, 15);
    // Macro over "no" (P 1/2, R 1/2) and "yes" (3/4, 3/4).
    expect(m.f1_macro).toBeCloseTo(0.625, 15);
    for (const name of PROBABILITY_METRICS) expect(m[name], name).toBeNull();
    expect(result.warnings).toEqual([NO_PROBABILITIES]);
  });

  it('posLabel picks the other class of two, scored as scikit-learn scores pos_label="no"', () => {
    const result = computeMetrics(YES_NO, { posLabel: 'no' });
    expect(result).toMatchObject({
      classes: ['yes', 'no'],
      positive: { label: 'no', given: true },
    });
    expect(result.metrics).toMatchObject({
      true_positives: 1,
      false_positives: 1,
      false_negatives: 1,
      precision_score: 0.5,
      recall_score: 0.5,
      f1_score: 0.5,
    });
  });

  it('multiclass iris names: classes in scikit-learn’s order, confusion matrix, per-class report', () => {
    const csv = rows(
      'y_true,y_pred',
      ['virginica', 'setosa', 'versicolor', 'versicolor', 'virginica', 'setosa'],
      ['setosa', 'versicolor', 'versicolor', 'versicolor', 'virginica', 'setosa'],
    );
    const result = computeMetrics(csv);
    expect(result.task).toBe('multiclass');
    expect(result.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    const m = result.metrics;
    expect(m.accuracy_score).toBeCloseTo(4 / 6, 15);
    expect(m.balanced_accuracy_score).toBeCloseTo(2 / 3, 15);
    expect(m.f1_score).toBeCloseTo(0.6555555555555556, 15); // weighted, as multiclass logs it
    expect(m.f1_macro).toBeCloseTo(0.6555555555555556, 15);
    expect(m.precision_weighted).toBeCloseTo(0.7222222222222222, 15);
    expect(m.recall_weighted).toBeCloseTo(4 / 6, 15);
    for (const name of [
      ...PROBABILITY_METRICS,
      'roc_auc_ovr_present_classes',
      'average_precision_present_classes',
    ])
      expect(m[name], name).toBeNull();
    expect(result.warnings).toEqual([NO_PROBABILITIES]);

    const set = read(csv);
    const computed = compute(set, 0.5);
    // Only what labels can draw; no curve, no calibration, no crash.
    expect(Object.keys(computed.figures)).toEqual(['confusion_matrix']);
    expect(computed.extra.confusion_matrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(computed.extra.threshold).toBeUndefined();
    const perClass = computed.extra.per_class as { class: string; f1: number }[];
    expect(perClass.map((c) => [c.class, +c.f1.toFixed(12)])).toEqual([
      ['setosa', 0.5],
      ['versicolor', 0.8],
      ['virginica', +(2 / 3).toFixed(12)],
    ]);
    expect(computed.tables.map((t) => t.caption)).toEqual([
      'Per class',
      'Confusion matrix (rows: true class, columns: predicted)',
    ]);
  });

  it('a predicted label absent from the true labels is a class, with scikit-learn’s warnings', () => {
    const result = computeMetrics(
      rows('y_true,y_pred', ['a', 'a', 'b', 'b'], ['a', 'c', 'b', 'b']),
    );
    expect(result.classes).toEqual(['a', 'b', 'c']);
    const m = result.metrics;
    expect(m.accuracy_score).toBe(0.75);
    // Classes only predicted are left out of balanced accuracy: (1/2 + 1) / 2.
    expect(m.balanced_accuracy_score).toBe(0.75);
    expect(m.f1_macro).toBeCloseTo(0.5555555555555555, 15);
    expect(m.recall_macro).toBeCloseTo(0.5, 15);
    expect(m.precision_weighted).toBe(1);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        'classes absent from the labels: "c"',
        'balanced accuracy leaves out classes predicted but absent from the labels: "c"',
        NO_PROBABILITIES,
      ]),
    );
    expect(result.warnings.some((w) => w.startsWith('recall is ill-defined'))).toBe(true);
    // Binary: every true label "no", "yes" only predicted; it is still the positive class.
    const binary = computeMetrics(
      rows('y_true,y_pred', ['no', 'no', 'no', 'no'], ['no', 'yes', 'no', 'yes']),
    );
    expect(binary).toMatchObject({ classes: ['no', 'yes'], positive: { label: 'yes' } });
    expect(binary.metrics).toMatchObject({
      accuracy_score: 0.5,
      balanced_accuracy_score: 0.5,
      precision_score: 0,
      recall_score: 0,
      f1_score: 0,
      false_positives: 2,
    });
  });

  it('booleans, spreadsheet-safe labels, and a lone class made two by the positive class', () => {
    expect(computeMetrics('y_true,y_pred\nTrue,True\nFalse,True\n').positive?.label).toBe('True');
    const safe = toSafeCsv([
      ['y', 'pred'],
      ['=a', '=a'],
      ['b', '=a'],
    ]);
    expect(computeMetrics(safe).classes).toEqual(['=a', 'b']);
    const lone = computeMetrics('y,pred\nno,no\nno,no\n', { posLabel: 'yes' });
    expect(lone).toMatchObject({ classes: ['no', 'yes'], positive: { label: 'yes', given: true } });
    expect(lone.metrics).toMatchObject({ accuracy_score: 1, true_negatives: 2, recall_score: 0 });
  });
});

describe('labels alone: numbers are a regression unless the model type says classifier', () => {
  const COUNTS = rows('y_true,y_pred', ['0', '1', '2', '1', '2'], ['0', '2', '2', '1', '1']);

  it('whole numbers without a model type: a regression as before, with a note saying how', () => {
    const result = computeMetrics(COUNTS);
    expect(result.task).toBe('regression');
    expect(result.metrics.mean_absolute_error).toBeCloseTo(0.4, 15);
    const note =
      '"y_true" and "y_pred" hold whole numbers only and are read as a regression: if they are class labels, evaluate with the model type "classifier" (modelType: \'classifier\'; Task: classification in the Evaluate form)';
    expect(result.warnings[0]).toBe(note);
    // Fractions are values: no note.
    expect(computeMetrics('y,yhat\n1.5,1.25\n2,2.5\n').warnings).toEqual([]);
    expect(computeMetrics(COUNTS, { modelType: 'regressor' }).warnings).not.toContain(note);
  });

  it('modelType "classifier": the same numbers as classes 0, 1, 2', () => {
    const result = computeMetrics(COUNTS, { modelType: 'classifier' });
    expect(result.task).toBe('multiclass');
    expect(result.classes).toEqual(['0', '1', '2']);
    expect(result.metrics.accuracy_score).toBeCloseTo(3 / 5, 15);
    expect(result.metrics.roc_auc).toBeNull();
    // 0/1 with a positive class; "1.0" and "1" are one class, as pandas reads them.
    const binary = computeMetrics('y_true,y_pred\n1,1.0\n0,1\n1,0\n0,0\n', {
      modelType: 'classifier',
      posLabel: 0,
    });
    expect(binary).toMatchObject({
      task: 'binary',
      classes: ['1', '0'],
      positive: { label: '0', given: true },
    });
    expect(binary.metrics).toMatchObject({ true_positives: 1, false_positives: 1 });
  });

  it('a threshold is not used on labels, and says so', () => {
    const result = computeMetrics('y,pred\nyes,yes\nno,yes\n', { threshold: 0.3 });
    expect(result.threshold).toBeUndefined();
    expect(result.warnings).toContain(
      'the threshold 0.3 is not used: the file has no probability columns, so its predicted labels are taken as they are',
    );
  });
});

describe('labels alone: what cannot be read, said', () => {
  it('refuses a mix of numbers and text, empty cells, one class, and a model type that does not fit', () => {
    expect(() => read('y_true,y_pred\n0,no\n1,yes\n')).toThrow(
      'Row 2 of the predictions file: "no" in "y_pred" is not a number, while every value in "y_true" is',
    );
    expect(() => read('y_true,y_pred\nyes,1\nno,0\n', { modelType: 'classifier' })).toThrow(
      'a classification needs labels of one kind in both (scikit-learn refuses a mix of numbers and text)',
    );
    expect(() => read('y_true,y_pred\nyes,yes\nno,\n')).toThrow(
      'Row 3 of the predictions file has no value in "y_pred": every row needs a true and a predicted value.',
    );
    expect(() => read('y_true,y_pred\nno,no\n')).toThrow(
      'The predictions file shows one class only ("no") in "y_true" and "y_pred": a classification needs two.',
    );
    expect(() => read('y,pred\nno,no\n', { posLabel: 'no' })).toThrow('one class only');
    expect(() => read('y,pred\na,b\nc,c\n', { posLabel: 'a' })).toThrow(
      'A positive class ("a") is for two classes; this predictions file has 3 ("a", "b", "c").',
    );
    expect(() => read('y,pred\nyes,no\n', { modelType: 'regressor' })).toThrow(
      'Row 2 of the predictions file: "yes" in column "y" is not a number, and a regressor\'s true and predicted values are numbers. For class labels, leave the model type out or ask for a classifier.',
    );
    expect(() => read('y,prob_1\n0,0.2\n1,0.7\n', { modelType: 'regressor' })).toThrow(
      'A regressor\'s predictions file holds true and predicted numbers, and this one has probability columns ("prob_1")',
    );
    expect(() =>
      read('y,pred\n1,1\n', { modelType: 'classification' as ReadOptions['modelType'] }),
    ).toThrow(
      'The model type must be "classifier" or "regressor" (mlflow.evaluate\'s model_type), or left out to read it from the file; got "classification".',
    );
  });

  it('a probability file read as before when the model type says classifier', () => {
    const csv = 'y_true,y_pred,prob_1\n1,1,0.9\n0,0,0.2\n';
    expect(computeMetrics(csv, { modelType: 'classifier' })).toEqual(computeMetrics(csv));
  });
});
