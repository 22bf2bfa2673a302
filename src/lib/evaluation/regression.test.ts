import { describe, expect, it } from 'vitest';
import {
  explainedVariance,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression';

const y = [1, 2, 3, 4];
const p = [1.5, 2, 2.5, 5];

describe('regression metrics', () => {
  it('match sklearn on a small case', () => {
    expect(meanSquaredError(y, p).value).toBeCloseTo(0.375, 15);
    expect(rootMeanSquaredError(y, p).value).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(meanAbsoluteError(y, p).value).toBeCloseTo(0.5, 15);
    expect(maxError(y, p).value).toBe(1);
    expect(r2Score(y, p).value).toBeCloseTo(0.7, 15);
    expect(explainedVariance(y, p).value).toBeCloseTo(0.75, 15);
    expect(meanAbsolutePercentageError(y, p)).toEqual({
      value: expect.closeTo(0.22916666666666666, 15),
    });
  });

  it('MAPE divides a zero target by machine epsilon and says so', () => {
    const m = meanAbsolutePercentageError([0, 2], [1, 2]);
    expect(m.value).toBe(2251799813685248);
    expect(m.note).toContain('1 row whose target is 0');
  });

  it('R² and explained variance of a constant target follow force_finite', () => {
    expect(r2Score([3, 3, 3], [3, 3, 3])).toEqual({
      value: 1,
      note: 'R² with a constant target is set to 1.0 (perfect predictions), as scikit-learn does (force_finite=True)',
    });
    expect(r2Score([3, 3, 3], [3, 3, 4]).value).toBe(0);
    expect(explainedVariance([3, 3, 3], [3, 3, 3]).value).toBe(1);
    expect(explainedVariance([3, 3, 3], [2, 3, 4]).note).toContain(
      'set to 0.0 (imperfect predictions)',
    );
  });

  it('calls a target constant when every value is equal, not when its float variance is 0', () => {
    // sklearn's float mean of [0.1, 0.1, 0.1] is not 0.1, so it reports R² = -1.7e31 here.
    expect(r2Score([0.1, 0.1, 0.1], [0.1, 0.1, 0.2]).value).toBe(0);
  });

  it('R² is null for a single row', () => {
    expect(r2Score([1], [2])).toEqual({
      value: null,
      note: 'R² is undefined with fewer than two rows',
    });
  });

  it('throws on empty, mismatched or non-finite input', () => {
    expect(() => meanSquaredError([], [])).toThrow('empty input: no rows to evaluate');
    expect(() => meanAbsoluteError([1, 2], [1])).toThrow('2 labels but 1 predictions');
    expect(() => r2Score([1, NaN], [1, 2])).toThrow('values must be finite');
  });
});
