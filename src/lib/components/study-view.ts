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
  /** The run that holds the trial, where the store keeps one. */
  runId?: string;
}

export type TrialSort = { key: string; descending: boolean };

/**
 * A row per trial. A finished trial read again is the very object read before (study-data.ts), so
 * its row is the very row made before: a live page's table redraws only the rows that changed.
 */
const rowOf = new WeakMap<FrozenTrial, TrialRow>();

export function trialRows(
  trials: readonly FrozenTrial[],
  runIds: readonly (string | undefined)[] = [],
): TrialRow[] {
  return trials.map((t) => {
    const runId = runIds[t.number];
    let row = rowOf.get(t);
    if (!row || row.runId !== runId) {
      row = {
        number: t.number,
        state: t.state,
        value: t.value,
        durationMs:
          t.datetimeStart !== null && t.datetimeComplete !== null
            ? t.datetimeComplete - t.datetimeStart
            : null,
        params: t.params,
        runId,
      };
      rowOf.set(t, row);
    }
    return row;
  });
}

const FINISHED: ReadonlySet<TrialState> = new Set(['COMPLETE', 'PRUNED', 'FAIL']);

export const isFinished = (t: FrozenTrial) => FINISHED.has(t.state);

/**
 * Changes only when a trial finishes (or a finished one is replaced, as when its run was
 * deleted): what is drawn from finished trials alone is computed again only then.
 */
export function finishedKey(trials: readonly FrozenTrial[]): string {
  return trials.map((t) => (isFinished(t) ? t.state[0] : '')).join('');
}

/** `next`, or `last` when it holds the same items in the same order (so nothing redraws). */
export function sameOr<T>(last: T[], next: T[]): T[] {
  return last.length === next.length && last.every((v, i) => v === next[i]) ? last : next;
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

/** The trials whose curves intermediateSeries may draw, from the finished ones (sorted once). */
export function curveCandidates(finished: readonly FrozenTrial[], direction: Direction) {
  const reported = finished.filter((t) => t.intermediateValues.size > 0);
  return {
    /** Best first. */
    complete: reported
      .filter((t) => t.state === 'COMPLETE' && t.value !== null)
      .sort((a, b) => (direction === 'minimize' ? a.value! - b.value! : b.value! - a.value!)),
    /** Latest first. */
    pruned: reported.filter((t) => t.state === 'PRUNED').reverse(),
    failed: reported.filter((t) => t.state === 'FAIL'),
    count: reported.length,
  };
}

/**
 * The reported values per trial, for at most `limit` trials (the best completed ones and the
 * latest pruned ones, so both kinds of curve show); a pruned trial's name says so. `candidates`
 * (curveCandidates of the finished trials) may be passed when they are at hand.
 */
export function intermediateSeries(
  trials: readonly FrozenTrial[],
  direction: Direction,
  limit = 10,
  candidates = curveCandidates(trials.filter(isFinished), direction),
) {
  const { complete, pruned, failed } = candidates;
  const unfinished = trials.filter((t) => !isFinished(t) && t.intermediateValues.size > 0);
  const half = Math.ceil(limit / 2);
  const picked = [
    ...complete.slice(0, half),
    ...pruned.slice(0, limit - Math.min(half, complete.length)),
  ];
  // The rest of the room: more completed trials, then failed and running ones by number.
  const others = [...failed, ...unfinished].sort((a, b) => a.number - b.number);
  for (const t of [...complete.slice(half), ...others]) if (picked.length < limit) picked.push(t);
  picked.sort((a, b) => a.number - b.number);
  return {
    shown: picked.length,
    total: candidates.count + unfinished.length,
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
