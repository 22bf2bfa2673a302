import { describe, expect, it } from 'vitest';
import type { SearchRow } from './schema';
import { packRuns, unpackRuns } from './snapshot';

function row(id: string, metrics: [string, number, { min?: number; max?: number }][]): SearchRow {
  return {
    run_id: id,
    experiment_id: '7',
    run_name: `run ${id}`,
    user_id: 'ada',
    status: 'FINISHED',
    start_time: 1_700_000_000_000,
    end_time: 1_700_000_060_000,
    artifact_uri: `mlflow-artifacts:/7/${id}/artifacts`,
    lifecycle_stage: 'active',
    deleted_time: null,
    version: 3,
    metrics: new Map(metrics.map(([k, v]) => [k, v])),
    metricInfo: new Map(
      metrics.map(([k, , range], i) => [
        k,
        { timestamp: 1_700_000_000_123 + i, step: 40 + i, ...range },
      ]),
    ),
    params: new Map([
      ['lr', '0.01'],
      ['optimizer', 'adam'],
    ]),
    tags: new Map([['mlflow.runName', `run ${id}`]]),
    inputs: [],
  };
}

describe('packRuns / unpackRuns', () => {
  it('gives back every metric value, latest point and range, non-finite numbers included', () => {
    const rows = [
      row('a', [
        ['loss', 0.25, { min: 0.2, max: 1.5 }],
        ['nan_metric', NaN, {}],
        ['up', Infinity, { min: -Infinity, max: Infinity }],
      ]),
      row('b', [['loss', -0, { min: -3, max: 0 }]]),
    ];
    const back = unpackRuns('7', packRuns(rows))!;
    expect(back).toHaveLength(2);
    const [a, b] = back;
    expect([...a.metrics]).toEqual([
      ['loss', 0.25],
      ['nan_metric', NaN],
      ['up', Infinity],
    ]);
    expect(a.metrics.get('missing')).toBeUndefined();
    expect(a.metrics.has('nan_metric')).toBe(true);
    expect(a.metrics.has('missing')).toBe(false);
    expect(a.metricInfo.get('loss')).toEqual({
      timestamp: 1_700_000_000_123,
      step: 40,
      min: 0.2,
      max: 1.5,
    });
    // A range not known stays unknown (not NaN): readers fall back to the chunks.
    expect(a.metricInfo.get('nan_metric')).toEqual({ timestamp: 1_700_000_000_124, step: 41 });
    expect(a.metricInfo.get('up')).toEqual({
      timestamp: 1_700_000_000_125,
      step: 42,
      min: -Infinity,
      max: Infinity,
    });
    // Bytes keep -0 as the stored row does (JSON text made it 0).
    expect(b.metrics.get('loss')).toBe(-0);
    expect(b.metricInfo.get('loss')).toMatchObject({ min: -3, max: 0 });
    expect(a.params.get('optimizer')).toBe('adam');
    expect([...b.tags]).toEqual([['mlflow.runName', 'run b']]);
    expect(a).toMatchObject({ run_id: 'a', experiment_id: '7', status: 'FINISHED', version: 3 });
  });

  it('gives back params and tags of any text: empty, non-ASCII, long; and runs with none', () => {
    const odd = row('c', []);
    odd.params = new Map([
      ['empty', ''],
      ['emoji', 'ein 🧪 Test – ça'],
      ['long', 'x'.repeat(6000)],
      ['lr', '1e-3'],
    ]);
    const bare = { ...row('d', []), params: new Map(), tags: new Map() };
    const [c, d, a] = unpackRuns('7', packRuns([odd, bare, row('a', [])]))!;
    expect([...c.params]).toEqual([...odd.params]);
    expect(c.params.get('emoji')).toBe('ein 🧪 Test – ça');
    expect(c.params.get('empty')).toBe('');
    expect(c.params.has('empty')).toBe(true);
    expect(c.params.get('nope')).toBeUndefined();
    expect([...d.params]).toEqual([]);
    expect(d.tags.get('mlflow.runName')).toBeUndefined();
    // A run after one with none still reads its own values.
    expect([...a.params]).toEqual([
      ['lr', '0.01'],
      ['optimizer', 'adam'],
    ]);
    expect(a.tags.get('mlflow.runName')).toBe('run a');
  });

  it('reads a snapshot of another format as nothing, so the rows are read instead', () => {
    expect(unpackRuns('7', { data: JSON.stringify({ format: 3, keys: [], runs: [] }) })).toBeNull();
    const packed = packRuns([row('a', [['loss', 1, {}]])]);
    expect(unpackRuns('7', { data: packed.data })).toBeNull();
    expect(unpackRuns('7', { ...packed, nums: [...packed.nums] })).toBeNull();
    // Numbers that do not fit the runs (a torn record) are not trusted either.
    expect(unpackRuns('7', { ...packed, nums: packed.nums.subarray(1) })).toBeNull();
    expect(unpackRuns('7', packed)).toHaveLength(1);
  });

  it('keeps each run its own metric keys when runs alternate between key sets', () => {
    const rows = [
      row('a', [['loss', 1, {}]]),
      row('b', [
        ['acc', 0.5, {}],
        ['loss', 2, {}],
      ]),
      row('c', [['loss', 3, {}]]),
      row('d', []),
      row('e', [['loss', 5, { min: 4, max: 6 }]]),
    ];
    const back = unpackRuns('7', packRuns(rows))!;
    expect(back.map((r) => [...r.metrics])).toEqual([
      [['loss', 1]],
      [
        ['acc', 0.5],
        ['loss', 2],
      ],
      [['loss', 3]],
      [],
      [['loss', 5]],
    ]);
    expect(back[4].metricInfo.get('loss')).toMatchObject({ min: 4, max: 6 });
    expect(back[2].metricInfo.get('loss')?.min).toBeUndefined();
  });

  it('walks entries with forEach as iteration gives them, value first as Map does', () => {
    const [a] = unpackRuns(
      '7',
      packRuns([
        row('a', [
          ['loss', 0.5, {}],
          ['acc', 0.9, {}],
        ]),
      ]),
    )!;
    for (const view of [a.metrics, a.params, a.tags, a.metricInfo] as const) {
      const seen: [string, unknown][] = [];
      view.forEach((value: unknown, key: string) => seen.push([key, value]));
      expect(seen).toEqual([...view]);
    }
  });
});
