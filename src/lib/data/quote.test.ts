import { describe, expect, it } from 'vitest';
import { parseTable } from './csv';
import { detectQuote } from './dialect';

describe('headers quoted with single quotes', () => {
  it('reads R\'s quote="\'" export: names and cells lose the quotes, a quoted delimiter stays in its cell', () => {
    const t = parseTable(
      ["'vote';'party';'note'", "'yes';'D';'a; b'", "'no';'R';O'Brien", "'yes';'R';'it''s'"].join(
        '\n',
      ),
    );
    expect(t.columns).toEqual(['vote', 'party', 'note']);
    expect(t.delimiter).toBe(';');
    expect(t.rows).toEqual([
      ['yes', 'D', 'a; b'],
      ['no', 'R', "O'Brien"],
      ['yes', 'R', "it's"],
    ]);
    expect(t.read.quoteChar).toBe("'");
    expect(t.notes.map((n) => n.message)).toContain(
      "Every column name is in single quotes ('vote'): the names and cells are read without them.",
    );
  });

  it('detects the comma delimiter with a comma inside a single-quoted header name', () => {
    const t = parseTable("'a, b','c'\n'1,5',2\n3,4\n");
    expect(t.columns).toEqual(['a, b', 'c']);
    expect(t.rows).toEqual([
      ['1,5', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps double quotes the default, and an apostrophe in a name is not a quote', () => {
    expect(detectQuote('"a","b"\n1,2\n', 0)).toBe('"');
    expect(detectQuote("'a',b\n1,2\n", 0)).toBe('"');
    expect(detectQuote("a's,b\n1,2\n", 0)).toBe('"');
    const t = parseTable("'a',b\n'x',y\n");
    expect(t.columns).toEqual(["'a'", 'b']);
    expect(t.read.quoteChar).toBe('"');
    expect(t.notes).toEqual([]);
  });

  it('reads the quote character on the header after skipped lines, and as stored again', () => {
    const text = "title line\n'x'\t'y'\n1\t'two words'\n";
    const t = parseTable(text, { skip: 1 });
    expect(t.columns).toEqual(['x', 'y']);
    expect(t.rows).toEqual([['1', 'two words']]);
    expect(parseTable(text, t.read)).toEqual(t);
  });
});
