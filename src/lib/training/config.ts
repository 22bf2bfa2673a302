/**
 * What a person chooses on the Train screen, as plain data: the model, its optimiser and the fit
 * settings. The shape is here; each value's name, default, range and words are in the table
 * (hyperparams.ts), from which the defaults, validation, logged params and params → config come.
 */
import type { Task } from '$lib/data/columns';
import { applies, hyperparam, setValueAt, valueAt, valueProblems } from './hyperparam-values';
import { HYPERPARAMS, type Hyperparam, type HyperparamValue } from './hyperparams';

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

/** Every hyperparameter at its default from the table (the Train form's starting values). */
export const DEFAULT_CONFIG: TrainConfig = defaultConfig();

function defaultConfig(): TrainConfig {
  const config = {} as TrainConfig;
  for (const p of HYPERPARAMS) if (p.path) setValueAt(config, p.path, structuredClone(p.default));
  return config;
}

/** The name a person knows the model by. */
export function modelName(kind: ModelKind, task: Task): string {
  if (kind === 'mlp') return 'MLP';
  if (task === 'regression') return 'Linear regression';
  return task === 'binary' ? 'Logistic regression' : 'Softmax regression';
}

/** The value early stopping watches (lower is better); Keras' default too. */
export const MONITOR = String(hyperparam('early_stopping_monitor')!.default);

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];

/**
 * Checks a config, returning one message per problem (empty when it can train). Only what applies
 * is checked: a field the form hides is neither read by the trainer nor logged.
 */
export function validateConfig(config: TrainConfig, task: Task): string[] {
  return HYPERPARAMS.filter((p) => p.path && applies(p, config, task)).flatMap((p) =>
    valueProblems(p, valueAt(config, p.path!)),
  );
}

/** Every hyperparameter that applies, as MLflow params (flat, string values). */
export function configParams(config: TrainConfig, task: Task): Record<string, string> {
  const params: Record<string, string> = {};
  for (const p of HYPERPARAMS)
    if (applies(p, config, task))
      params[p.name] = logged(p, p.path ? valueAt(config, p.path) : p.default, task);
  return params;
}

function logged(p: Hyperparam, value: HyperparamValue, task: Task): string {
  if (p.name === 'model_type') return modelName(value as ModelKind, task);
  if (p.type === 'int list') return (value as number[]).join(',');
  return String(value);
}

export interface ConfigFromParams {
  config: TrainConfig;
  /** One line per hyperparameter that was missing or unreadable and fell back to its default. */
  problems: string[];
}

/**
 * A run's params back to the config that trained it (to re-run it, or seed a study). Params that
 * are not hyperparameters (the data's, a user's own) are ignored; one that applies but is missing,
 * unreadable or out of range falls back to its default and is reported, so the config can train.
 * The task defaults to the run's own `task` param.
 */
export function configFromParams(params: Record<string, string>, task?: Task): ConfigFromParams {
  const forTask = task ?? TASKS.find((t) => t === params.task);
  const config = structuredClone(DEFAULT_CONFIG);
  const problems: string[] = [];
  // In table order, so a condition reads a value already taken from the params.
  for (const p of HYPERPARAMS) {
    if (!applies(p, config, forTask)) continue;
    const read = readParam(p, params[p.name]);
    if ('problem' in read) problems.push(`${read.problem} Used the default, ${shown(p, forTask)}.`);
    else if (p.path) setValueAt(config, p.path, read.value);
  }
  return { config, problems };
}

/** One logged value as the table's type, or why it cannot be used. */
function readParam(
  p: Hyperparam,
  text: string | undefined,
): { value: HyperparamValue } | { problem: string } {
  if (text === undefined) return { problem: `${p.name} was not logged.` };
  const value = parseLogged(p, text);
  if (value === undefined) return { problem: `${p.name} = "${text}" is not ${expected(p)}.` };
  const why = valueProblems(p, value).join(' ');
  return why ? { problem: `${p.name} = "${text}": ${why}` } : { value };
}

function shown(p: Hyperparam, task: Task = 'binary'): string {
  return logged(p, p.default, task);
}

const LINEAR_NAMES = TASKS.map((t) => modelName('linear', t));

/** A logged string as the table's type, or undefined when it cannot be one. */
function parseLogged(p: Hyperparam, text: string): HyperparamValue | undefined {
  switch (p.type) {
    case 'float':
    case 'int': {
      const n = text.trim() === '' ? NaN : Number(text);
      return Number.isNaN(n) || (p.type === 'int' && !Number.isInteger(n)) ? undefined : n;
    }
    case 'boolean': {
      // MLflow's Python client logs str(True) as "True".
      const word = text.toLowerCase();
      return word === 'true' ? true : word === 'false' ? false : undefined;
    }
    case 'int list': {
      const units = text.split(',').map((u) => (u.trim() === '' ? NaN : Number(u)));
      return units.some((u) => !Number.isInteger(u)) ? undefined : units;
    }
    case 'categorical':
      if (p.name === 'model_type' && text === modelName('mlp', 'binary')) return 'mlp';
      if (p.name === 'model_type' && LINEAR_NAMES.includes(text)) return 'linear';
      return p.choices.some((c) => c.value === text) ? text : undefined;
  }
}

function expected(p: Hyperparam): string {
  if (p.type === 'float') return 'a number';
  if (p.type === 'int') return 'a whole number';
  if (p.type === 'boolean') return 'true or false';
  if (p.type !== 'categorical') return 'whole numbers separated by commas';
  const values = p.name === 'model_type' ? ['MLP', ...LINEAR_NAMES] : p.choices.map((c) => c.value);
  return `one of ${values.join(', ')}`;
}
