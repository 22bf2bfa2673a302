import { describe, expect, it } from 'vitest';
import { complete, type Vocabulary } from './filter-complete';
import { addClause, canFilter, clauseFor } from './run-columns';
import { parseFilter } from '$lib/tracking';

const vocab: Vocabulary = {
  metricKeys: ['accuracy', 'val loss'],
  paramKeys: ['lr', 'optimizer'],
  tagKeys: ['mlflow.runName', 'team'],
  paramValues: new Map([
    ['optimizer', ['adam', 'sgd', "it's"]],
    ['lr', ['0.01']],
    ['constructor', ['x']],
  ]),
  tagValues: new Map([['team', ['vision', 'nlp']]]),
};

const labels = (text: string, caret = text.length) =>
  complete(text, caret, vocab)?.items.map((i) => i.label);

/** Applies the first suggestion the way the box does. */
function accept(text: string): string {
  const found = complete(text, text.length, vocab)!;
  return text.slice(0, found.from) + found.items[0].insert + text.slice(found.to);
}

describe('filter completions', () => {
  it('suggests keys at the start of a clause, by the whole name or the key alone', () => {
    expect(labels('acc')).toEqual(['metrics.accuracy']);
    expect(labels('params.')).toEqual(['params.lr', 'params.optimizer']);
    expect(labels('metrics.accuracy > 0.5 and opt')).toEqual(['params.optimizer']);
    expect(labels('(stat')).toEqual(['attributes.status']);
    expect(labels('val')).toEqual(['metrics.`val loss`']);
    expect(accept('val')).toBe('metrics.`val loss` ');
  });

  it('suggests nothing where no key can go', () => {
    expect(complete('', 0, vocab)).toBeUndefined();
    expect(labels('metrics.accuracy > 0.5')).toBeUndefined();
    expect(labels('metrics.accuracy > 0.5 ')).toBeUndefined();
    expect(labels('zzz')).toBeUndefined();
  });

  it('suggests a key’s logged values after a comparator, quoted', () => {
    expect(labels('params.optimizer = ')).toEqual(['adam', 'sgd', "it's"]);
    // Keys are the runs' own text, whatever it is; a name an object inherits is no key.
    expect(labels('params.constructor = ')).toEqual(['x']);
    expect(labels('tags.constructor = ')).toBeUndefined();
    expect(labels('constructor.x = ')).toBeUndefined();
    expect(labels("params.optimizer = 's")).toEqual(['sgd', "it's"]);
    expect(labels('tags.team LIKE ')).toEqual(['vision', 'nlp']);
    expect(labels('attributes.status = ')).toContain('FAILED');
    expect(accept("params.optimizer = 's")).toBe("params.optimizer = 'sgd'");
    expect(accept('params.optimizer = "it')).toBe(`params.optimizer = "it's"`);
    expect(labels('metrics.accuracy = ')).toBeUndefined();
  });

  it('completes in the middle of the text, replacing only the word at the caret', () => {
    const text = 'opt and metrics.accuracy > 1';
    const found = complete(text, 3, vocab)!;
    expect(text.slice(0, found.from) + found.items[0].insert + text.slice(found.to)).toBe(
      'params.optimizer  and metrics.accuracy > 1',
    );
  });
});

describe('clicking a cell adds a clause', () => {
  it('writes clauses the parser reads back to the same value', () => {
    for (const [kind, key, value] of [
      ['param', 'optimizer', 'adam'],
      ['param', 'name', "it's"],
      ['tag', 'mlflow.runName', 'trial 3'],
      ['metric', 'val loss', 0.1 + 0.2],
      ['attribute', 'status', 'FAILED'],
    ] as const) {
      const clause = clauseFor(kind, key, value)!;
      const parsed = parseFilter(clause);
      expect(parsed).toMatchObject({ kind: 'clause', key, value });
    }
    expect(clauseFor('param', 'x', `both ' and "`)).toBeUndefined();
    expect(clauseFor('metric', 'x', NaN)).toBeUndefined();
    // The table asks canFilter on every draw and makes the clause only on a click: they agree.
    for (const value of [
      'adam',
      "it's",
      'say "hi"',
      `both ' and "`,
      '',
      0,
      -1.5,
      NaN,
      Infinity,
      -Infinity,
    ])
      expect(canFilter(value)).toBe(clauseFor('param', 'x', value) !== undefined);
  });

  it('ANDs the clause onto the filter, bracketing an OR so it applies to all of it', () => {
    expect(addClause('', "params.a = '1'")).toBe("params.a = '1'");
    expect(addClause('metrics.x > 1', "params.a = '1'")).toBe("metrics.x > 1 and params.a = '1'");
    expect(addClause('metrics.x > 1 OR metrics.y > 1', "params.a = '1'")).toBe(
      "(metrics.x > 1 OR metrics.y > 1) and params.a = '1'",
    );
  });
});
