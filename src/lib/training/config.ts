/**
 * What a person chooses on the Train screen, as plain data: the model, its optimiser and the fit
 * settings. Pure, so the form, the worker and the logged params all read one definition.
 */
import type { Task } from '$lib/data/columns';

export type ModelKind = 'linear' | 'mlp';
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu';
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';
export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type Backend = Exclude<BackendChoice, 'auto'>;

export interface ModelConfig {
  /** 'linear' is linear regression, or logistic / softmax regression for classification. */
  kind: ModelKind;
  /** Units per hidden layer (MLP only). */
  hidden: number[];
  activation: Activation;
  /** Dropout rate after each hidden layer, 0 for none. */
  dropout: number;
  batchNorm: boolean;
  /** L2 penalty on every kernel, 0 for none. */
  l2: number;
}

export interface FitConfig {
  optimizer: OptimizerName;
  learningRate: number;
  /** SGD only. */
  momentum: number;
  batchSize: number;
  epochs: number;
  /** Stop when the monitored validation value has not improved for `patience` epochs. */
  earlyStopping: { enabled: boolean; patience: number; restoreBest: boolean };
  /** 'balanced' weighs each class by n / (classes × count), as scikit-learn's class_weight. */
  classWeight: 'none' | 'balanced';
  seed: number;
}

export interface TrainConfig {
  model: ModelConfig;
  fit: FitConfig;
}

export const DEFAULT_CONFIG: TrainConfig = {
  model: { kind: 'mlp', hidden: [32, 16], activation: 'relu', dropout: 0, batchNorm: false, l2: 0 },
  fit: {
    optimizer: 'adam',
    learningRate: 0.01,
    momentum: 0.9,
    batchSize: 32,
    epochs: 50,
    earlyStopping: { enabled: true, patience: 10, restoreBest: true },
    classWeight: 'none',
    seed: 42,
  },
};

/** The name a person knows the model by. */
export function modelName(kind: ModelKind, task: Task): string {
  if (kind === 'mlp') return 'MLP';
  if (task === 'regression') return 'Linear regression';
  return task === 'binary' ? 'Logistic regression' : 'Softmax regression';
}

/** The value early stopping watches (lower is better); Keras' default too. */
export const MONITOR = 'val_loss';

/** Checks a config, returning one message per problem (empty when it can train). */
export function validateConfig(config: TrainConfig, task: Task): string[] {
  const problems: string[] = [];
  const { model, fit } = config;
  const int = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (model.kind === 'mlp') {
    if (!model.hidden.length) problems.push('An MLP needs at least one hidden layer.');
    if (model.hidden.length > 8) problems.push('Use at most 8 hidden layers.');
    if (!model.hidden.every((u) => int(u, 1, 4096)))
      problems.push('Each hidden layer needs a whole number of units from 1 to 4096.');
  }
  if (!(model.dropout >= 0 && model.dropout < 1))
    problems.push('Dropout must be at least 0 and below 1.');
  if (!(model.l2 >= 0 && Number.isFinite(model.l2))) problems.push('L2 must be 0 or more.');
  if (!(fit.learningRate > 0 && fit.learningRate <= 10))
    problems.push('The learning rate must be above 0 and at most 10.');
  if (!(fit.momentum >= 0 && fit.momentum < 1))
    problems.push('Momentum must be at least 0 and below 1.');
  if (!int(fit.batchSize, 1, 65536)) problems.push('Batch size must be a whole number from 1.');
  if (!int(fit.epochs, 1, 10000)) problems.push('Epochs must be a whole number from 1 to 10000.');
  if (fit.earlyStopping.enabled && !int(fit.earlyStopping.patience, 1, 10000))
    problems.push('Patience must be a whole number of epochs from 1.');
  if (!int(fit.seed, 0, 2 ** 32 - 1)) problems.push('The seed must be a whole number from 0.');
  if (fit.classWeight === 'balanced' && task === 'regression')
    problems.push('Class weights apply to classification only.');
  return problems;
}

/** Every hyperparameter as MLflow params (flat, string values). */
export function configParams(config: TrainConfig, task: Task): Record<string, string> {
  const { model, fit } = config;
  const params: Record<string, string> = {
    model_type: modelName(model.kind, task),
    optimizer: fit.optimizer,
    learning_rate: String(fit.learningRate),
    batch_size: String(fit.batchSize),
    epochs: String(fit.epochs),
    l2: String(model.l2),
    seed: String(fit.seed),
    early_stopping: String(fit.earlyStopping.enabled),
  };
  if (fit.optimizer === 'sgd') params.momentum = String(fit.momentum);
  if (fit.earlyStopping.enabled) {
    params.early_stopping_patience = String(fit.earlyStopping.patience);
    params.early_stopping_monitor = MONITOR;
    params.restore_best_weights = String(fit.earlyStopping.restoreBest);
  }
  if (task !== 'regression') params.class_weight = fit.classWeight;
  if (model.kind === 'mlp') {
    params.hidden_layers = model.hidden.join(',');
    params.activation = model.activation;
    params.dropout = String(model.dropout);
    params.batch_norm = String(model.batchNorm);
  }
  return params;
}
