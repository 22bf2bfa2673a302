import { describe, expect, it } from 'vitest';
import type { FrozenTrial, TrialState } from '$lib/tuning/types';
import {
  curveCandidates,
  finishedKey,
  historySeries,
  intermediateSeries,
  isFinished,
  sameOr,
  sortRows,
  trialRows,
} from './study-view';

function trial(
  number: number,
  state: TrialState,
  value: number | null,
  reports: number[] = [],
  params = {},
): FrozenTrial {
  return {
    number,
    state,
    value,
    params,
    distributions: {},
    intermediateValues: new Map(reports.map((v, i) => [i, v])),
    userAttrs: {},
    systemAttrs: {},
    datetimeStart: 1000,
    datetimeComplete: state === 'RUNNING' ? null : 1000 + number * 100,
  };
}

const trials = [
  trial(0, 'COMPLETE', 0.8, [0.5, 0.8], { lr: 0.1 }),
  trial(1, 'PRUNED', 0.3, [0.3], { lr: 0.001 }),
  trial(2, 'COMPLETE', 0.9, [0.6, 0.9], { lr: 0.01 }),
  trial(3, 'FAIL', null, [], { lr: 0.5 }),
  trial(4, 'RUNNING', null, [0.7], {}),
];

describe('study view', () => {
  it('history: completed values by trial and the best so far, per direction', () => {
    expect(historySeries(trials, 'maximize')).toEqual([
      { name: 'Trial value', x: [0, 2], y: [0.8, 0.9] },
      { name: 'Best so far', x: [0, 2], y: [0.8, 0.9] },
    ]);
    expect(historySeries(trials, 'minimize')[1].y).toEqual([0.8, 0.8]);
  });

  it('sorts by any column with empty cells last, ties by trial number', () => {
    const rows = trialRows(trials);
    expect(sortRows(rows, { key: 'value', descending: true }).map((r) => r.number)).toEqual([
      2, 0, 1, 3, 4,
    ]);
    expect(sortRows(rows, { key: 'param.lr', descending: false }).map((r) => r.number)).toEqual([
      1, 2, 0, 3, 4,
    ]);
    expect(sortRows(rows, { key: 'state', descending: false }).map((r) => r.state)).toEqual([
      'COMPLETE',
      'COMPLETE',
      'FAIL',
      'PRUNED',
      'RUNNING',
    ]);
  });

  it('intermediate curves: epochs from 1, pruned and running trials named, capped with the best kept', () => {
    const { series, shown, total } = intermediateSeries(trials, 'maximize', 3);
    expect([shown, total]).toEqual([3, 4]);
    expect(series.map((s) => s.name)).toEqual(['Trial 0', 'Trial 1 (pruned)', 'Trial 2']);
    expect(series[2]).toEqual({ name: 'Trial 2', x: [1, 2], y: [0.6, 0.9] });
  });

  it('a live refresh: the same rows for the same trials, keys that move only when a trial finishes', () => {
    const runIds = ['r0', 'r1', 'r2', 'r3', 'r4'];
    const first = trialRows(trials, runIds);
    expect(first.map((r) => r.runId)).toEqual(runIds);
    // The next read: trials 0–3 are the objects read before, trial 4 reported once more.
    const reported = {
      ...trials[4],
      intermediateValues: new Map([
        [0, 0.7],
        [1, 0.75],
      ]),
    };
    const next = [...trials.slice(0, 4), reported];
    const second = trialRows(next, runIds);
    for (const n of [0, 1, 2, 3]) expect(second[n]).toBe(first[n]);
    expect(second[4]).not.toBe(first[4]);
    // A run id that changed (another store's copy) makes a new row.
    expect(trialRows(trials, ['x0'])[0]).not.toBe(first[0]);

    expect(finishedKey(next)).toBe(finishedKey(trials));
    const done = [...trials.slice(0, 4), { ...reported, state: 'COMPLETE' as const, value: 0.75 }];
    expect(finishedKey(done)).not.toBe(finishedKey(trials));
    // A finished trial replaced by another state (its run deleted: FAIL) changes it too.
    const replaced = [{ ...trials[0], state: 'FAIL' as const }, ...trials.slice(1)];
    expect(finishedKey(replaced)).not.toBe(finishedKey(trials));

    const names = ['lr', 'units'];
    expect(sameOr(names, ['lr', 'units'])).toBe(names);
    const more = ['lr', 'units', 'act'];
    expect(sameOr(names, more)).toBe(more);

    // Curves from candidates sorted once equal curves computed from scratch.
    const candidates = curveCandidates(next.filter(isFinished), 'maximize');
    expect(intermediateSeries(next, 'maximize', 3, candidates)).toEqual(
      intermediateSeries(next, 'maximize', 3),
    );
    expect(intermediateSeries(next, 'maximize', 10, candidates).series.at(-1)).toEqual({
      name: 'Trial 4 (running)',
      x: [1, 2],
      y: [0.7, 0.75],
    });
  });
});
