import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT } from './run-columns';
import {
  DEFAULT_VIEW,
  experimentIds,
  hashQuery,
  readView,
  writeView,
  type RunsView,
} from './run-view';

describe('the Runs view in the URL', () => {
  it('round-trips a filter, a sort, columns, cells and a selection, whatever characters they hold', () => {
    const view: RunsView = {
      filter: "metrics.`val loss` < 0.3 and params.name LIKE 'a&b%+c#d?e=f'",
      sort: { kind: 'metric', key: 'val loss', ascending: true },
      columns: { metrics: ['val loss', 'acc/top-1'], params: ['optimizer'], tags: ['mlflow.user'] },
      cells: 'min',
      selected: ['a1', 'b2'],
    };
    const query = writeView(view);
    expect(query.startsWith('?')).toBe(true);
    expect(readView(hashQuery(`#/experiments/3${query}`))).toEqual(view);
    // The browser keeps the hash percent-encoded; location.hash reads it back the same way.
    const href = new URL(`http://x/#/experiments/3${query}`);
    expect(readView(hashQuery(href.hash))).toEqual(view);
  });

  it('leaves defaults out, so a plain link stays plain', () => {
    expect(writeView(DEFAULT_VIEW)).toBe('');
    expect(writeView({ ...DEFAULT_VIEW, selected: [] })).toBe('');
    expect(readView('')).toEqual(DEFAULT_VIEW);
    expect(readView('cells=median').cells).toBe('latest');
  });

  it('keeps an explicit empty column choice apart from no choice', () => {
    const empty = { metrics: [], params: [], tags: [] };
    const none = writeView({ ...DEFAULT_VIEW, columns: empty });
    expect(readView(hashQuery(none)).columns).toEqual(empty);
  });

  it('reads attribute and param sorts, and falls back on an order it cannot parse', () => {
    expect(readView('order=attributes.run_name+ASC').sort).toEqual({
      kind: 'attribute',
      key: 'run_name',
      ascending: true,
    });
    expect(readView('order=params.lr+DESC').sort).toEqual({
      kind: 'param',
      key: 'lr',
      ascending: false,
    });
    expect(readView('order=nonsense+%3E%3E').sort).toEqual(DEFAULT_SORT);
    expect(readView('order=tags.x+ASC').sort).toEqual({ kind: 'tag', key: 'x', ascending: true });
    expect(readView('order=datasets.x+ASC').sort).toEqual(DEFAULT_SORT);
  });

  it('reads one or several experiments from the path segment', () => {
    expect(experimentIds('3')).toEqual(['3']);
    expect(experimentIds('3,7,3,')).toEqual(['3', '7']);
  });
});
