import { describe, expect, it } from 'vitest';
import { calibrationCurve, precisionRecallCurve, rocCurve, thresholdCounts } from './curves';

const arr = (a: ArrayLike<number>) => Array.from(a);

describe('ROC curve', () => {
  it('gives sklearn roc_curve points, ties as one point', () => {
    const c = rocCurve([0, 1, 0, 1, 1, 0], [0.5, 0.5, 0.2, 0.9, 0.5, 0.5], {
      dropIntermediate: false,
    });
    expect(arr(c.fpr)).toEqual([0, 0, 2 / 3, 1]);
    expect(arr(c.tpr)).toEqual([0, 1 / 3, 1, 1]);
    expect(arr(c.thresholds)).toEqual([Infinity, 0.9, 0.5, 0.2]);
  });

  it('drops collinear points by default, as sklearn', () => {
    const c = rocCurve([0, 0, 1, 1, 0, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(arr(c.thresholds)).toEqual([Infinity, 0.7, 0.6, 0.5, 0.3, 0.1]);
    expect(arr(c.fpr)).toEqual([0, 0, 0, 1 / 3, 1 / 3, 1]);
    expect(arr(c.tpr)).toEqual([0, 0.25, 0.5, 0.5, 1, 1]);
  });

  it('says the curve is undefined with one class', () => {
    const c = rocCurve([1, 1], [0.2, 0.8]);
    expect(Number.isNaN(c.fpr[1])).toBe(true);
    expect(c.note).toContain('no negative rows');
  });

  it('throws on non-finite scores', () => {
    expect(() => thresholdCounts([true, false], [0.5, Infinity])).toThrow('row 1 is Infinity');
  });
});

describe('precision-recall curve', () => {
  it('gives sklearn precision_recall_curve points', () => {
    const c = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(arr(c.precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(arr(c.recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(arr(c.thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
  });

  it('sets recall to 1 with no positives, and notes it', () => {
    const c = precisionRecallCurve([0, 0], [0.1, 0.4]);
    expect(arr(c.recall)).toEqual([1, 1, 0]);
    expect(c.note).toContain('no positive rows');
  });
});

describe('calibration curve', () => {
  it('bins uniformly and leaves empty bins out', () => {
    const c = calibrationCurve([0, 1, 0, 1, 1], [0.1, 0.1, 0.35, 0.8, 0.95]);
    expect(arr(c.probTrue)).toEqual([0.5, 0, 1, 1]);
    expect(arr(c.probPred)).toEqual([0.1, 0.35, 0.8, 0.95]);
    expect(arr(c.counts)).toEqual([2, 1, 1, 1]);
  });

  it('puts a score on an inner edge in the lower bin, with numpy linspace edges', () => {
    // the third edge is 3 * 0.1 = 0.30000000000000004, so both fall in bin 2
    const c = calibrationCurve([0, 1, 1], [0.3, 0.30000000000000004, 1]);
    expect(arr(c.probTrue)).toEqual([0.5, 1]);
    expect(arr(c.counts)).toEqual([2, 1]);
  });
});
