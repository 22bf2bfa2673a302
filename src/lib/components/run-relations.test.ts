import { describe, expect, it } from 'vitest';
import type { Run } from '$lib/tracking';
import { boxFigure, runsAsTrials } from './run-relations';

function run(id: string, params: Record<string, string>, metrics: Record<string, number>): Run {
  return {
    info: {
      run_id: id,
      run_uuid: id,
      run_name: id,
      experiment_id: '1',
      user_id: '',
      status: 'FINISHED',
      start_time: 1,
      artifact_uri: '',
      lifecycle_stage: 'active',
    },
    data: {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, value]) => ({
        key,
        value,
        timestamp: 0,
        step: 0,
      })),
      tags: [],
    },
    inputs: { dataset_inputs: [] },
  };
}

const runs = [
  run('a', { lr: '0.001', opt: 'adam', layers: '2', seed: '1' }, { acc: 0.9 }),
  run('b', { lr: '0.1', opt: 'sgd', layers: '3', seed: '1' }, { acc: 0.7 }),
  run('c', { lr: '0.01', opt: 'adam', layers: '2', seed: '1' }, { acc: 0.8 }),
  run('d', { lr: '0.05', opt: 'sgd', layers: '4', seed: '1' }, {}),
];

describe('runs as trials', () => {
  it('keeps the params that vary, inferring numbers, integers, log scales and choices', () => {
    const r = runsAsTrials(runs, 'acc');
    expect(r.constant).toEqual(['seed']);
    expect(r.missing).toBe(1);
    const kinds = Object.fromEntries(r.params.map((p) => [p.name, [p.kind, p.log, p.int]]));
    expect(kinds).toEqual({
      layers: ['number', false, true],
      lr: ['number', true, false],
      opt: ['choice', false, false],
    });
    expect(r.trials[0]).toMatchObject({
      value: 0.9,
      params: { lr: 0.001, opt: 'adam', layers: 2 },
    });
    expect(r.trials[3].value).toBeNull();
  });

  it('keeps params named like object properties', () => {
    const odd = [
      // JSON.parse makes "__proto__" an own key, as a run's params can hold it.
      run('x', JSON.parse('{"__proto__": "a", "constructor": "1"}'), { acc: 1 }),
      run('y', JSON.parse('{"__proto__": "b", "constructor": "2"}'), { acc: 2 }),
    ];
    const r = runsAsTrials(odd, 'acc');
    expect(r.params.map((p) => p.name).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(r.trials[0].params, '__proto__')).toBe(true);
    expect(r.trials[1].params.constructor).toBe(2);
  });

  it('boxes the metric per choice with the runs named, escaped for Plotly', () => {
    const r = runsAsTrials([...runs, run('<b>x</b>', { opt: 'adam' }, { acc: 0.5 })], 'acc');
    const names = ['a', 'b', 'c', 'd', '<b>x</b>'];
    const fig = boxFigure(
      r.trials,
      r.params.find((p) => p.name === 'opt')!,
      'acc',
      (t) => names[t.number],
    )!;
    expect(fig.data.map((t) => t.name)).toEqual(['adam', 'sgd']);
    expect(fig.data[0].y).toEqual([0.9, 0.8, 0.5]);
    expect(fig.data[0].text).toContain('&#60;b&#62;x&#60;/b&#62;');
    expect(fig.data[1].y).toEqual([0.7]);
  });
});
