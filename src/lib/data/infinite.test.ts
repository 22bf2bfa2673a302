import { describe, expect, it } from 'vitest';
import { isInfinite, parseNumber, profileTable } from './columns';
import { parseTable } from './csv';
import { prepareData } from './prepare';
import { fitPreprocessor, mistypedCell, transformRows } from './preprocess';

const SPELLINGS = [
  'inf',
  '-inf',
  '+inf',
  'Infinity',
  '-Infinity',
  'INF',
  ' -INFINITY ',
  '+infinity',
];

describe('infinite numbers', () => {
  it('are recognised in every spelling and never parse as a usable number', () => {
    for (const s of SPELLINGS) {
      expect(isInfinite(s)).toBe(true);
      expect(parseNumber(s)).toBeUndefined();
    }
    for (const s of ['info', 'infinite', 'in', '1e999x', 'nan']) expect(isInfinite(s)).toBe(false);
  });

  it('keep their column numeric; the profile counts them and its statistics leave them out', () => {
    const cells = ['1', 'inf', '2', '-Infinity', '3', '+INF', '4', 'NA'];
    const t = parseTable(`x,y\n${cells.map((c, i) => `${c},${i}`).join('\n')}\n`);
    const [x] = profileTable(t);
    expect(x.kind).toBe('numeric');
    expect(x.infinite).toBe(3);
    expect(x.missing).toBe(1);
    expect(x.stats).toMatchObject({ min: 1, max: 4, mean: 2.5 });
    expect(x.stats!.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(x.warnings).toEqual([
      '3 values of "x" are infinite (inf, -Infinity, +INF): the statistics leave them out, and training treats them as missing (filled like missing values).',
    ]);
  });

  it('are filled like missing values in training and in prediction', () => {
    const t = parseTable('x,label\n1,a\ninf,b\n3,a\n-inf,b\n5,a\n');
    const pre = fitPreprocessor(t.columns, t.rows, {
      target: 'label',
      task: 'binary',
      features: [{ name: 'x', kind: 'numeric' }],
      impute: 'median',
      standardize: false,
      maxLevels: 10,
      minCount: 1,
    });
    expect(pre.features[0]).toMatchObject({ fill: 3 });
    expect(Array.from(transformRows(pre, t.columns, t.rows))).toEqual([1, 3, 3, 3, 5]);
    expect(mistypedCell(pre, t.columns, [['Infinity', 'a']])).toBeNull();
    expect(mistypedCell(pre, t.columns, [['lots', 'a']])?.message).toMatch(/row 2 has "lots"/);
  });

  it('fill with the most frequent finite value, never with infinity', () => {
    const t = parseTable('x,label\ninf,a\ninf,b\ninf,a\n2,b\n2,a\n7,b\n');
    const pre = fitPreprocessor(t.columns, t.rows, {
      target: 'label',
      task: 'binary',
      features: [{ name: 'x', kind: 'numeric' }],
      impute: 'most_frequent',
      standardize: true,
      maxLevels: 10,
      minCount: 1,
    });
    expect(pre.features[0]).toMatchObject({ fill: 2 });
    expect(Array.from(transformRows(pre, t.columns, t.rows)).every(Number.isFinite)).toBe(true);
  });

  it('as a regression target leave their rows out, as missing targets do', () => {
    const rows = Array.from(
      { length: 14 },
      (_, i) => `${i},${i === 3 ? 'inf' : i === 7 ? '-Infinity' : i * 2}`,
    );
    const t = parseTable(`x,y\n${rows.join('\n')}\n`);
    const [, y] = profileTable(t);
    expect(y.kind).toBe('numeric');
    const data = prepareData(t, {
      target: 'y',
      task: 'regression',
      features: [{ name: 'x', kind: 'numeric' }],
      impute: 'median',
      standardize: true,
      maxLevels: 10,
      minCount: 1,
      split: { validation: 0.2, test: 0.2, seed: 1 },
    });
    expect(data.droppedRows).toBe(2);
    const all = [data.splits.train, data.splits.validation, data.splits.test];
    expect(all.every((s) => s.y.every(Number.isFinite))).toBe(true);
    expect(Number.isFinite(data.pre.target.scale!.mean)).toBe(true);
  });
});
