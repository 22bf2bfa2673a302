import { describe, expect, it } from 'vitest';
import {
  fitPreprocessor,
  mistypedCell,
  transformRows,
  transformTarget,
  type PreprocessOptions,
} from './preprocess';

const columns = ['id', 'x', 'colour', 'flag', 'day', 'y'];
const rows = [
  ['1', '1', 'red', 'yes', '2024-01-01', 'a'],
  ['2', '2', 'red', 'no', '2024-01-03', 'b'],
  ['3', 'NA', 'blue', '', '2024-01-05', 'a'],
  ['4', '5', 'green', 'yes', 'NA', 'b'],
  ['5', '7', 'red', 'yes', '2024-01-09', 'a'],
];
const options: PreprocessOptions = {
  target: 'y',
  task: 'binary',
  features: [
    { name: 'id', kind: 'id' },
    { name: 'x', kind: 'numeric' },
    { name: 'colour', kind: 'categorical' },
    { name: 'flag', kind: 'boolean' },
    { name: 'day', kind: 'date' },
  ],
  impute: 'median',
  standardize: true,
  maxLevels: 50,
  minCount: 2,
};

describe('preprocessor', () => {
  const pre = fitPreprocessor(columns, rows, options);

  it('drops ids, buckets rare levels, and names every output', () => {
    expect(pre.features.map((f) => f.name)).toEqual(['x', 'colour', 'flag', 'day']);
    expect(pre.outputs).toEqual(['x', 'colour=red', 'colour=(other)', 'flag', 'day']);
    expect(pre.width).toBe(5);
    expect(pre.target).toEqual({ name: 'y', task: 'binary', classes: ['a', 'b'] });
  });

  it('imputes with training medians and standardises with training statistics', () => {
    const x = pre.features[0] as { fill: number; mean: number; std: number };
    expect(x.fill).toBe(3.5); // median of 1, 2, 5, 7
    const out = transformRows(pre, columns, rows);
    const xs = Array.from({ length: 5 }, (_, r) => out[r * pre.width]);
    expect(xs.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 5);
    expect(out[2 * pre.width]).toBeCloseTo((3.5 - x.mean) / x.std, 5);
  });

  it('encodes unseen and missing levels the same way every time', () => {
    const unseen = transformRows(pre, columns, [['9', '3', 'purple', 'no', '2024-01-02', 'a']]);
    expect(Array.from(unseen.slice(1, 3))).toEqual([0, 1]);
    const missing = transformRows(pre, columns, [['9', '3', '', 'no', '2024-01-02', 'a']]);
    expect(Array.from(missing.slice(1, 3))).toEqual([1, 0]);
  });

  it('survives a JSON round trip and gives identical features', () => {
    const again = JSON.parse(JSON.stringify(pre));
    expect(transformRows(again, columns, rows)).toEqual(transformRows(pre, columns, rows));
  });

  it('reads columns by name, and says which one is missing', () => {
    const reordered = [...columns].reverse();
    const flipped = rows.map((r) => [...r].reverse());
    expect(transformRows(pre, reordered, flipped)).toEqual(transformRows(pre, columns, rows));
    expect(() => transformRows(pre, ['x'], [['1']])).toThrow(
      /no column "colour", which the model needs/,
    );
  });

  it('names the first cell that does not fit its column’s kind in training', () => {
    expect(mistypedCell(pre, columns, rows)).toBeNull();
    const bad = (col: number, value: string) =>
      mistypedCell(
        pre,
        columns,
        rows.map((r, i) => (i === 2 ? r.map((v, c) => (c === col ? value : v)) : r)),
      );
    expect(bad(1, 'seven')).toEqual({
      row: 4,
      column: 'x',
      message:
        'Column "x" held numbers in training, but row 4 has "seven". Correct the value, or leave it empty to have it filled as in training.',
    });
    expect(bad(3, 'maybe')?.message).toContain('held yes/no values in training');
    expect(bad(4, 'Tuesday')?.message).toContain('held dates in training');
    expect(bad(2, 'purple')).toBeNull(); // an unseen level goes to (other)
    expect(bad(1, 'NA')).toBeNull(); // missing is filled
  });

  it('turns targets into class indices or numbers', () => {
    expect(Array.from(transformTarget(pre, ['b', 'a', 'NA', 'zzz']))).toEqual([1, 0, NaN, NaN]);
    const reg = fitPreprocessor(
      ['v', 't'],
      [
        ['1', '2.5'],
        ['2', '3.5'],
      ],
      { ...options, target: 't', task: 'regression', features: [{ name: 'v', kind: 'numeric' }] },
    );
    expect(Array.from(transformTarget(reg, ['2.5', '']))).toEqual([2.5, NaN]);
  });
});
