import { describe, expect, it } from 'vitest';
import {
  BARELY_BEATS,
  baselineMetrics,
  baselineSentence,
  classFrequencies,
  compareWithBaseline,
  finalScores,
  majorityClass,
  trainingMean,
  verdictOf,
  type BaselineComparison,
} from './baseline';

describe('regression baseline: predicting the training mean', () => {
  it('scores the RMSE of the test targets around the training mean', () => {
    const train = Float32Array.from([1, 2, 3, 4, 10]); // mean 4
    const test = Float32Array.from([1, 5, 9]); // mean 5, population variance 32/3
    const scores = baselineMetrics('regression', 'test_', train, test, 0);
    // Around the training mean: ((1-4)² + (5-4)² + (9-4)²) / 3 = 35/3 ...
    expect(scores.test_rmse_baseline).toBeCloseTo(Math.sqrt(35 / 3), 12);
    // ... which is the test spread plus the squared gap between the two means: 32/3 + 1².
    expect(scores.test_rmse_baseline ** 2).toBeCloseTo(32 / 3 + 1, 12);
    expect(scores.test_mae_baseline).toBeCloseTo((3 + 1 + 5) / 3, 12);
    expect(Object.keys(scores).sort()).toEqual(['test_mae_baseline', 'test_rmse_baseline']);
  });

  it('is the test std when the test targets share the training mean', () => {
    const train = [2, 6]; // mean 4
    const test = [1, 4, 7]; // mean 4, population std sqrt(6)
    expect(baselineMetrics('regression', 'val_', train, test, 0).val_rmse_baseline).toBeCloseTo(
      Math.sqrt(6),
      12,
    );
  });

  it('sums the mean in float64 and logs nothing for an empty split', () => {
    expect(trainingMean(Float32Array.from([1e8, 1, -1e8, 1]))).toBe(0.5);
    expect(baselineMetrics('regression', 'test_', [1, 2], [], 0)).toEqual({});
  });
});

describe('classification baselines', () => {
  it('predicts the training split’s most frequent class, ties to the first class', () => {
    const train = [0, 1, 1, 2, 1, 0];
    expect(classFrequencies(train, 3)).toEqual([2 / 6, 3 / 6, 1 / 6]);
    expect(majorityClass(train, 3)).toBe(1);
    expect(majorityClass([2, 0, 2, 0], 3)).toBe(0); // numpy argmax: the first maximum
    const scores = baselineMetrics('multiclass', 'test_', train, [1, 1, 0, 2], 3);
    expect(scores.test_accuracy_baseline).toBe(0.5);
    // Every row gets the training frequencies: -mean(log p(true class)).
    expect(scores.test_log_loss_baseline).toBeCloseTo(
      -(Math.log(3 / 6) * 2 + Math.log(2 / 6) + Math.log(1 / 6)) / 4,
      12,
    );
  });

  it('gives a binary model’s one probability column the training share of class 1', () => {
    const scores = baselineMetrics('binary', 'val_', [0, 0, 0, 1], [1, 0, 0, 0, 0], 2);
    expect(scores.val_accuracy_baseline).toBe(0.8);
    expect(scores.val_log_loss_baseline).toBeCloseTo(
      -(Math.log(0.25) + 4 * Math.log(0.75)) / 5,
      12,
    );
  });
});

