import { describe, expect, it } from 'vitest';
import { computeMetrics } from './compute-metrics';
import { evaluateClassifier, evaluateRegressor } from './evaluate';
import { sklearnOrder } from './label-order';

const SKLEARN = 'y_true,y_pred,prob_1\n1,1,0.9\n0,0,0.2\n0,1,0.6\n1,0,0.4\n1,1,0.7\n';

describe('computeMetrics', () => {
  it('gives the metrics of a file without a run, with the columns and positive class it took', () => {
    const result = computeMetrics(SKLEARN);
    const expected = evaluateClassifier({
      classes: ['0', '1'],
      labels: [1, 0, 0, 1, 1],
      scores: [0.9, 0.2, 0.6, 0.4, 0.7],
    });
    expect(result).toEqual({
      task: 'binary',
      metrics: expected.metrics,
      warnings: [],
      columns: {
        truth: 'y_true',
        prediction: 'y_pred',
        probabilities: [{ column: 'prob_1', class: '1' }],
      },
      columnsUsed:
        'true values "y_true"; P("1") "prob_1"; predicted classes "y_pred" (checked against them); positive class "1" (the greater label)',
      positive: { label: '1', given: false },
      classes: ['0', '1'],
      threshold: 0.5,
    });
    expect(computeMetrics({ name: 'p.csv', text: SKLEARN }, { posLabel: 0 })).toMatchObject({
      positive: { label: '0', given: true },
      classes: ['1', '0'],
    });
  });

  it('takes thresholds 0 and 1 as scikit-learn does, and refuses others', () => {
    expect(computeMetrics(SKLEARN, { threshold: 0 }).metrics).toMatchObject({
      true_positives: 3,
      false_positives: 2,
    });
    expect(computeMetrics(SKLEARN, { threshold: 1 }).metrics).toMatchObject({
      true_positives: 0,
      false_positives: 0,
      precision_score: 0,
    });
    expect(() => computeMetrics(SKLEARN, { threshold: 1.01 })).toThrow(
      'The threshold must lie between 0 and 1; got 1.01.',
    );
  });

  it('says when the file’s own predicted classes differ from its probabilities', () => {
    // Row 3 says 0 where P(1) = 0.6; at 0.5 that row is class 1.
    const text = 'label,prediction,proba_yes\nyes,yes,0.9\nno,no,0.2\nno,no,0.6\n';
    expect(computeMetrics(text).warnings).toEqual([
      'the file\'s "prediction" differs in 1 of 3 rows (first: row 4) from the class its probabilities give at threshold 0.5 (positive when P("yes") >= 0.5): accuracy, precision, recall, F1 and the confusion matrix use the probabilities',
    ]);
    // At another threshold the predictions are meant to move: no warning.
    expect(computeMetrics(text, { threshold: 0.65 }).warnings).toEqual([]);
    const multi = 'y,pred,p_a,p_b,p_c\na,b,0.6,0.3,0.1\nb,b,0.2,0.5,0.3\nc,c,0.1,0.2,0.7\n';
    expect(computeMetrics(multi).warnings).toEqual([
      'the file\'s "pred" differs in 1 of 3 rows (first: row 2) from the most probable class by its probabilities: accuracy, precision, recall, F1 and the confusion matrix use the probabilities',
    ]);
  });

  it('a regression and a multiclass file with an absent class', () => {
    const reg = computeMetrics('y,yhat\n1,1.5\n2,2\n4,3\n');
    expect(reg).toMatchObject({
      task: 'regression',
      metrics: evaluateRegressor([1, 2, 4], [1.5, 2, 3]).metrics,
      columnsUsed: 'true values "y"; predictions "yhat"',
    });
    const multi = computeMetrics('y,p_a,p_b,p_c\na,0.7,0.2,0.1\nb,0.2,0.5,0.3\na,0.3,0.4,0.3\n');
    expect(multi.task).toBe('multiclass');
    expect(multi.metrics.roc_auc).toBeNull();
    expect(multi.metrics.roc_auc_ovr_present_classes).toBe(1);
    expect(multi.warnings.some((w) => w.startsWith('ROC AUC is undefined: "c" is absent'))).toBe(
      true,
    );
  });
});

describe('sklearnOrder', () => {
  it('sorts as np.unique sorts what pandas read: numbers, code points, booleans', () => {
    expect(sklearnOrder(['10', '9', '-1', '2.5'])).toEqual(['-1', '2.5', '9', '10']);
    expect(sklearnOrder(['yes', 'no', 'Yes'])).toEqual(['Yes', 'no', 'yes']);
    expect(sklearnOrder(['1', '0'])).toEqual(['0', '1']);
    expect(sklearnOrder(['True', 'false'])).toEqual(['false', 'True']);
    // U+FFFF before U+1F600 by code point, though UTF-16 units would put the emoji first.
    expect(sklearnOrder(['\u{1F600}', '\uFFFF'])).toEqual(['\uFFFF', '\u{1F600}']);
    expect(sklearnOrder(['b', '10', 'a'])).toEqual(['10', 'a', 'b']);
  });
});
