/**
 * What the Study view shows, from a study's trials: the table's rows sorted by any column, the
 * optimisation history (each trial's value and the best so far) and the intermediate values
 * per trial (pruned ones marked).
 */
import type { ParamValue } from '$lib/tuning/distributions';
import type { Direction, FrozenTrial, TrialState } from '$lib/tuning/types';

export interface TrialRow {
  number: number;
  state: TrialState;
  value: number | null;
  durationMs: number | null;
  params: Record<string, ParamValue>;
}

export type TrialSort = { key: string; descending: boolean };

export function trialRows(trials: readonly FrozenTrial[]): TrialRow[] {
  return trials.map((t) => ({
    number: t.number,
    state: t.state,
    value: t.value,
    durationMs:
      t.datetimeStart !== null && t.datetimeComplete !== null
        ? t.datetimeComplete - t.datetimeStart
        : null,
    params: t.params,
  }));
}

/** Every parameter name any trial has, in first-seen order. */
export function paramNames(trials: readonly FrozenTrial[]): string[] {
  const names = new Set<string>();
  for (const t of trials) for (const k of Object.keys(t.params)) names.add(k);
  return [...names];
}

function cell(row: TrialRow, key: string): ParamValue | undefined {
  if (key === 'number') return row.number;
  if (key === 'state') return row.state;
  if (key === 'value') return row.value;
  if (key === 'duration') return row.durationMs;
  return row.params[key.slice('param.'.length)];
}

/** Sorted by a column; empty cells last either way, ties by trial number. */
export function sortRows(rows: TrialRow[], sort: TrialSort): TrialRow[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = cell(a, sort.key);
    const y = cell(b, sort.key);
    const xe = x === undefined || x === null;
    const ye = y === undefined || y === null;
    if (xe || ye) return xe === ye ? a.number - b.number : xe ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number')
      return sign * (x - y) || a.number - b.number;
    return sign * String(x).localeCompare(String(y)) || a.number - b.number;
  });
}

/** Each completed trial's value by trial number, and the best so far. */
export function historySeries(trials: readonly FrozenTrial[], direction: Direction) {
  const done = trials.filter((t) => t.state === 'COMPLETE' && t.value !== null);
  const x = done.map((t) => t.number);
  const y = done.map((t) => t.value!);
  const best: number[] = [];
  for (const v of y) {
    const prev = best.at(-1);
    best.push(
      prev === undefined ? v : direction === 'minimize' ? Math.min(prev, v) : Math.max(prev, v),
    );
  }
  return [
    { name: 'Trial value', x, y },
    { name: 'Best so far', x, y: best },
  ];
}

/**
 * The reported values per trial, for at most `limit` trials (the best completed ones and the
 * latest pruned ones, so both kinds of curve show); a pruned trial's name says so.
 */
export function intermediateSeries(
  trials: readonly FrozenTrial[],
  direction: Direction,
  limit = 10,
) {
  const reported = trials.filter((t) => t.intermediateValues.size > 0);
  const complete = reported
    .filter((t) => t.state === 'COMPLETE' && t.value !== null)
    .sort((a, b) => (direction === 'minimize' ? a.value! - b.value! : b.value! - a.value!));
  const pruned = reported.filter((t) => t.state === 'PRUNED').reverse();
  const others = reported.filter((t) => t.state !== 'COMPLETE' && t.state !== 'PRUNED');
  const half = Math.ceil(limit / 2);
  const picked = [
    ...complete.slice(0, half),
    ...pruned.slice(0, limit - Math.min(half, complete.length)),
  ];
  for (const t of [...complete.slice(half), ...others]) if (picked.length < limit) picked.push(t);
  picked.sort((a, b) => a.number - b.number);
  return {
    shown: picked.length,
    total: reported.length,
    series: picked.map((t) => {
      const steps = [...t.intermediateValues.keys()].sort((a, b) => a - b);
      const label = t.state === 'PRUNED' ? ' (pruned)' : t.state === 'RUNNING' ? ' (running)' : '';
      return {
        name: `Trial ${t.number}${label}`,
        x: steps.map((s) => s + 1),
        y: steps.map((s) => t.intermediateValues.get(s)!),
      };
    }),
  };
}
