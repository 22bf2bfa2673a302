/**
 * The Train form's fields for a config and task, read from the hyperparameter table: only those
 * that apply, with their values, spin bounds and the model's name for the task. Pure, so the form
 * component stays a loop over plain data.
 */
import type { Task } from '$lib/data/columns';
import { modelName, type TrainConfig } from './config';
import { applies, valueAt } from './hyperparam-values';
import { HYPERPARAMS, type Hyperparam, type HyperparamValue } from './hyperparams';

/** Where a field sits: the Model box, the Training box, or Training's early-stopping row. */
export type FieldGroup = 'model' | 'training' | 'stopping';

export type FormField = Hyperparam & {
  group: FieldGroup;
  value: HyperparamValue;
  /** The spin bounds of a number field. */
  min?: number;
  max?: number;
};

export function formFields(config: TrainConfig, task: Task): FormField[] {
  return HYPERPARAMS.filter((p) => p.path && applies(p, config, task)).map((p) =>
    field(p, valueAt(config, p.path!), task),
  );
}

function field(p: Hyperparam, value: HyperparamValue, task: Task): FormField {
  const path = p.path!;
  const group: FieldGroup = path.startsWith('model.')
    ? 'model'
    : path.startsWith('fit.earlyStopping.')
      ? 'stopping'
      : 'training';
  if (p.type === 'float' || p.type === 'int') {
    // A bound the value may not reach stops the spinner one step short of it.
    const max = p.high === undefined ? undefined : p.highExclusive ? p.high - p.step : p.high;
    return { ...p, group, value, min: p.low, max };
  }
  if (p.type === 'categorical' && p.name === 'model_type') {
    const choices = p.choices.map((c) => ({
      ...c,
      label: c.value === 'linear' ? modelName('linear', task) : c.label,
    }));
    return { ...p, choices, group, value };
  }
  return { ...p, group, value };
}
