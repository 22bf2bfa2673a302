import { describe, expect, it } from 'vitest';
import {
  accuracy,
  logLoss,
  meanAbsoluteError,
  predictedClasses,
  r2,
  rocAuc,
  rootMeanSquaredError,
  taskMetrics,
} from './metrics';

describe('training metrics', () => {
  it('picks classes by threshold (binary) or argmax (multiclass)', () => {
    expect([...predictedClasses([0.2, 0.5, 0.9], 1)]).toEqual([0, 1, 1]);
    expect([...predictedClasses([0.1, 0.7, 0.2, 0.5, 0.2, 0.3], 3)]).toEqual([1, 0]);
  });

  it('computes accuracy', () => {
    expect(accuracy([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.75);
    expect(accuracy([], [])).toBeNaN();
  });

  it('computes ROC AUC with ties as scikit-learn does', () => {
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    // roc_auc_score([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5 (all tied)
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // roc_auc_score([0, 0, 1, 1, 1], [0.2, 0.6, 0.6, 0.9, 0.1]) == 0.58333... (run in the venv)
    expect(rocAuc([0, 0, 1, 1, 1], [0.2, 0.6, 0.6, 0.9, 0.1])).toBeCloseTo(7 / 12, 12);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });

  it('computes log loss, clipping certain mistakes', () => {
    // sklearn.metrics.log_loss([0, 1], [0.2, 0.7]) == 0.28990924...
    expect(logLoss([0, 1], [0.2, 0.7], 1)).toBeCloseTo(0.2899092476264711, 12);
    expect(logLoss([2, 0], [0.1, 0.2, 0.7, 0.5, 0.25, 0.25], 3)).toBeCloseTo(
      -(Math.log(0.7) + Math.log(0.5)) / 2,
      12,
    );
    expect(Number.isFinite(logLoss([1], [0], 1))).toBe(true);
  });

  it('computes MAE and RMSE', () => {
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 1])).toBe(1);
    expect(rootMeanSquaredError([1, 2, 3], [2, 2, 1])).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('computes R² as the share of the spread around the mean that the predictions explain', () => {
    // Hand computation: residuals 0.5² + 0.5² + 0 + 1² = 1.5; the mean is 2.875 and the spread
    // 0.125² + 3.375² + 0.875² + 4.125² = 29.1875; R² = 1 - 1.5 / 29.1875.
    const value = r2([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    expect(value).toBeCloseTo(1 - 1.5 / 29.1875, 14);
    // sklearn.metrics.r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) == 0.9486081370449679
    expect(value).toBeCloseTo(0.9486081370449679, 14);
    // Predicting the split's own mean scores 0; one row has no R² (NaN, read as no value).
    expect(r2([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(r2([5], [5])).toBeNaN();
  });

  it('names each task metric with its split prefix', () => {
    expect(Object.keys(taskMetrics('binary', 'val_', [0, 1], [0.3, 0.6], 1)).sort()).toEqual([
      'val_accuracy',
      'val_auc',
      'val_log_loss',
    ]);
    // R² = 1 - ((1-1)² + (3-1)²) / ((1-2)² + (3-2)²) = 1 - 4/2
    expect(taskMetrics('regression', 'test_', [1, 3], [1, 1], 1)).toEqual({
      test_mae: 1,
      test_rmse: Math.sqrt(2),
      test_r2: -1,
    });
  });
});
