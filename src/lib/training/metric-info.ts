/**
 * What every metric a training run logs is, in words: a name a person reads, the scale the number
 * is on, and how it is computed. One table, read by the run page (beside each metric) and checked
 * against a real training's logged keys and against docs/api.md, so a new metric cannot appear
 * undescribed. The scale matters most for regression: `loss` and `val_loss` are on the
 * standardised target the model learns, while `val_rmse` and the rest are in the target's units.
 */
import type { Task } from '$lib/data/columns';

export interface MetricInfo {
  key: string;
  /** A name a person reads: "Training MSE". */
  name: string;
  /** What the number is measured in, read after the name: "in the target’s units". */
  scale: string;
  /** How it is computed and how to read it. */
  description: string;
  /** Every epoch (step = epoch), or once when the fit ends (at the last epoch's step). */
  logged: 'epoch' | 'end';
}

/** A row of the table: the tasks whose runs log the metric with this meaning. */
export interface MetricEntry extends MetricInfo {
  tasks: readonly Task[];
}

const ALL: readonly Task[] = ['binary', 'multiclass', 'regression'];
const CLASSIFICATION: readonly Task[] = ['binary', 'multiclass'];
const REGRESSION: readonly Task[] = ['regression'];

const STANDARDISED = 'on the standardised target (z-scored with the training mean and std)';
const UNITS = 'in the target’s units';
const SHARE = 'share of rows, 0 to 1';
const NATS = 'in nats, lower is better';

/** The same metric on the validation split (each epoch) and the test split (at the end). */
function bothSplits(
  base: string,
  tasks: readonly Task[],
  info: { name: string; scale: string; description: string },
): MetricEntry[] {
  return [
    { ...info, key: `val_${base}`, tasks, name: `Validation ${info.name}`, logged: 'epoch' },
    { ...info, key: `test_${base}`, tasks, name: `Test ${info.name}`, logged: 'end' },
  ];
}

/** A baseline's score on validation and test, both logged once at the end. */
function baseline(
  base: string,
  tasks: readonly Task[],
  info: { name: string; scale: string; description: string },
): MetricEntry[] {
  return bothSplits(`${base}_baseline`, tasks, info).map((e) => ({ ...e, logged: 'end' }));
}