describe('the barely-beats rule', () => {
  it('compares RMSE with the baseline’s as a share of the baseline’s error', () => {
    const c = compareWithBaseline(
      'regression',
      'test_',
      { test_rmse: 4.1 },
      { test_rmse_baseline: 4.3 },
    )!;
    expect(c.reduction).toBeCloseTo(1 - 4.1 / 4.3, 12);
    expect(c.verdict).toBe('barely-beats');
    expect(baselineSentence(c)).toBe(
      'Test RMSE 4.1 vs 4.3 for predicting the training mean: the model barely beats the baseline (only 5% lower; under 10% counts as barely).',
    );
    const good = compareWithBaseline(
      'regression',
      'val_',
      { val_rmse: 2 },
      { val_rmse_baseline: 8 },
    );
    expect(good).toMatchObject({ split: 'validation', verdict: 'beats', reduction: 0.75 });
    expect(baselineSentence(good!)).toBe(
      'Validation RMSE 2 vs 8 for predicting the training mean: the model beats the baseline (75% lower).',
    );
  });

  it('counts misclassified rows for classification and names the majority class', () => {
    const compare = (accuracy: number, base: number): BaselineComparison => ({
      ...compareWithBaseline(
        'binary',
        'test_',
        { test_accuracy: accuracy },
        { test_accuracy_baseline: base },
      )!,
      majorityClass: 0,
    });
    const barely = compare(0.905, 0.9); // 9.5% of rows wrong against 10%: 5% fewer errors
    expect(barely.verdict).toBe('barely-beats');
    expect(baselineSentence(barely, ['benign', 'malignant'])).toBe(
      'Test accuracy 0.905 vs 0.9 for always predicting the most frequent training class (benign): the model barely beats the baseline (only 5% fewer misclassified rows; under 10% counts as barely).',
    );
    expect(compare(0.95, 0.9).verdict).toBe('beats');
    const worse = compare(0.85, 0.9);
    expect(worse.verdict).toBe('does-not-beat');
    expect(baselineSentence(worse)).toMatch(
      /: the model does not beat the baseline \(50% more misclassified rows\)\.$/,
    );
    // A split of one class: the baseline makes no error, so nothing can beat it.
    const flawless = compare(1, 1);
    expect(flawless.verdict).toBe('does-not-beat');
    expect(baselineSentence(flawless)).toMatch(/does not beat the baseline, which makes no error/);
    expect(compare(0.99, 1).reduction).toBe(-Infinity);
  });

  it('draws the line at 10% and reports nothing when a value is missing', () => {
    expect(BARELY_BEATS).toBe(0.1);
    expect(verdictOf(0.0999)).toBe('barely-beats');
    expect(verdictOf(0.1)).toBe('beats');
    expect(verdictOf(0)).toBe('does-not-beat');
    expect(verdictOf(NaN)).toBe('does-not-beat');
    expect(
      compareWithBaseline('regression', 'test_', { test_rmse: NaN }, { test_rmse_baseline: 1 }),
    ).toBeNull();
    expect(compareWithBaseline('regression', 'test_', {}, {})).toBeNull();
  });

  it('reads more digits when two values round alike, and "under 1%" for a sliver', () => {
    const c = compareWithBaseline(
      'regression',
      'test_',
      { test_rmse: 4.3001 },
      { test_rmse_baseline: 4.3012 },
    )!;
    expect(baselineSentence(c)).toContain('Test RMSE 4.3001 vs 4.3012');
    expect(baselineSentence(c)).toContain('(only under 1% lower;');
  });
});

describe('finalScores', () => {
  const trainY = Float32Array.from([0, 0, 1, 1, 1]);
  it('scores test and both splits’ baselines, comparing on test', () => {
    const s = finalScores(
      { task: 'binary', classes: 2, outWidth: 1, trainY },
      {
        validation: { y: Float32Array.from([1, 0]), outputs: Float32Array.from([0.9, 0.2]) },
        test: {
          y: Float32Array.from([1, 1, 0, 0]),
          outputs: Float32Array.from([0.8, 0.7, 0.1, 0.6]),
        },
      },
    );
    expect(s.testMetrics.test_accuracy).toBe(0.75);
    expect(s.baselineMetrics).toMatchObject({
      val_accuracy_baseline: 0.5,
      test_accuracy_baseline: 0.5,
    });
    expect(s.vsBaseline).toMatchObject({
      split: 'test',
      metric: 'accuracy',
      model: 0.75,
      baseline: 0.5,
      reduction: 0.5,
      verdict: 'beats',
      majorityClass: 1,
    });
  });

  it('compares on validation when there are no test rows, and not at all without either', () => {
    const empty = { y: new Float32Array(0), outputs: new Float32Array(0) };
    const input = {
      task: 'regression' as const,
      classes: 0,
      outWidth: 1,
      trainY: Float32Array.from([1, 3]),
    };
    const s = finalScores(input, {
      validation: { y: Float32Array.from([0, 4]), outputs: Float32Array.from([1, 3]) },
      test: empty,
    });
    expect(s.testMetrics).toEqual({});
    expect(s.baselineMetrics).toEqual({ val_rmse_baseline: 2, val_mae_baseline: 2 });
    expect(s.vsBaseline).toMatchObject({
      split: 'validation',
      model: 1,
      baseline: 2,
      verdict: 'beats',
    });
    expect(s.vsBaseline).not.toHaveProperty('majorityClass');
    expect(finalScores(input, { validation: empty, test: empty }).vsBaseline).toBeNull();
  });
});
