import { describe, expect, it } from 'vitest';
import type { Task } from '$lib/data/columns';
import {
  configFromParams,
  configParams,
  DEFAULT_CONFIG,
  validateConfig,
  type ModelKind,
  type OptimizerName,
  type TrainConfig,
} from './config';

const TASKS: Task[] = ['binary', 'multiclass', 'regression'];

/** A config with every choice that applies set away from its default. */
function variant(
  kind: ModelKind,
  optimizer: OptimizerName,
  stopping: boolean,
  options: { task: Task; balanced: boolean; batchNorm: boolean; dropout: boolean },
): TrainConfig {
  const c = structuredClone(DEFAULT_CONFIG);
  c.model.kind = kind;
  c.model.l2 = 0.0003;
  c.fit = { ...c.fit, optimizer, learningRate: 0.0123, batchSize: 7, epochs: 13, seed: 0 };
  if (optimizer === 'sgd') c.fit.momentum = 0.35;
  c.fit.earlyStopping = stopping
    ? { enabled: true, patience: 3, restoreBest: false }
    : { ...c.fit.earlyStopping, enabled: false };
  if (options.balanced && options.task !== 'regression') c.fit.classWeight = 'balanced';
  if (kind === 'mlp') {
    c.model.hidden = [64, 8, 4];
    c.model.activation = 'tanh';
    c.model.batchNorm = options.batchNorm;
    c.model.dropout = options.dropout ? 0.25 : 0;
  }
  return c;
}

function* variants() {
  for (const kind of ['linear', 'mlp'] as const)
    for (const optimizer of ['adam', 'sgd', 'rmsprop'] as const)
      for (const stopping of [true, false])
        for (const task of TASKS)
          for (const balanced of [true, false])
            for (const batchNorm of [true, false])
              for (const dropout of [true, false]) {
                const options = { task, balanced, batchNorm, dropout };
                yield { task, config: variant(kind, optimizer, stopping, options) };
              }
}

describe('DEFAULT_CONFIG', () => {
  it('is the Train form’s starting values, taken from the table', () => {
    const { model, fit } = DEFAULT_CONFIG;
    expect(model).toMatchObject({ kind: 'mlp', hidden: [32, 16], activation: 'relu' });
    expect(model).toMatchObject({ dropout: 0, batchNorm: false, l2: 0 });
    expect(fit).toMatchObject({ optimizer: 'adam', learningRate: 0.01, momentum: 0.9 });
    expect(fit).toMatchObject({ batchSize: 32, epochs: 50, classWeight: 'none', seed: 42 });
    expect(fit.earlyStopping).toEqual({ enabled: true, patience: 10, restoreBest: true });
    // hyperparams.test.ts checks that the table covers every field, and nothing more.
    expect(validateConfig(DEFAULT_CONFIG, 'binary')).toEqual([]);
  });
});

describe('configParams', () => {
  it('logs an MLP with early stopping as train.py would', () => {
    expect(configParams(DEFAULT_CONFIG, 'binary')).toEqual({
      model_type: 'MLP',
      optimizer: 'adam',
      learning_rate: '0.01',
      batch_size: '32',
      epochs: '50',
      l2: '0',
      seed: '42',
      early_stopping: 'true',
      early_stopping_patience: '10',
      early_stopping_monitor: 'val_loss',
      restore_best_weights: 'true',
      class_weight: 'none',
      hidden_layers: '32,16',
      activation: 'relu',
      dropout: '0',
      batch_norm: 'false',
    });
  });

  it('logs only what applies: no layers for a linear model, momentum only with SGD', () => {
    const options = { task: 'regression' as const, balanced: true, batchNorm: true, dropout: true };
    expect(configParams(variant('linear', 'sgd', false, options), 'regression')).toEqual({
      model_type: 'Linear regression',
      optimizer: 'sgd',
      learning_rate: '0.0123',
      momentum: '0.35',
      batch_size: '7',
      epochs: '13',
      l2: '0.0003',
      seed: '0',
      early_stopping: 'false',
    });
    const multi = variant('mlp', 'rmsprop', true, { ...options, task: 'multiclass' });
    expect(configParams(multi, 'multiclass')).toMatchObject({
      model_type: 'MLP',
      class_weight: 'balanced',
      hidden_layers: '64,8,4',
      activation: 'tanh',
      dropout: '0.25',
      batch_norm: 'true',
      restore_best_weights: 'false',
    });
    expect(
      configParams({ ...multi, model: { ...multi.model, kind: 'linear' } }, 'binary'),
    ).toMatchObject({ model_type: 'Logistic regression' });
    expect(
      configParams({ ...multi, model: { ...multi.model, kind: 'linear' } }, 'multiclass'),
    ).toMatchObject({ model_type: 'Softmax regression' });
  });
});

