import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type TrainConfig } from './config';
import { formFields } from './form-fields';
import * as values from './hyperparam-values';
import { HYPERPARAMS, type Hyperparam } from './hyperparams';

const { applies, hyperparam, valueProblems } = values;

/** Every leaf of a config, as dotted paths. */
function leaves(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? leaves(value, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('the hyperparameter table', () => {
  it('is plain data that survives JSON, as a search space must', () => {
    expect(JSON.parse(JSON.stringify(HYPERPARAMS))).toEqual(HYPERPARAMS);
  });

  it('names each logged param once and covers every field of TrainConfig once', () => {
    const names = HYPERPARAMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const paths = HYPERPARAMS.flatMap((p) => (p.path ? [p.path] : []));
    expect([...paths].sort()).toEqual(leaves(DEFAULT_CONFIG).sort());
  });

  it('lets a condition name only a hyperparameter above it, so one pass can decide', () => {
    HYPERPARAMS.forEach((p, i) => {
      if (p.when && 'param' in p.when) {
        const at = HYPERPARAMS.findIndex((q) => q.name === (p.when as { param: string }).param);
        expect(at, p.name).toBeGreaterThanOrEqual(0);
        expect(at, p.name).toBeLessThan(i);
      }
    });
  });

  it('gives each default a valid value, and each sampler a range inside the valid one', () => {
    for (const p of HYPERPARAMS) {
      expect(valueProblems(p, p.default), p.name).toEqual([]);
      if (p.type === 'categorical') {
        expect(
          p.choices.map((c) => c.value),
          p.name,
        ).toContain(p.default);
      }
      if (p.type === 'float' || p.type === 'int' || p.type === 'int list') {
        const { low, high, log } = p.search;
        expect(low, p.name).toBeLessThan(high);
        if (log) expect(low, p.name).toBeGreaterThan(0);
        const edge = (v: number) => (p.type === 'int list' ? [v] : v);
        expect(valueProblems(p, edge(low)), p.name).toEqual([]);
        expect(valueProblems(p, edge(high)), p.name).toEqual([]);
      }
    }
  });

  it('checks the edges of a range as validateConfig always has', () => {
    const check = (name: string, value: number) => valueProblems(hyperparam(name)!, value);
    expect(check('dropout', 0)).toEqual([]);
    expect(check('dropout', 0.999)).toEqual([]);
    expect(check('dropout', 1)).toHaveLength(1);
    expect(check('learning_rate', 0)).toHaveLength(1);
    expect(check('learning_rate', 10)).toEqual([]);
    expect(check('epochs', 10000)).toEqual([]);
    expect(check('epochs', 10001)).toHaveLength(1);
    expect(check('seed', 2 ** 32 - 1)).toEqual([]);
    expect(check('seed', 2 ** 32)).toHaveLength(1);
    expect(check('l2', 1e9)).toEqual([]);
    expect(check('batch_size', NaN)).toHaveLength(1);
  });
});

describe('applies', () => {
  const config = (change: (c: TrainConfig) => void) => {
    const c = structuredClone(DEFAULT_CONFIG);
    change(c);
    return c;
  };
  const names = (c: TrainConfig, task?: 'binary' | 'regression') =>
    HYPERPARAMS.filter((p) => applies(p, c, task)).map((p) => p.name);

  it('follows the model kind, the optimizer, early stopping and the task', () => {
    const linear = config((c) => (c.model.kind = 'linear'));
    expect(names(linear)).not.toContain('hidden_layers');
    expect(names(linear)).not.toContain('dropout');
    expect(names(DEFAULT_CONFIG)).not.toContain('momentum');
    expect(names(config((c) => (c.fit.optimizer = 'sgd')))).toContain('momentum');
    const off = config((c) => (c.fit.earlyStopping.enabled = false));
    expect(names(off)).toContain('early_stopping');
    expect(names(off)).not.toContain('early_stopping_patience');
    expect(names(DEFAULT_CONFIG, 'regression')).not.toContain('class_weight');
    expect(names(DEFAULT_CONFIG, 'binary')).toContain('class_weight');
    expect(names(DEFAULT_CONFIG)).toContain('class_weight'); // task unknown
  });
});

describe('valueAt / setValueAt', () => {
  it('read and write a config by dotted path', () => {
    const c = structuredClone(DEFAULT_CONFIG);
    values.setValueAt(c, 'fit.earlyStopping.patience', 3);
    expect(values.valueAt(c, 'fit.earlyStopping.patience')).toBe(3);
    expect(c.fit.earlyStopping).toEqual({ ...DEFAULT_CONFIG.fit.earlyStopping, patience: 3 });
  });
});

describe('formFields', () => {
  const byName = (fields: Hyperparam[]) => Object.fromEntries(fields.map((f) => [f.name, f]));

  it('shows the fields that apply, in the form’s boxes and order', () => {
    const fields = formFields(DEFAULT_CONFIG, 'multiclass');
    expect(fields.map((f) => `${f.group}:${f.label}`)).toEqual([
      'model:Type',
      'model:Hidden layers (units)',
      'model:Activation',
      'model:Dropout',
      'model:Batch normalisation',
      'model:L2 penalty',
      'training:Optimizer',
      'training:Learning rate',
      'training:Batch size',
      'training:Epochs',
      'training:Seed',
      'training:Class weights',
      'stopping:Early stopping on val_loss',
      'stopping:Patience (epochs)',
      'stopping:Restore the best weights',
    ]);
    expect(fields.map((f) => f.value)).toEqual([
      'mlp',
      [32, 16],
      'relu',
      0,
      false,
      0,
      'adam',
      0.01,
      32,
      50,
      42,
      'none',
      true,
      10,
      true,
    ]);
  });

  it('names the linear model for the task and stops spinners at the valid range', () => {
    const fields = byName(formFields(DEFAULT_CONFIG, 'regression'));
    const type = fields.model_type;
    expect(type.type === 'categorical' && type.choices.map((c) => c.label)).toEqual([
      'Linear regression',
      'MLP (neural network)',
    ]);
    expect(fields.class_weight).toBeUndefined();
    const binary = formFields(DEFAULT_CONFIG, 'binary');
    expect(binary.find((f) => f.name === 'dropout')).toMatchObject({ min: 0, max: 0.95 });
    expect(binary.find((f) => f.name === 'learning_rate')).toMatchObject({ min: 0, max: 10 });
    expect(binary.find((f) => f.name === 'l2')).toMatchObject({ min: 0, max: undefined });
  });
});
