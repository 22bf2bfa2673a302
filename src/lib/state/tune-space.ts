/**
 * The Tune screen's search-space table: one row per hyperparameter of the table as a person types
 * it (fixed, a range, or choices; numbers as text until checked), and the SearchSpace the rows say.
 */
import {
  DEFAULT_SEARCHED,
  defaultSearchSpace,
  type SearchSpace,
  type SpaceEntry,
} from '$lib/app/tune';
import type { DataChoice } from '$lib/data/prepare';
import { hyperparam } from '$lib/training/hyperparam-values';
import { HYPERPARAMS, type Hyperparam } from '$lib/training/hyperparams';

export const SAMPLERS = [
  { value: 'AutoSampler', label: 'Auto (Gaussian process, then TPE) — best here' },
  { value: 'TPESampler', label: 'TPE (Optuna’s default)' },
  { value: 'GPSampler', label: 'Gaussian process (Bayesian optimisation)' },
  { value: 'RandomSampler', label: 'Random search' },
  { value: 'GridSampler', label: 'Grid (every combination of the choices)' },
] as const;

export const PRUNERS = [
  { value: 'MedianPruner', label: 'Median (stop trials below the median at an epoch)' },
  { value: 'SuccessiveHalvingPruner', label: 'Successive halving' },
  { value: 'HyperbandPruner', label: 'Hyperband' },
  { value: 'NopPruner', label: 'None (every trial runs to the end)' },
] as const;

export type SpaceMode = 'fixed' | 'range' | 'choices';

/** One hyperparameter's row on the screen, as typed (numbers as text until checked). */
export interface SpaceRow {
  name: string;
  mode: SpaceMode;
  low: string;
  high: string;
  log: boolean;
  /** Choices: the values picked (categorical, boolean) or typed, comma-separated (numbers). */
  picked: string[];
  typed: string;
  /** Hidden layers: how many layers, as a range. */
  layersLow: string;
  layersHigh: string;
}

/** What an input holds as text: a number input bound with bind:value gives a number (or null). */
export const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
export const toNumber = (v: unknown) => (text(v) === '' ? NaN : Number(text(v)));

/** The rows of the table that apply to an MLP for this task, searched ones set as the table suggests. */
export function defaultRows(task: DataChoice['task']): SpaceRow[] {
  const defaults = defaultSearchSpace();
  // Conditional ones (momentum under SGD) are listed too: a trial samples them only when they apply.
  return HYPERPARAMS.filter(
    (p) =>
      p.path &&
      p.name !== 'model_type' &&
      p.models.includes('mlp') &&
      !(p.when && 'task' in p.when && task === 'regression'),
  ).map((p) => rowFor(p, defaults[p.name]));
}

function rowFor(p: Hyperparam, entry: SpaceEntry | undefined): SpaceRow {
  const row: SpaceRow = {
    name: p.name,
    mode: 'fixed',
    low: '',
    high: '',
    log: false,
    picked: [],
    typed: '',
    layersLow: '1',
    layersHigh: '3',
  };
  if (p.type === 'float' || p.type === 'int' || p.type === 'int list') {
    row.low = String(p.search.low);
    row.high = String(p.search.high);
    row.log = p.search.log;
  }
  if (p.type === 'categorical') row.picked = p.choices.map((c) => c.value);
  if (p.type === 'boolean') row.picked = ['true', 'false'];
  if (!entry || DEFAULT_SEARCHED.indexOf(p.name) < 0) return row;
  row.mode = 'choices' in entry ? 'choices' : 'range';
  return row;
}

/** The search space the rows say; fixed rows are left to the base config. */
export function spaceOf(rows: SpaceRow[]): SearchSpace {
  const space: SearchSpace = {};
  for (const row of rows) {
    const p = hyperparam(row.name);
    if (!p || row.mode === 'fixed') continue;
    if (p.type === 'int list') {
      space[row.name] = {
        layers: { low: toNumber(row.layersLow), high: toNumber(row.layersHigh) },
        units: { low: toNumber(row.low), high: toNumber(row.high), log: row.log },
      };
    } else if (row.mode === 'range') {
      space[row.name] = { low: toNumber(row.low), high: toNumber(row.high), log: row.log };
    } else if (p.type === 'categorical') {
      space[row.name] = { choices: [...row.picked] };
    } else if (p.type === 'boolean') {
      space[row.name] = { choices: row.picked.map((v) => v === 'true') };
    } else {
      space[row.name] = {
        choices: text(row.typed)
          .split(',')
          .filter((t) => t.trim())
          .map(toNumber),
      };
    }
  }
  return space;
}
