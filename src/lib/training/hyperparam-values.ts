/**
 * A config's hyperparameters by the table (hyperparams.ts): find an entry, read or set its value
 * by path, say whether it applies to a config and task, and check a value against its range.
 */
import type { Task } from '$lib/data/columns';
import type { TrainConfig } from './config';
import {
  HYPERPARAMS,
  type Hyperparam,
  type HyperparamValue,
  type NumberParam,
} from './hyperparams';

/** The entry logged under this name. */
export function hyperparam(name: string): Hyperparam | undefined {
  return HYPERPARAMS.find((p) => p.name === name);
}

/** The value at a dotted path of a config (or of any nested record). */
export function valueAt(config: TrainConfig, path: string): HyperparamValue {
  let node: unknown = config;
  for (const key of path.split('.')) node = (node as Record<string, unknown>)[key];
  return node as HyperparamValue;
}

/** Sets the value at a dotted path, creating the records above it; mutates the config. */
export function setValueAt(config: TrainConfig, path: string, value: HyperparamValue): void {
  const keys = path.split('.');
  let node = config as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}

/**
 * Whether a hyperparameter matters for this config and task: the form shows it, validation
 * checks it, the run logs it. A task left undefined (a run that did not log one) counts as
 * any task.
 */
export function applies(p: Hyperparam, config: TrainConfig, task?: Task): boolean {
  if (!p.models.includes(config.model.kind)) return false;
  const when = p.when;
  if (!when) return true;
  if ('task' in when) return task !== 'regression';
  const other = hyperparam(when.param);
  return !!other?.path && valueAt(config, other.path) === when.equals;
}

/** The problems with one value, in validateConfig's words; empty when valid. */
export function valueProblems(p: Hyperparam, value: HyperparamValue): string[] {
  if (p.type === 'float' || p.type === 'int') return inRange(p, value as number) ? [] : [p.problem];
  if (p.type !== 'int list') return [];
  const units = value as number[];
  const problems: string[] = [];
  if (units.length < p.minLength) problems.push(p.tooFew);
  if (units.length > p.maxLength) problems.push(p.tooMany);
  if (!units.every((u) => Number.isInteger(u) && u >= p.low && u <= p.high))
    problems.push(p.problem);
  return problems;
}

function inRange(p: NumberParam, v: number): boolean {
  if (p.type === 'int' && !Number.isInteger(v)) return false;
  const aboveLow = p.lowExclusive ? v > p.low : v >= p.low;
  const belowHigh =
    p.high === undefined ? Number.isFinite(v) : p.highExclusive ? v < p.high : v <= p.high;
  return aboveLow && belowHigh; // NaN fails both
}
