/**
 * Every hyperparameter Tracklab trains with, described once as plain data: the name it is logged
 * under, where it lives in a TrainConfig, its type, default, valid range, search range, choices,
 * when it applies, and the words the Train form shows. The form's fields, validateConfig, the
 * logged params, params → config and (later) a tuning search space are all read from this table
 * (hyperparam-values.ts reads and checks a config's values by it).
 */
import type { ModelKind } from './config';

/** A hyperparameter applies only while another one (named as logged) has this value. */
export type Condition =
  | { param: string; equals: string | boolean }
  /** Only for classification tasks (binary or multiclass). */
  | { task: 'classification' };

export interface Choice {
  value: string;
  label: string;
}

interface Common {
  /** The MLflow param key it is logged under. */
  name: string;
  /** Dotted path in TrainConfig; null for a logged value nobody sets (the monitored metric). */
  path: string | null;
  /** The form's label, in the user's words. */
  label: string;
  /** One sentence on what it does, shown as the field's tooltip. */
  about: string;
  /** A hint shown under the field. */
  help?: string;
  /** The model kinds that use it. */
  models: ModelKind[];
  when?: Condition;
}

export interface NumberParam extends Common {
  type: 'float' | 'int';
  default: number;
  /** The valid range, as validateConfig checks it; no `high`: any finite number. */
  low: number;
  high?: number;
  lowExclusive?: boolean;
  highExclusive?: boolean;
  /** What validateConfig says when the value is outside the range (or not whole, for 'int'). */
  problem: string;
  /** The form's spin step, and a sampler's step for whole numbers. */
  step: number;
  /** A sampler's default range (inside the valid one) and whether it samples on a log scale. */
  search: { low: number; high: number; log: boolean };
}

export interface ChoiceParam extends Common {
  type: 'categorical';
  default: string;
  choices: Choice[];
}

export interface SwitchParam extends Common {
  type: 'boolean';
  default: boolean;
}

/** Units per hidden layer: a list of whole numbers, logged as "32,16". */
export interface LayersParam extends Common {
  type: 'int list';
  default: number[];
  /** Units per layer, valid and searched. */
  low: number;
  high: number;
  problem: string;
  minLength: number;
  maxLength: number;
  tooFew: string;
  tooMany: string;
  /** What the form says when the text is not a list of whole numbers. */
  unreadable: string;
  search: { low: number; high: number; log: boolean };
}

export type Hyperparam = NumberParam | ChoiceParam | SwitchParam | LayersParam;
export type HyperparamValue = Hyperparam['default'];

const BOTH: ModelKind[] = ['linear', 'mlp'];
const MLP: ModelKind[] = ['mlp'];
const STOPPING: Condition = { param: 'early_stopping', equals: true };

/**
 * In the form's order. A condition names only a hyperparameter above it, so params → config can
 * decide in one pass. Changing a name, default or message changes logged runs and the UI.
 */
