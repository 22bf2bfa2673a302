import { describe, expect, it } from 'vitest';
import { parseTable } from './csv';
import { FILE_LIMITS, checkFileSize, previewRows } from './limits';

describe('file limits', () => {
  it('refuses a file over 256 MB by its size, saying how big it is and what to drop instead', () => {
    expect(() => checkFileSize(FILE_LIMITS.bytes)).not.toThrow();
    expect(() => checkFileSize(2 * 1024 ** 3)).toThrow(
      'It is 2.0 GB; Tracklab reads files up to 256 MB in the browser. Drop a sample of its rows',
    );
  });

  it('refuses more than 10,000 columns, with a header or without', () => {
    const wide = (n: number) =>
      Array.from({ length: n }, (_, i) => `c${i}`).join(',') + '\n' + '1,'.repeat(n - 1) + '1\n';
    expect(parseTable(wide(FILE_LIMITS.columns)).columns).toHaveLength(FILE_LIMITS.columns);
    expect(() => parseTable(wide(FILE_LIMITS.columns + 1))).toThrow(
      'It has 10,001 columns; Tracklab reads up to 10,000.',
    );
    expect(() => parseTable(wide(FILE_LIMITS.columns + 1), { header: false })).toThrow(
      'It has 10,001 columns',
    );
  });

  it('refuses a header "name" too long to be one, naming the line and column', () => {
    const text = `a,${'x'.repeat(5_000)}\n1,2\n`;
    expect(() => parseTable(text)).toThrow(
      'Its first line is 5,000 characters long in column 2, which cannot be a column name',
    );
    // Read without a header, the same text is data.
    expect(parseTable(text, { header: false }).rows).toHaveLength(2);
  });

  it('cuts huge cells in the preview the page draws', () => {
    const [[cell, small]] = previewRows([['y'.repeat(5_000), 'ok']]);
    expect(cell).toHaveLength(FILE_LIMITS.previewCell + 1);
    expect(cell.endsWith('…')).toBe(true);
    expect(small).toBe('ok');
  });
});
