import { describe, expect, it } from 'vitest';
import { profileTable } from './columns';
import { parseTable } from './csv';
import { toPointDecimal } from './decimal';
import { fitPreprocessor, transformRows } from './preprocess';

// A ';'-separated export as a European spreadsheet writes it: heights and weights with decimal
// commas, an integer-only column, negative values, a missing marker, and a label.
const EUROPEAN = [
  'height;weight;delta;count;label',
  '1,70;65,5;-0,25;3;a',
  '1,82;80;+1,5;4;b',
  '1,65;NA;-2;5;a',
  '1,91;92,25;0,75;6;b',
].join('\n');

describe('decimal commas', () => {
  it('reads a semicolon file’s decimal-comma columns as numbers, negative and integer cells too', () => {
    const t = parseTable(EUROPEAN);
    expect(t.rows.map((r) => r.slice(0, 3))).toEqual([
      ['1.70', '65.5', '-0.25'],
      ['1.82', '80', '+1.5'],
      ['1.65', 'NA', '-2'],
      ['1.91', '92.25', '0.75'],
    ]);
    expect(t.notes.map((n) => n.message)).toContainEqual(
      'Read decimal commas as numbers in columns "height", "weight", "delta" (1,5 as 1.5).',
    );
    const kinds = profileTable(t).map((p) => p.kind);
    expect(kinds).toEqual(['numeric', 'numeric', 'numeric', 'numeric', 'categorical']);
    const [height] = profileTable(t);
    expect(height.stats).toMatchObject({ min: 1.65, max: 1.91 });
  });

  it('gives the preprocessor numbers, so the model sees what the file says', () => {
    const t = parseTable(EUROPEAN);
    const pre = fitPreprocessor(t.columns, t.rows, {
      target: 'label',
      task: 'binary',
      features: [{ name: 'height', kind: 'numeric' }],
      impute: 'median',
      standardize: false,
      maxLevels: 10,
      minCount: 1,
    });
    expect(Array.from(transformRows(pre, t.columns, t.rows))).toEqual(
      [1.7, 1.82, 1.65, 1.91].map(Math.fround),
    );
  });

  it('leaves a column alone unless every present cell is a decimal-comma number', () => {
    const t = parseTable('mixed;code;ok\n1,5;1,2,3;2,5\n1.5;4,5,6;3\nabc;7,8,9;4,25\n');
    expect(t.rows.map((r) => r[0])).toEqual(['1,5', '1.5', 'abc']);
    expect(t.rows.map((r) => r[1])).toEqual(['1,2,3', '4,5,6', '7,8,9']);
    expect(t.rows.map((r) => r[2])).toEqual(['2.5', '3', '4.25']);
    expect(profileTable(t).map((p) => p.kind)).toEqual(['categorical', 'categorical', 'numeric']);
  });

  it('never touches a comma-separated file unless asked, and reads point decimals when told', () => {
    const csv = 'a,b\n"1,5",x\n"2,5",y\n';
    expect(parseTable(csv).rows).toEqual([
      ['1,5', 'x'],
      ['2,5', 'y'],
    ]);
    expect(parseTable(csv).notes).toEqual([]);
    expect(parseTable(csv, { decimal: 'comma' }).rows.map((r) => r[0])).toEqual(['1.5', '2.5']);
    const asText = parseTable(EUROPEAN, { decimal: 'point' });
    expect(asText.rows[0][0]).toBe('1,70');
    expect(asText.read.decimal).toBe('point');
    expect(profileTable(asText)[0].kind).toBe('categorical');
  });

  it('drops grouping points in a decimal-comma column and keeps tab files working the same', () => {
    expect(toPointDecimal('1.234,5')).toBe('1234.5');
    expect(toPointDecimal('-12.345.678')).toBe('-12345678');
    expect(toPointDecimal('x')).toBe('x');
    const t = parseTable('price\tname\n1.234,50\tx\n12,5\ty\n');
    expect(t.delimiter).toBe('\t');
    expect(t.rows.map((r) => r[0])).toEqual(['1234.50', '12.5']);
  });

  it('counts what forcing a text column to Numeric would lose, with examples', () => {
    const t = parseTable(EUROPEAN, { decimal: 'point' });
    const [height, , , , label] = profileTable(t);
    expect(height.notNumbers).toEqual({ count: 4, examples: ['1,70', '1,82', '1,65', '1,91'] });
    expect(label.notNumbers).toEqual({ count: 4, examples: ['a', 'b'] });
    const mixed = profileTable(parseTable('v\n1\n2\nn.a.\n3\nn.a.\n'))[0];
    expect(mixed.kind).toBe('categorical');
    expect(mixed.notNumbers).toEqual({ count: 2, examples: ['n.a.'] });
  });
});
