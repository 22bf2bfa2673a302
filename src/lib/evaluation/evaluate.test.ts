import { describe, expect, it } from 'vitest';
import { evaluateClassifier, evaluateRegressor } from './evaluate';

describe('evaluateClassifier', () => {
  it('binary: metrics at the threshold plus the count cells', () => {
    const e = evaluateClassifier({
      classes: ['benign', 'malignant'],
      labels: [0, 0, 1, 1],
      scores: [0.1, 0.4, 0.35, 0.8],
      threshold: 0.38,
    });
    expect(Array.from(e.predicted)).toEqual([0, 1, 0, 1]);
    expect(e.metrics).toMatchObject({
      example_count: 4,
      accuracy_score: 0.5,
      precision_score: 0.5,
      recall_score: 0.5,
      true_negatives: 1,
      false_positives: 1,
      false_negatives: 1,
      true_positives: 1,
      roc_auc: 0.75,
    });
    expect(e.warnings).toEqual([]);
  });

  it('multiclass: warns about classes absent from labels and predictions', () => {
    const e = evaluateClassifier({
      classes: ['a', 'b', 'c', 'd'],
      labels: [0, 1, 1, 0],
      scores: [
        [0.5, 0.3, 0.1, 0.1],
        [0.2, 0.5, 0.2, 0.1],
        [0.1, 0.1, 0.7, 0.1],
        [0.6, 0.2, 0.1, 0.1],
      ],
    });
    expect(e.confusionMatrix[1]).toEqual([0, 1, 1, 0]);
    expect(e.warnings).toContain('classes absent from the labels: "c" and "d"');
    expect(e.warnings).toContain('classes absent from the predictions: "d"');
    // c and d have no rows: ROC AUC is undefined (sklearn 1.9: NaN), the present-class mean is
    // a: 1, b: 1/2; their average precision counts 0.0, as sklearn's does (a: 1, b: 3/4)
    expect(e.metrics.roc_auc).toBeNull();
    expect(e.warnings).toContain(
      'ROC AUC is undefined: "c" and "d" are absent from the labels, so their one-vs-rest AUC is undefined (scikit-learn 1.9 returns NaN and warns); roc_auc_ovr_present_classes is the mean over the 2 classes present',
    );
    expect(e.metrics.roc_auc_ovr_present_classes).toBe(0.75);
    expect(e.metrics.average_precision).toBe((1 + 0.75 + 0 + 0) / 4);
    expect(e.metrics.average_precision_present_classes).toBe(0.875);
    expect(e.report.perClass).toHaveLength(4);
  });

  it('binary with one class: ROC AUC is null and the warning says why', () => {
    const e = evaluateClassifier({
      classes: ['benign', 'malignant'],
      labels: [0, 0],
      scores: [0.2, 0.7],
    });
    expect(e.metrics.roc_auc).toBeNull();
    expect(e.warnings).toContain(
      'ROC AUC is undefined: only one class ("benign") is present in the labels',
    );
  });

  it('throws on empty input', () => {
    expect(() => evaluateClassifier({ classes: ['a', 'b'], labels: [], scores: [] })).toThrow(
      'empty input: no rows to evaluate',
    );
  });
});

describe('evaluateRegressor', () => {
  it('gives every regression metric and the constant-target warnings', () => {
    const e = evaluateRegressor([2, 2, 2], [2, 2, 2]);
    expect(e.metrics).toMatchObject({ example_count: 3, mean_squared_error: 0, r2_score: 1 });
    expect(e.warnings).toHaveLength(2);
  });
});
