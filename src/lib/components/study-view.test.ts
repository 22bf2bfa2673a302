import { describe, expect, it } from 'vitest';
import type { FrozenTrial, TrialState } from '$lib/tuning/types';
import { historySeries, intermediateSeries, sortRows, trialRows } from './study-view';

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
});
