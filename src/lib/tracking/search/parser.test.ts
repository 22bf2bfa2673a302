import { describe, expect, it } from 'vitest';
import { SearchSyntaxError } from './errors';
import { parseFilter, type Clause, type FilterExpr } from './parser';
import { parseOrderBy } from './order-by';

const clause = (filter: string) => parseFilter(filter) as Clause;

function error(filter: string): SearchSyntaxError {
  try {
    parseFilter(filter);
  } catch (e) {
    if (e instanceof SearchSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${filter} to fail`);
}

describe('parseFilter', () => {
  it('reads identifier prefixes and their aliases', () => {
    for (const [filter, type] of [
      ['metric.a > 1', 'metric'],
      ['metrics.a > 1', 'metric'],
      ["param.a = 'x'", 'parameter'],
      ["params.a = 'x'", 'parameter'],
      ["parameter.a = 'x'", 'parameter'],
      ["parameters.a = 'x'", 'parameter'],
      ["tag.a = 'x'", 'tag'],
      ["tags.a = 'x'", 'tag'],
      ["attribute.status = 'x'", 'attribute'],
      ["attributes.status = 'x'", 'attribute'],
      ["attr.status = 'x'", 'attribute'],
      ["run.status = 'x'", 'attribute'],
      ["status = 'x'", 'attribute'],
      ["dataset.name = 'x'", 'dataset'],
      ["datasets.name = 'x'", 'dataset'],
      ['`metrics`.a > 1', 'metric'],
    ] as const) {
      expect(clause(filter).type, filter).toBe(type);
    }
  });

  it('unquotes keys in backticks and double quotes, and keeps dots after the first', () => {
    expect(clause('metrics.`val loss` < 1').key).toBe('val loss');
    expect(clause('metrics."val loss" < 1').key).toBe('val loss');
    expect(clause("tags.`mlflow.parentRunId` = 'x'").key).toBe('mlflow.parentRunId');
    expect(clause("tags.mlflow.runName = 'x'").key).toBe('mlflow.runName');
    expect(clause("`run name` = 'x'").key).toBe('run name');
  });

  it('reads values as MLflow does: numbers, single or double quoted strings, raw inner text', () => {
    expect(clause('metrics.a >= -1.5e-3').value).toBe(-0.0015);
    expect(clause('metrics.a > .5').value).toBe(0.5);
    expect(clause('params.a = "x y"').value).toBe('x y');
    expect(clause("params.a = 'it''s'").value).toBe("it''s");
    expect(clause('attributes.run_id IN (\'a\', "b")').value).toEqual(['a', 'b']);
    expect(clause('params.a IS NOT NULL')).toMatchObject({
      comparator: 'IS NOT NULL',
      value: null,
    });
  });

  it('treats AND, LIKE, ILIKE, IN and IS case-insensitively', () => {
    const expr = parseFilter(
      "params.a like 'x%' and tags.b ilike 'y' AnD run_id not in ('z')",
    ) as FilterExpr;
    expect(expr.kind).toBe('and');
    const items = (expr as { items: Clause[] }).items;
    expect(items.map((c) => c.comparator)).toEqual(['LIKE', 'ILIKE', 'NOT IN']);
  });

  it('extends MLflow with OR and parentheses, AND binding tighter', () => {
    const expr = parseFilter('metrics.a > 1 or metrics.b > 2 and metrics.c > 3');
    expect(expr).toMatchObject({ kind: 'or', items: [{ key: 'a' }, { kind: 'and' }] });
    const grouped = parseFilter('(metrics.a > 1 or metrics.b > 2) and metrics.c > 3');
    expect(grouped).toMatchObject({ kind: 'and', items: [{ kind: 'or' }, { key: 'c' }] });
  });

  it('extends MLflow with numeric comparison of params, which MLflow rejects', () => {
    expect(clause('params.lr > 0.01')).toMatchObject({
      type: 'parameter',
      comparator: '>',
      value: 0.01,
    });
    expect(() => parseFilter("params.lr > '0.01'")).toThrow(/Invalid comparator '>'/);
  });

  it('says what is wrong and where', () => {
    const e = error("metrics.acc > 0.5 and params.lr = 0.1x and tags.a = 'b'");
    expect(e.error_code).toBe('INVALID_PARAMETER_VALUE');
    const bad = error('metrics.acc > 0.5 and metrics.loss = "low"');
    expect(bad.message).toContain('Expected numeric value type for metric');
    expect(bad.message).toContain('metrics.loss = "low"');
    expect([bad.start, bad.end]).toEqual([22, 42]);
    expect(error("nope.x = 'a'").message).toContain("Invalid entity type 'nope'");
    expect(error("foo = 'a'").message).toContain("Invalid attribute key 'foo'");
    expect(error('metrics.a >').message).toContain("Expected a value after '>'");
    expect(error('params.a = unquoted').message).toContain('Quote strings');
    expect(error("attributes.status IN ('a')").message).toContain("Only ['run_id']");
    expect(error('metrics.a IS NULL').message).toContain('Invalid comparator');
    expect(error("params.a = 'unterminated").message).toContain('Unterminated');
    expect(error('metrics.a > 1 metrics.b > 2').message).toContain('Invalid clause(s)');
    expect(error('(metrics.a > 1').message).toContain('Missing closing parenthesis');
    expect(error('run_id IN ()').message).toContain('empty list');
    expect(error("datasets.schema = 'x'").message).toContain("Invalid dataset key 'schema'");
  });

  it('accepts an empty filter as "all runs"', () => {
    expect(parseFilter('')).toBeNull();
    expect(parseFilter('   ')).toBeNull();
    expect(parseFilter(undefined)).toBeNull();
  });
});

describe('parseOrderBy', () => {
  it('reads keys, directions and aliases', () => {
    expect(
      parseOrderBy(['metrics.`val loss` DESC', 'params.lr', 'created asc', 'tags.mlflow.runName']),
    ).toEqual([
      { type: 'metric', key: 'val loss', ascending: false },
      { type: 'parameter', key: 'lr', ascending: true },
      { type: 'attribute', key: 'start_time', ascending: true },
      { type: 'tag', key: 'mlflow.runName', ascending: true },
    ]);
  });

  it('rejects duplicates, unknown attributes and junk', () => {
    expect(() => parseOrderBy(['metrics.a', 'metrics.a DESC'])).toThrow(/duplicate/);
    expect(() => parseOrderBy(['attributes.nope'])).toThrow(/Invalid attribute key/);
    expect(() => parseOrderBy(['metrics.a sideways'])).toThrow(/ASC or DESC/);
    expect(() => parseOrderBy([''])).toThrow(/Could not be parsed/);
  });
});
