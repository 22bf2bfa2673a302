import { describe, expect, it } from 'vitest';
import { decodeUtf8, parseTable } from './csv';
import { DataError } from './errors';

function failure(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('parseTable', () => {
  it('reads comma, tab and semicolon files, detecting the delimiter', () => {
    expect(parseTable('a,b\n1,2\n3,4\n')).toMatchObject({
      delimiter: ',',
      columns: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
    expect(parseTable('a\tb\n1,5\t2\n').delimiter).toBe('\t');
    expect(parseTable('a;b\nx,5;2\ny,5;4\n')).toMatchObject({
      delimiter: ';',
      rows: [
        ['x,5', '2'],
        ['y,5', '4'],
      ],
    });
  });

  it('drops a byte-order mark, handles CRLF, quoted delimiters, quotes and newlines', () => {
    const t = parseTable('\ufeffname,note\r\n"Smith, J","said ""hi""\nthen left"\r\nLee,ok\r\n');
    expect(t.columns).toEqual(['name', 'note']);
    expect(t.rows).toEqual([
      ['Smith, J', 'said "hi"\nthen left'],
      ['Lee', 'ok'],
    ]);
  });

  it('skips blank lines and trims column names', () => {
    expect(parseTable(' a , b \n1,2\n\n3,4\n\n')).toMatchObject({
      columns: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
  });

  it('refuses an empty file and a header with no rows', () => {
    expect(failure(() => parseTable('')).message).toMatch(/The file is empty/);
    expect(failure(() => parseTable(' \n\n')).message).toMatch(/The file is empty/);
    const headerOnly = failure(() => parseTable('a,b,c\n'));
    expect(headerOnly.message).toMatch(/header \(3 columns\) but no data rows/);
  });

  it('names the row with the wrong number of fields', () => {
    const e = failure(() => parseTable('a,b,c\n1,2,3\n4,5\n6,7,8\n'));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/Row 3 has 2 fields but the header has 3 \(comma-separated\)/);
  });

  it('refuses empty and duplicate column names, naming them', () => {
    expect(failure(() => parseTable('a,,c\n1,2,3\n')).message).toMatch(/Column 2 has no name/);
    const dup = failure(() => parseTable('x,y,x\n1,2,3\n'));
    expect(dup.column).toBe('x');
    expect(dup.message).toMatch(/"x" appears twice \(columns 1 and 3\)/);
  });

  it('refuses a quote that is never closed', () => {
    expect(failure(() => parseTable('a,b\n1,"open\n2,3\n')).message).toMatch(
      /quote that is never closed/,
    );
  });
});

describe('decodeUtf8', () => {
  it('decodes UTF-8 and refuses Latin-1 bytes, naming the line', () => {
    expect(decodeUtf8(new TextEncoder().encode('a,b\ncafé,1\n'))).toBe('a,b\ncafé,1\n');
    const latin1 = Uint8Array.from([
      ...new TextEncoder().encode('a,b\nok,1\ncaf'),
      0xe9,
      ...new TextEncoder().encode(',2\n'),
    ]);
    const e = failure(() => decodeUtf8(latin1));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/not UTF-8 text \(first bad byte on line 3\)/);
    expect(failure(() => decodeUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).row).toBe(1);
  });
});

describe('parseTable on files bigger than one chunk', () => {
  const big = (rows: number, bad?: number) => {
    const lines = ['id,text,value'];
    for (let i = 0; i < rows; i++) {
      lines.push(
        i === bad ? `${i},"broken row"` : `${i},"line one\nline two, with comma",${i * 0.5}`,
      );
    }
    return lines.join('\n');
  };

  it('reports progress and keeps quoted newlines that straddle chunks', () => {
    const seen: number[] = [];
    const table = parseTable(big(60_000), {}, (f) => seen.push(f));
    expect(table.rows.length).toBe(60_000);
    expect(table.rows[59_999]).toEqual(['59999', 'line one\nline two, with comma', '29999.5']);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('names the right row when the bad one is deep in the file', () => {
    expect(() => parseTable(big(60_000, 45_000))).toThrow(
      /^Row 45002 has 2 fields but the header has 3/,
    );
  });
});
