import { describe, expect, it } from 'vitest';
import type { BaselineComparison } from './baseline';
import { baselineWarning, type WarningInput } from './baseline-warning';

const epochs = (key: string, values: number[]) => values.map((v) => ({ metrics: { [key]: v } }));

const final = (verdict: BaselineComparison['verdict']): BaselineComparison => ({
  split: 'test',
  metric: 'accuracy',
  model: 0.63,
  baseline: 0.63,
  reduction: verdict === 'does-not-beat' ? 0 : 0.5,
  verdict,
  majorityClass: 1,
});

const classification = (over: Partial<WarningInput> = {}): WarningInput => ({
  task: 'binary',
  history: epochs('val_accuracy', [0.63, 0.37, 0.63, 0.63]),
  baselines: { val_accuracy_baseline: 0.63, test_accuracy_baseline: 0.63 },
  final: final('does-not-beat'),
  config: { learningRate: 10, optimizer: 'adam' },
  majorityName: 'benign',
  ...over,
});

describe('baselineWarning', () => {
  it('flags a classifier whose validation accuracy never rose above the majority class', () => {
    const warning = baselineWarning(classification());
    expect(warning).toBe(
      "The model is no better than always predicting the majority class (benign): its validation accuracy never rose above the baseline's 0.63 in 4 epochs. Try a lower learning rate (now 10; 0.001 is a usual start), and check that the columns used can predict the target.",
    );
  });

  it('stays quiet when any epoch beat the baseline, or the final model does', () => {
    expect(
      baselineWarning(classification({ history: epochs('val_accuracy', [0.63, 0.64, 0.63]) })),
    ).toBeUndefined();
    expect(baselineWarning(classification({ final: final('barely-beats') }))).toBeUndefined();
  });

  it('counts an epoch with a NaN metric as not beating', () => {
    const history = epochs('val_accuracy', [NaN, 0.5]);
    expect(baselineWarning(classification({ history }))).toContain('in 2 epochs');
  });

  it('flags a regression that never got below the training mean’s RMSE', () => {
    const warning = baselineWarning({
      task: 'regression',
      history: epochs('val_rmse', [9.1, 8.4, 8.2]),
      baselines: { val_rmse_baseline: 8.2 },
      final: { ...final('does-not-beat'), metric: 'rmse', majorityClass: undefined },
      config: { learningRate: 0.0001, optimizer: 'sgd' },
    });
    expect(warning).toMatch(
      /^The model is no better than predicting the training mean for every row: its validation RMSE never fell below the baseline's 8\.2 in 3 epochs\. Try more epochs, a higher learning rate \(now 0\.0001\) or a larger model/,
    );
  });

  it('advises SGD its own usual learning rate', () => {
    const config = { learningRate: 10, optimizer: 'sgd' as const };
    expect(baselineWarning(classification({ config }))).toContain('now 10; 0.01 is a usual start');
  });

  it('judges on the final comparison alone when there is no validation split', () => {
    const warning = baselineWarning(classification({ history: [], baselines: {} }));
    expect(warning).toContain("on the test rows it scores 0.63 against the baseline's 0.63");
    expect(baselineWarning(classification({ history: [], baselines: {}, final: null }))).toBe(
      undefined,
    );
  });
});
