import { describe, expect, it } from 'vitest';
import { compareRuns, compileFilter, sortRuns, type SearchableRun } from './evaluate';
import { compareCodePoints, ilike, like } from './like';
import { parseOrderBy } from './order-by';
import { parseFilter } from './parser';

function run(
  id: string,
  start: number,
  fields: {
    metrics?: Record<string, number>;
    params?: Record<string, string>;
    tags?: Record<string, string>;
  } = {},
): SearchableRun {
  return {
    run_id: id,
    run_name: id,
    user_id: '',
    status: 'FINISHED',
    artifact_uri: '',
    start_time: start,
    metrics: new Map(Object.entries(fields.metrics ?? {})),
    params: new Map(Object.entries(fields.params ?? {})),
    tags: new Map(Object.entries(fields.tags ?? {})),
    inputs: [],
  };
}

const matches = (filter: string, r: SearchableRun) => compileFilter(parseFilter(filter))(r);
const order = (runs: SearchableRun[], orderBy: string[]) =>
  [...runs].sort(compareRuns(parseOrderBy(orderBy))).map((r) => r.run_id);

describe('filter semantics (MLflow SQL store)', () => {
  it('a clause on a missing key is false, even !=', () => {
    const r = run('a', 1);
    expect(matches('metrics.x != 1', r)).toBe(false);
    expect(matches("params.x != 'y'", r)).toBe(false);
    expect(matches("tags.x != 'y'", r)).toBe(false);
    expect(matches('params.x IS NULL', r)).toBe(true);
  });

  it('a NaN metric satisfies only !=', () => {
    const r = run('a', 1, { metrics: { x: NaN } });
    for (const op of ['=', '<', '<=', '>', '>='])
      expect(matches(`metrics.x ${op} 0`, r), op).toBe(false);
    expect(matches('metrics.x != 0', r)).toBe(true);
  });

  it('compares params as strings, or as numbers when given an unquoted number', () => {
    const r = run('a', 1, { params: { lr: '0.0010' } });
    expect(matches("params.lr = '0.001'", r)).toBe(false);
    expect(matches('params.lr = 0.001', r)).toBe(true);
    expect(matches('params.lr > 0.0005', r)).toBe(true);
    expect(matches('params.name > 1', run('b', 1, { params: { name: 'adam' } }))).toBe(false);
  });

  it('ORs and ANDs', () => {
    const r = run('a', 1, { metrics: { x: 1, y: 2 } });
    expect(matches('metrics.x > 5 or metrics.y = 2', r)).toBe(true);
    expect(matches('(metrics.x > 5 or metrics.y = 2) and metrics.x < 0', r)).toBe(false);
  });
});

describe('LIKE as SQLite runs it for MLflow', () => {
  it('is case-sensitive with % and _ wildcards and no escape', () => {
    expect(like('adam', 'ad%')).toBe(true);
    expect(like('Adam', 'ad%')).toBe(false);
    expect(like('ad_m', 'ad_m')).toBe(true);
    expect(like('adxm', 'ad_m')).toBe(true);
    expect(like('a.+b', '%.+%')).toBe(true);
    expect(like('ab', '%.+%')).toBe(false);
    expect(like('line1\nline2', 'line1%')).toBe(true);
  });

  it('ILIKE folds ASCII letters only, as SQLite lower() does', () => {
    expect(ilike('ADAM', 'ad%')).toBe(true);
    expect(ilike('café', 'CAFÉ')).toBe(false);
    expect(ilike('café', 'CAF%')).toBe(true);
  });

  it('orders strings by code point (SQLite BINARY), not UTF-16 units', () => {
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
    expect('\uffff' < '😀').toBe(false);
    expect(compareCodePoints('a', 'b')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
  });
});

describe('ordering', () => {
  const runs = [
    run('r1', 1, { metrics: { m: 2 } }),
    run('r2', 2, { metrics: { m: NaN } }),
    run('r3', 3),
    run('r4', 4, { metrics: { m: 5 } }),
    run('r5', 4, { metrics: { m: 2 } }),
  ];

  it('puts NaN, then missing, after real values in both directions', () => {
    expect(order(runs, ['metrics.m ASC'])).toEqual(['r5', 'r1', 'r4', 'r2', 'r3']);
    expect(order(runs, ['metrics.m DESC'])).toEqual(['r4', 'r5', 'r1', 'r2', 'r3']);
  });

  it('breaks ties by start_time DESC, then run_id', () => {
    expect(order(runs, [])).toEqual(['r4', 'r5', 'r3', 'r2', 'r1']);
    expect(order(runs, ['start_time ASC'])).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });
});

describe('sortRuns', () => {
  it('orders exactly as compareRuns: NaN, missing values, strings, ties and the default key', () => {
    let x = 7;
    const rand = () => (x = (x * 48271) % 2147483647) / 2147483647;
    const runs = Array.from({ length: 400 }, (_, i) => {
      const r = rand();
      const metrics: Record<string, number> = {};
      if (r > 0.1) metrics.m = r > 0.2 ? Math.round(rand() * 20) / 4 : NaN;
      const params: Record<string, string> = r > 0.15 ? { p: String(Math.round(rand() * 9)) } : {};
      return run(`r${i}`, Math.round(rand() * 50), { metrics, params, tags: { t: `v${i % 3}` } });
    });
    for (const orderBy of [
      [],
      ['metrics.m DESC'],
      ['metrics.m ASC', 'params.p DESC'],
      ['params.p', 'tags.t DESC', 'attributes.start_time ASC'],
      ['attributes.run_name DESC'],
    ]) {
      const expected = order(runs, orderBy);
      expect(sortRuns(runs, parseOrderBy(orderBy)).map((r) => r.run_id)).toEqual(expected);
    }
  });
});