/** The table itself: one row per key and meaning (`loss` has one per task). */
export const TRAINING_METRICS: readonly MetricEntry[] = [
  {
    key: 'loss',
    tasks: REGRESSION,
    name: 'Training MSE',
    scale: STANDARDISED,
    description:
      'Mean squared error on the training rows as the model learns them: the target minus the training mean, divided by the training std, so always predicting the mean scores about 1. Includes the L2 penalty; the mean over the epoch’s batches. Read val_rmse for the target’s units.',
    logged: 'epoch',
  },
  {
    key: 'loss',
    tasks: ['binary'],
    name: 'Training binary cross-entropy',
    scale: NATS,
    description:
      'Binary cross-entropy on the training rows, weighted by class when class weights are on, plus the L2 penalty; the mean over the epoch’s batches.',
    logged: 'epoch',
  },
  {
    key: 'loss',
    tasks: ['multiclass'],
    name: 'Training cross-entropy',
    scale: NATS,
    description:
      'Categorical cross-entropy on the training rows, weighted by class when class weights are on, plus the L2 penalty; the mean over the epoch’s batches.',
    logged: 'epoch',
  },
  {
    key: 'accuracy',
    tasks: CLASSIFICATION,
    name: 'Training accuracy',
    scale: SHARE,
    description:
      'Share of training rows predicted right, averaged over the epoch’s batches while the weights change.',
    logged: 'epoch',
  },
  {
    key: 'val_loss',
    tasks: REGRESSION,
    name: 'Validation MSE',
    scale: STANDARDISED,
    description:
      'Mean squared error on the validation rows on the standardised target, without the L2 penalty; early stopping watches it. val_rmse is the same error in the target’s units.',
    logged: 'epoch',
  },
  {
    key: 'val_loss',
    tasks: CLASSIFICATION,
    name: 'Validation log loss',
    scale: NATS,
    description:
      'Log loss (cross-entropy) on the validation rows as scikit-learn’s log_loss, without class weights or the L2 penalty; early stopping watches it.',
    logged: 'epoch',
  },
  ...bothSplits('accuracy', CLASSIFICATION, {
    name: 'accuracy',
    scale: SHARE,
    description:
      'Share of rows whose predicted class (P ≥ 0.5 for binary, the most probable class otherwise) is the true one.',
  }),
  ...bothSplits('auc', ['binary'], {
    name: 'ROC AUC',
    scale: '0 to 1, 0.5 is chance',
    description:
      'Area under the ROC curve of P(positive class): the chance a random positive row scores above a random negative one.',
  }),
  {
    key: 'test_log_loss',
    tasks: CLASSIFICATION,
    name: 'Test log loss',
    scale: NATS,
    description:
      'Log loss (cross-entropy) of the predicted probabilities on the test rows, as scikit-learn’s log_loss. On validation it is val_loss.',
    logged: 'end',
  },
  ...bothSplits('mae', REGRESSION, {
    name: 'MAE',
    scale: UNITS,
    description: 'Mean absolute error of the predictions, back in the target’s units.',
  }),
  ...bothSplits('rmse', REGRESSION, {
    name: 'RMSE',
    scale: UNITS,
    description:
      'Root mean squared error of the predictions, back in the target’s units. Compare it with the RMSE baseline of predicting the training mean on the same split.',
  }),
  ...bothSplits('r2', REGRESSION, {
    name: 'R²',
    scale: 'no unit: 1 is perfect, 0 is no better than the split’s mean',
    description:
      'Coefficient of determination, as scikit-learn’s r2_score: 1 minus the squared error over the spread of the split’s targets around their mean.',
  }),
  ...baseline('rmse', REGRESSION, {
    name: 'RMSE of predicting the training mean',
    scale: UNITS,
    description:
      'The baseline: the RMSE of predicting the training rows’ mean for every row (scikit-learn’s DummyRegressor). A model whose RMSE is not clearly below it has learnt little.',
  }),
  ...baseline('mae', REGRESSION, {
    name: 'MAE of predicting the training mean',
    scale: UNITS,
    description:
      'The baseline: the MAE of predicting the training rows’ mean for every row (scikit-learn’s DummyRegressor).',
  }),
  ...baseline('accuracy', CLASSIFICATION, {
    name: 'accuracy of predicting the most frequent class',
    scale: SHARE,
    description:
      'The baseline: the accuracy of always predicting the training split’s most frequent class (scikit-learn’s DummyClassifier, most_frequent).',
  }),
  ...baseline('log_loss', CLASSIFICATION, {
    name: 'log loss of predicting the class frequencies',
    scale: NATS,
    description:
      'The baseline: the log loss of giving every row the training split’s class frequencies as its probabilities (scikit-learn’s DummyClassifier, prior).',
  }),
  {
    key: 'epochs_trained',
    tasks: ALL,
    name: 'Epochs trained',
    scale: 'a count',
    description: 'Epochs the fit ran: fewer than asked when early stopping ended it.',
    logged: 'end',
  },
  {
    key: 'best_epoch',
    tasks: ALL,
    name: 'Best epoch',
    scale: 'counted from 0, as the steps are',
    description:
      'The epoch with the lowest val_loss (loss without a validation split); its weights are the saved model’s when early stopping restores the best weights.',
    logged: 'end',
  },
  {
    key: 'system/epoch_ms',
    tasks: ALL,
    name: 'Epoch time',
    scale: 'in milliseconds',
    description: 'Wall-clock time of the epoch’s batches, before the validation metrics.',
    logged: 'epoch',
  },
  {
    key: 'system/samples_per_sec',
    tasks: ALL,
    name: 'Training speed',
    scale: 'training rows per second',
    description: 'Training rows divided by the epoch time.',
    logged: 'epoch',
  },
  {
    key: 'system/tensors',
    tasks: ALL,
    name: 'Live tensors',
    scale: 'a count',
    description:
      'tfjs tensors in memory after the epoch; a count that keeps growing from epoch to epoch is a leak.',
    logged: 'epoch',
  },
];

/** What a training run's metric is for this task; undefined for a key training does not log. */
export function metricInfo(key: string, task: Task): MetricInfo | undefined {
  const entry = TRAINING_METRICS.find((e) => e.key === key && e.tasks.includes(task));
  return (
    entry && {
      key,
      name: entry.name,
      scale: entry.scale,
      description: entry.description,
      logged: entry.logged,
    }
  );
}

/** Every metric a training run of this task logs with validation and test rows, by key. */
export function trainingMetricKeys(task: Task): string[] {
  return TRAINING_METRICS.filter((e) => e.tasks.includes(task)).map((e) => e.key);
}

/** Every key the table describes, for any task. */
export function describedMetricKeys(): string[] {
  return [...new Set(TRAINING_METRICS.map((e) => e.key))];
}
