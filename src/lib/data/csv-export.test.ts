import { describe, expect, it } from 'vitest';
import { neutralise, restoreCell, safeCsvField, toSafeCsv } from './csv-export';
import { parseTable } from './csv';

describe('spreadsheet-safe CSV (OWASP CSV injection)', () => {
  const formulas = ["=cmd|' /C calc'!A0", '+SUM(A1:A2)', '-2+3', '@SUM(1)', '\tx', '\r=1', '=1+1'];

  it('prefixes every formula-like cell with a quote mark and quotes it', () => {
    for (const f of formulas) {
      expect(neutralise(f)).toBe(`'${f}`);
      expect(safeCsvField(f)).toBe(`"'${f.replace(/"/g, '""')}"`);
    }
    expect(safeCsvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it('leaves numbers and ordinary text as they are', () => {
    for (const v of [
      '-1.5',
      '+3',
      '-3e-2',
      '.5',
      '-Infinity',
      '-inf',
      'setosa',
      'a-b',
      '',
      "'quoted",
    ])
      expect(neutralise(v)).toBe(v);
    expect(safeCsvField('a,b')).toBe('"a,b"');
    expect(
      toSafeCsv([
        ['x', 'y'],
        ['-1', '=2'],
      ]),
    ).toBe('x,y\n-1,"\'=2"\n');
  });

  it('reads back what it wrote, cell for cell, through the CSV reader', () => {
    const rows = [['label', 'note'], ...formulas.map((f, i) => [String(-i), f]), ["'=kept", 'x']];
    const table = parseTable(toSafeCsv(rows));
    const back = [table.columns, ...table.rows].map((r) => r.map(restoreCell));
    // A value that itself starts with ' before a formula character is the one ambiguity OWASP
    // accepts; everything else round-trips exactly.
    expect(back.slice(0, -1)).toEqual(rows.slice(0, -1));
    expect(restoreCell("'-1")).toBe("'-1");
    expect(restoreCell('plain')).toBe('plain');
  });
});
