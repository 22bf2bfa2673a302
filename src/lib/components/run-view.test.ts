import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT } from './run-columns';
import { hashQuery, readView, writeView, type RunsView } from './run-view';

describe('the Runs view in the URL', () => {
  it('round-trips a filter, a sort and columns, whatever characters they hold', () => {
    const view: RunsView = {
      filter: "metrics.`val loss` < 0.3 and params.name LIKE 'a&b%+c#d?e=f'",
      sort: { kind: 'metric', key: 'val loss', ascending: true },
      columns: { metrics: ['val loss', 'acc/top-1'], params: ['optimizer'] },
    };
    const query = writeView(view);
    expect(query.startsWith('?')).toBe(true);
    expect(readView(hashQuery(`#/experiments/3${query}`))).toEqual(view);
    // The browser keeps the hash percent-encoded; location.hash reads it back the same way.
    const href = new URL(`http://x/#/experiments/3${query}`);
    expect(readView(hashQuery(href.hash))).toEqual(view);
  });

  it('leaves defaults out, so a plain link stays plain', () => {
    expect(writeView({ filter: '', sort: DEFAULT_SORT, columns: undefined })).toBe('');
    expect(readView('')).toEqual({ filter: '', sort: DEFAULT_SORT, columns: undefined });
  });

  it('keeps an explicit empty column choice apart from no choice', () => {
    const none = writeView({
      filter: '',
      sort: DEFAULT_SORT,
      columns: { metrics: [], params: [] },
    });
    expect(readView(hashQuery(none)).columns).toEqual({ metrics: [], params: [] });
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
    expect(readView('order=tags.x+ASC').sort).toEqual(DEFAULT_SORT);
  });
});
