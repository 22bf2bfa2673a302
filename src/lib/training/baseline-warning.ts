/**
 * The warning a finished run gets when training learned nothing useful: its validation metric
 * never beat the baseline of baseline.ts (always the majority class, or the training mean) in any
 * epoch, and the final model does not beat it either. A learning rate of 10 does this: the run ends
 * FINISHED with an AUC of 0.5, which reads as success unless something says otherwise. The warning
 * is logged as the run's `tracklab.warning` tag and shown on the Train screen, the run page and the
 * runs table. Pure.
 */
import type { Task } from '$lib/data/columns';
import type { BaselineComparison } from './baseline';
import type { TrainConfig } from './config';

export interface WarningInput {
  task: Task;
  /** Each epoch's metrics as logged (val_accuracy or val_rmse among them). */
  history: readonly { metrics: Record<string, number> }[];
  /** val_*_baseline and test_*_baseline (baselineMetrics). */
  baselines: Record<string, number>;
  /** The final model against its baseline; null without a split to compare on. */
  final: BaselineComparison | null;
  config: Pick<TrainConfig['fit'], 'learningRate' | 'optimizer'>;
  /** The class the baseline always predicts, by name, when known. */
  majorityName?: string;
}

const short = (v: number) => String(Number(v.toPrecision(3)));

/** Whether one epoch's validation value beats the baseline's (NaN never does). */
function beats(task: Task, value: number, baseline: number): boolean {
  if (!Number.isFinite(value)) return false;
  return task === 'regression' ? value < baseline : value > baseline;
}

/**
 * Why the model is no better than its baseline, with what to try; undefined when it beat the
 * baseline on validation in some epoch, or the final model beats it, or there is nothing to judge.
 */
export function baselineWarning(input: WarningInput): string | undefined {
  const { task, history, baselines, final, config } = input;
  const regression = task === 'regression';
  const key = regression ? 'val_rmse' : 'val_accuracy';
  const baseline = baselines[`${key}_baseline`];
  if (final && final.verdict !== 'does-not-beat') return undefined;
  const epochs = history.map((e) => e.metrics[key]);
  const judged = Number.isFinite(baseline) && epochs.length > 0;
  if (judged && epochs.some((v) => beats(task, v, baseline))) return undefined;
  if (!judged && !final) return undefined;

  const what = regression
    ? 'predicting the training mean for every row'
    : `always predicting the majority class${input.majorityName ? ` (${input.majorityName})` : ''}`;
  const evidence = judged
    ? regression
      ? `its validation RMSE never fell below the baseline's ${short(baseline)} in ${epochs.length} epochs`
      : `its validation accuracy never rose above the baseline's ${short(baseline)} in ${epochs.length} epochs`
    : `on the ${final!.split} rows it scores ${short(final!.model)} against the baseline's ${short(final!.baseline)}`;
  const rate = config.learningRate;
  const advice =
    rate >= 0.1
      ? `Try a lower learning rate (now ${rate}; ${config.optimizer === 'sgd' ? '0.01' : '0.001'} is a usual start)`
      : `Try more epochs, a higher learning rate (now ${rate}) or a larger model`;
  return `The model is no better than ${what}: ${evidence}. ${advice}, and check that the columns used can predict the target.`;
}
