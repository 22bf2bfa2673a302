import { describe, expect, it } from 'vitest';
import { TAGS, type RunSummary } from '$lib/tracking';
import { dataColumns } from './grid-window';
import { RunForest } from './run-rows';
import { cellValue, rowView, type RowViewContext } from './row-view';

function run(id: string, over: Partial<RunSummary['info']> = {}): RunSummary {
  return {
    info: {
      run_id: id,
      run_uuid: id,
      run_name: `name-${id}`,
      experiment_id: '7',
      user_id: '',
      status: 'FINISHED',
      start_time: Date.UTC(2026, 11, 7, 10, 0, 0),
      end_time: Date.UTC(2026, 11, 7, 10, 1, 30),
      artifact_uri: '',
      lifecycle_stage: 'active',
      ...over,
    },
    metrics: new Map([
      ['auc', 0.912345],
      ['loss', Number.NaN],
    ]),
    params: new Map([
      ['opt', 'adam'],
      ['quote', `it's "x"`],
    ]),
    tags: new Map([[TAGS.warning, 'Accuracy no better than the majority class']]),
  };
}

const columns = dataColumns(
  { metric: ['auc', 'loss', 'gone'], param: ['opt', 'quote'], tag: [] },
  5,
);

function context(over: Partial<RowViewContext> = {}): RowViewContext {
  return {
    columns,
    href: (row) => `#/runs/${row.id}`,
    metricValue: (row, key) => row.metrics.get(key),
    metricClauses: true,
    clauses: true,
    experiments: new Map([['7', 'churn']]),
    notResponding: (id) => id === 'stuck',
    picked: new Set(['a']),
    collapsed: new Set(),
    ...over,
  };
}

describe('rowView', () => {
  const [row] = new RunForest([run('a')]).rows();

  it('formats the row once: name, link, times, duration, status, warning, experiment', () => {
    const v = rowView(row, 12, context());
    expect(v).toMatchObject({
      index: 12,
      name: 'name-a',
      href: '#/runs/a',
      startExact: '2026-12-07T10:00:00.000Z',
      duration: '1m 30s',
      status: 'FINISHED',
      notResponding: false,
      warning: 'Accuracy no better than the majority class',
      experiment: 'churn',
      picked: true,
      collapsed: false,
    });
    expect(v.start).not.toBe('—');
  });

  it('gives one cell per column in view; only values a clause can say are clickable', () => {
    const cells = rowView(row, 0, context()).cells;
    expect(cells.map((c) => [c.text, c.clickable])).toEqual([
      ['0.9123', true],
      ['NaN', false],
      ['—', false],
      ['adam', true],
      [`it's "x"`, false],
    ]);
    expect(cells[0].title).toBe('0.9123\nClick to filter on this value');
    expect(cells[1].title).toBe('NaN');
    // A click reads the run's own value in the column (the metric's latest, not a min or max).
    expect(columns.map((c) => cellValue(row, c))).toEqual([
      0.912345,
      NaN,
      undefined,
      'adam',
      `it's "x"`,
    ]);
  });

  it('makes no cell clickable without a clause handler, or a metric shown as min/max', () => {
    expect(rowView(row, 0, context({ clauses: false })).cells.some((c) => c.clickable)).toBe(false);
    const minMax = rowView(row, 0, context({ metricClauses: false, metricValue: () => 0.5 }));
    expect(minMax.cells.map((c) => [c.text, c.clickable])[0]).toEqual(['0.5', false]);
    expect(minMax.cells[3].clickable).toBe(true);
  });

  it('says a running run is running, and a stalled tab, and an unknown experiment by id', () => {
    const [stuck] = new RunForest([
      run('stuck', { status: 'RUNNING', end_time: undefined, experiment_id: '9' }),
    ]).rows();
    const v = rowView(stuck, 0, context());
    expect(v).toMatchObject({ duration: 'running', notResponding: true, experiment: '9' });
    expect(v.experimentTitle).toBeUndefined();
  });

  it('gives the tree parts as text that is empty when absent: twisty, branch mark, chips', () => {
    const nested = (id: string, parent?: string): RunSummary => ({
      ...run(id),
      tags: new Map(parent ? [[TAGS.parentRunId, parent]] : []),
    });
    // "study" matches nothing but is shown for its trial; "lone" names a parent not shown.
    const forest = new RunForest(
      [nested('trial', 'study'), nested('lone', 'gone'), nested('plain')],
      [nested('study')],
    );
    const view = (id: string, collapsed = new Set<string>()) =>
      rowView(
        forest.rows(collapsed).find((r) => r.id === id)!,
        0,
        context({ collapsed }),
      );
    const parts = (id: string, collapsed?: Set<string>) => {
      const v = view(id, collapsed);
      return [v.twisty, v.branch, v.hiddenChildren, v.note, v.toggleLabel];
    };
    expect(parts('study')).toEqual(['▾', '', '', 'not matching', 'Collapse name-study (1 nested)']);
    expect(parts('study', new Set(['study']))).toEqual([
      '▸',
      '',
      '1',
      'not matching',
      'Expand name-study (1 nested)',
    ]);
    expect(parts('trial')).toEqual(['', '↳', '', '', '']);
    expect(parts('lone')).toEqual(['', '', '', 'nested', '']);
    expect(view('lone').noteTitle).toBe('Parent run gone');
    expect(parts('plain')).toEqual(['', '', '', '', '']);
    expect(view('plain').noteTitle).toBe('');
  });
});