describe('configFromParams', () => {
  it('gives back the config for every model kind, optimizer and option (config → params → config)', () => {
    let count = 0;
    for (const { task, config } of variants()) {
      const back = configFromParams(configParams(config, task), task);
      expect(back.problems, JSON.stringify(config)).toEqual([]);
      expect(back.config).toEqual(config);
      count++;
    }
    expect(count).toBe(288);
  });

  it('reads the task from the run’s own params and ignores params that are not hyperparameters', () => {
    const config = variant('mlp', 'adam', true, {
      task: 'multiclass',
      balanced: true,
      batchNorm: false,
      dropout: true,
    });
    const params = { ...configParams(config, 'multiclass'), task: 'multiclass', target: 'species' };
    expect(configFromParams(params)).toEqual({ config, problems: [] });
  });

  it('leaves what does not apply at its default: hidden fields are not logged', () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.model.kind = 'linear';
    config.model.dropout = 0.5;
    config.fit.momentum = 0.1;
    const back = configFromParams(configParams(config, 'binary'), 'binary');
    expect(back.config.model).toEqual({ ...DEFAULT_CONFIG.model, kind: 'linear' });
    expect(back.config.fit.momentum).toBe(DEFAULT_CONFIG.fit.momentum);
  });

  it('falls back to the default for a missing, unreadable or out-of-range value and says so', () => {
    const params = configParams(DEFAULT_CONFIG, 'binary');
    delete params.epochs;
    const { config, problems } = configFromParams(
      {
        ...params,
        optimizer: 'adagrad',
        learning_rate: '50',
        batch_size: '3.5',
        hidden_layers: '32,x',
        batch_norm: 'True',
        early_stopping_monitor: 'val_auc',
      },
      'binary',
    );
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      model: { ...DEFAULT_CONFIG.model, batchNorm: true },
    });
    expect(problems).toEqual([
      'hidden_layers = "32,x" is not whole numbers separated by commas. Used the default, 32,16.',
      'optimizer = "adagrad" is not one of adam, sgd, rmsprop. Used the default, adam.',
      'learning_rate = "50": The learning rate must be above 0 and at most 10. Used the default, 0.01.',
      'batch_size = "3.5" is not a whole number. Used the default, 32.',
      'epochs was not logged. Used the default, 50.',
      'early_stopping_monitor = "val_auc" is not one of val_loss. Used the default, val_loss.',
    ]);
  });

  it('knows the model by any of its logged names', () => {
    for (const [name, kind] of [
      ['MLP', 'mlp'],
      ['Linear regression', 'linear'],
      ['Logistic regression', 'linear'],
      ['Softmax regression', 'linear'],
    ])
      expect(configFromParams({ model_type: name }).config.model.kind).toBe(kind);
    expect(configFromParams({ model_type: 'Random forest' }).problems[0]).toBe(
      'model_type = "Random forest" is not one of MLP, Logistic regression, Softmax regression, Linear regression. Used the default, MLP.',
    );
  });
});

describe('validateConfig', () => {
  const broken = (change: (c: TrainConfig) => void, task: Task = 'binary') => {
    const c = structuredClone(DEFAULT_CONFIG);
    change(c);
    return validateConfig(c, task);
  };

  it('says what is wrong with each value, in the words the Train form shows', () => {
    expect(broken((c) => (c.model.hidden = []))).toEqual([
      'An MLP needs at least one hidden layer.',
    ]);
    expect(broken((c) => (c.model.hidden = [1, 2, 3, 4, 5, 6, 7, 8, 9]))).toEqual([
      'Use at most 8 hidden layers.',
    ]);
    expect(broken((c) => (c.model.hidden = [4097]))).toEqual([
      'Each hidden layer needs a whole number of units from 1 to 4096.',
    ]);
    expect(broken((c) => (c.model.dropout = 1))).toEqual([
      'Dropout must be at least 0 and below 1.',
    ]);
    expect(broken((c) => (c.model.l2 = -1))).toEqual(['L2 must be 0 or more.']);
    expect(broken((c) => (c.model.l2 = Infinity))).toEqual(['L2 must be 0 or more.']);
    expect(broken((c) => (c.fit.learningRate = 0))).toEqual([
      'The learning rate must be above 0 and at most 10.',
    ]);
    expect(broken((c) => (c.fit.learningRate = 10))).toEqual([]);
    expect(broken((c) => ((c.fit.optimizer = 'sgd'), (c.fit.momentum = 1)))).toEqual([
      'Momentum must be at least 0 and below 1.',
    ]);
    expect(broken((c) => (c.fit.batchSize = 0))).toEqual([
      'Batch size must be a whole number from 1 to 65536.',
    ]);
    expect(broken((c) => (c.fit.epochs = 2.5))).toEqual([
      'Epochs must be a whole number from 1 to 10000.',
    ]);
    expect(broken((c) => (c.fit.earlyStopping.patience = 0))).toEqual([
      'Patience must be a whole number of epochs from 1 to 10000.',
    ]);
    expect(broken((c) => (c.fit.seed = -1))).toEqual(['The seed must be a whole number from 0.']);
    expect(broken((c) => (c.fit.epochs = NaN))).toHaveLength(1);
  });

  it('checks only what applies: a field the form hides is not read', () => {
    expect(broken((c) => ((c.model.kind = 'linear'), (c.model.hidden = [])))).toEqual([]);
    expect(broken((c) => ((c.model.kind = 'linear'), (c.model.dropout = 2)))).toEqual([]);
    expect(broken((c) => (c.fit.momentum = 2))).toEqual([]); // Adam
    expect(
      broken((c) => ((c.fit.earlyStopping.enabled = false), (c.fit.earlyStopping.patience = 0))),
    ).toEqual([]);
  });
});