export const HYPERPARAMS: readonly Hyperparam[] = [
  {
    name: 'model_type',
    path: 'model.kind',
    type: 'categorical',
    label: 'Type',
    about: 'A linear model, or a neural network with hidden layers.',
    models: BOTH,
    default: 'mlp',
    // Logged as the model's name for the task (e.g. "Logistic regression"): see modelName.
    choices: [
      { value: 'linear', label: 'Linear model' },
      { value: 'mlp', label: 'MLP (neural network)' },
    ],
  },
  {
    name: 'hidden_layers',
    path: 'model.hidden',
    type: 'int list',
    label: 'Hidden layers (units)',
    about: 'How many units each hidden layer has, input side first.',
    help: 'e.g. 32, 16',
    models: MLP,
    default: [32, 16],
    low: 1,
    high: 4096,
    problem: 'Each hidden layer needs a whole number of units from 1 to 4096.',
    minLength: 1,
    maxLength: 8,
    tooFew: 'An MLP needs at least one hidden layer.',
    tooMany: 'Use at most 8 hidden layers.',
    unreadable: 'Write whole numbers of units per layer, e.g. 32, 16.',
    search: { low: 4, high: 256, log: true },
  },
  {
    name: 'activation',
    path: 'model.activation',
    type: 'categorical',
    label: 'Activation',
    about: 'The function applied after each hidden layer.',
    models: MLP,
    default: 'relu',
    choices: [
      { value: 'relu', label: 'ReLU' },
      { value: 'tanh', label: 'tanh' },
      { value: 'elu', label: 'ELU' },
      { value: 'sigmoid', label: 'sigmoid' },
    ],
  },
  {
    name: 'dropout',
    path: 'model.dropout',
    type: 'float',
    label: 'Dropout',
    about: 'The share of units switched off at random after each hidden layer while training.',
    models: MLP,
    default: 0,
    low: 0,
    high: 1,
    highExclusive: true,
    problem: 'Dropout must be at least 0 and below 1.',
    step: 0.05,
    search: { low: 0, high: 0.5, log: false },
  },
  {
    name: 'batch_norm',
    path: 'model.batchNorm',
    type: 'boolean',
    label: 'Batch normalisation',
    about: 'Normalises each hidden layer over the batch before its activation.',
    models: MLP,
    default: false,
  },
  {
    name: 'l2',
    path: 'model.l2',
    type: 'float',
    label: 'L2 penalty',
    about: 'A penalty on large weights in every layer; 0 for none.',
    models: BOTH,
    default: 0,
    low: 0,
    problem: 'L2 must be 0 or more.',
    step: 0.0001,
    search: { low: 1e-6, high: 0.1, log: true },
  },
  {
    name: 'optimizer',
    path: 'fit.optimizer',
    type: 'categorical',
    label: 'Optimizer',
    about: 'How the weights are updated from each batch.',
    models: BOTH,
    default: 'adam',
    choices: [
      { value: 'adam', label: 'Adam' },
      { value: 'sgd', label: 'SGD' },
      { value: 'rmsprop', label: 'RMSprop' },
    ],
  },
  {
    name: 'learning_rate',
    path: 'fit.learningRate',
    type: 'float',
    label: 'Learning rate',
    about: 'The size of each update step.',
    models: BOTH,
    default: 0.01,
    low: 0,
    lowExclusive: true,
    high: 10,
    problem: 'The learning rate must be above 0 and at most 10.',
    step: 0.001,
    search: { low: 1e-4, high: 1, log: true },
  },
  {
    name: 'momentum',
    path: 'fit.momentum',
    type: 'float',
    label: 'Momentum',
    about: 'How much of the previous step SGD keeps; 0 for plain SGD.',
    models: BOTH,
    when: { param: 'optimizer', equals: 'sgd' },
    default: 0.9,
    low: 0,
    high: 1,
    highExclusive: true,
    problem: 'Momentum must be at least 0 and below 1.',
    step: 0.05,
    search: { low: 0, high: 0.99, log: false },
  },
  {
    name: 'batch_size',
    path: 'fit.batchSize',
    type: 'int',
    label: 'Batch size',
    about: 'How many rows each update step learns from.',
    models: BOTH,
    default: 32,
    low: 1,
    high: 65536,
    problem: 'Batch size must be a whole number from 1 to 65536.',
    step: 1,
    search: { low: 8, high: 512, log: true },
  },
  {
    name: 'epochs',
    path: 'fit.epochs',
    type: 'int',
    label: 'Epochs',
    about: 'How many passes over the training rows, at most.',
    models: BOTH,
    default: 50,
    low: 1,
    high: 10000,
    problem: 'Epochs must be a whole number from 1 to 10000.',
    step: 1,
    search: { low: 10, high: 300, log: true },
  },
  {
    name: 'seed',
    path: 'fit.seed',
    type: 'int',
    label: 'Seed',
    about: 'Fixes the initial weights, shuffling and dropout, so a run can be repeated.',
    models: BOTH,
    default: 42,
    low: 0,
    high: 2 ** 32 - 1,
    problem: 'The seed must be a whole number from 0.',
    step: 1,
    search: { low: 0, high: 10000, log: false },
  },
  {
    name: 'class_weight',
    path: 'fit.classWeight',
    type: 'categorical',
    label: 'Class weights',
    about: "Balanced weighs each class by how rare it is, as scikit-learn's class_weight.",
    models: BOTH,
    when: { task: 'classification' },
    default: 'none',
    choices: [
      { value: 'none', label: 'None' },
      { value: 'balanced', label: 'Balanced' },
    ],
  },
  {
    name: 'early_stopping',
    path: 'fit.earlyStopping.enabled',
    type: 'boolean',
    label: 'Early stopping on val_loss',
    about: 'Stops when the validation loss has not improved for a number of epochs.',
    models: BOTH,
    default: true,
  },
  {
    name: 'early_stopping_patience',
    path: 'fit.earlyStopping.patience',
    type: 'int',
    label: 'Patience (epochs)',
    about: 'How many epochs without improvement early stopping waits.',
    models: BOTH,
    when: STOPPING,
    default: 10,
    low: 1,
    high: 10000,
    problem: 'Patience must be a whole number of epochs from 1 to 10000.',
    step: 1,
    search: { low: 2, high: 50, log: false },
  },
  {
    name: 'early_stopping_monitor',
    path: null,
    type: 'categorical',
    label: 'Monitor',
    about: 'The value early stopping watches (lower is better), as Keras does by default.',
    models: BOTH,
    when: STOPPING,
    default: 'val_loss',
    choices: [{ value: 'val_loss', label: 'val_loss' }],
  },
  {
    name: 'restore_best_weights',
    path: 'fit.earlyStopping.restoreBest',
    type: 'boolean',
    label: 'Restore the best weights',
    about: 'Keeps the weights of the best epoch rather than the last.',
    models: BOTH,
    when: STOPPING,
    default: true,
  },
];
