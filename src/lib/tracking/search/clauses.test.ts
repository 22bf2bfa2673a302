import { describe, expect, it } from 'vitest';
import {
  compareByKeys,
  matchesClause,
  parseClauses,
  readIdentifier,
  type IdentifierRules,
} from './clauses';
import { tokenize } from './lexer';
import { TokenStream } from './parser';

const rules = (partText: IdentifierRules['partText']): IdentifierRules => ({
  attributes: ['name', 'size'],
  partText,
  unknownAttribute: (key) => `no attribute ${key}`,
});
const plain = rules((p) => p.text);
const quoted = rules((p) => (p.kind === 'dstring' ? `"${p.text}"` : p.text));
const stream = (src: string) => new TokenStream(tokenize(src), src);
const item = { name: 'b', size: 10, tags: [{ key: 'k', value: 'Vx' }] };
const subject = { attribute: (i: typeof item, key: string) => i[key as 'name' | 'size'] };

describe('clause engine', () => {
  it('resolves attributes and tags, with the dialect reading quoted parts', () => {
    expect(readIdentifier(stream('name'), plain)).toEqual({ type: 'attribute', key: 'name' });
    expect(readIdentifier(stream('tags.`a.b`'), plain)).toEqual({ type: 'tag', key: 'a.b' });
    expect(readIdentifier(stream('attribute."name"'), plain).key).toBe('name');
    expect(() => readIdentifier(stream('attribute."name"'), quoted)).toThrow('no attribute "name"');
    expect(() => readIdentifier(stream('metrics.x'), plain)).toThrow(
      "Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')",
    );
  });

  it('joins clauses with AND and names what is left over', () => {
    const read = (s: TokenStream) => s.next().text;
    expect(parseClauses('a AND b and c', read)).toEqual(['a', 'b', 'c']);
    expect(parseClauses('  ', read)).toEqual([]);
    expect(() => parseClauses('a b', read)).toThrow('Invalid clause(s) in filter string: b');
  });

  it('matches clauses; a missing tag never matches, even !=', () => {
    const m = (type: 'attribute' | 'tag', key: string, comparator: string, value: unknown) =>
      matchesClause(item, { type, key, comparator, value: value as string }, subject);
    expect(m('attribute', 'size', '>=', 10)).toBe(true);
    expect(m('attribute', 'name', 'IN', ['a', 'b'])).toBe(true);
    expect(m('tag', 'k', 'LIKE', 'v%')).toBe(false);
    expect(m('tag', 'k', 'ILIKE', 'v%')).toBe(true);
    expect(m('tag', 'missing', '!=', 'x')).toBe(false);
    expect(m('tag', 'missing', 'IS NULL', null)).toBe(true);
    const ids = { attribute: () => '10', numericString: () => true };
    const c = { type: 'attribute' as const, key: 'id', comparator: '=', value: '010' };
    expect(matchesClause(item, c, ids)).toBe(true);
  });

  it('orders by each key in turn, numbers as numbers and strings by code point', () => {
    const rows = [
      { a: 'x', n: 2 },
      { a: 'x', n: 10 },
      { a: '\u{1F600}', n: 1 },
      { a: '\uFF21', n: 1 },
    ];
    const keys = [
      { key: 'a' as const, ascending: true },
      { key: 'n' as const, ascending: false },
    ];
    expect([...rows].sort(compareByKeys(keys, (r, k) => r[k]))).toEqual([
      { a: 'x', n: 10 },
      { a: 'x', n: 2 },
      { a: '\uFF21', n: 1 },
      { a: '\u{1F600}', n: 1 },
    ]);
  });
});
