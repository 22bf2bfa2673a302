import { describe, expect, it } from 'vitest';
import { checkTarget, inferTask, profileTable, MANY_LEVELS } from './columns';
import { parseTable } from './csv';

const table = (csv: string) => parseTable(csv);
const kinds = (csv: string) => profileTable(table(csv)).map((c) => c.kind);

describe('column inference', () => {
  it('tells numbers, booleans, dates, categories, text and ids apart', () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      [
        i + 1,
        (i * 1.5).toFixed(1),
        i % 2 ? 'yes' : 'no',
        `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
        ['red', 'green', 'blue'][i % 3],
        `a long free-text description number ${i} of this sample row`,
        `u-${i * 7919}`,
      ].join(','),
    );
    expect(kinds(`id,x,flag,day,colour,note,user\n${rows.join('\n')}\n`)).toEqual([
      'id',
      'numeric',
      'boolean',
      'date',
      'categorical',
      'text',
      'id',
    ]);
  });

  it('counts missing values the way pandas reads them, and flags an all-missing column', () => {
    const [a, b] = profileTable(table('a,b,c\n1,NA,1\n,,2\n3,?,3\nNaN,null,4\n'));
    expect([a.kind, a.missing, a.distinct]).toEqual(['numeric', 2, 2]);
    expect(b.kind).toBe('empty');
    expect(b.warnings[0]).toMatch(/Every value of "b" is missing/);
  });

  it('summarises numbers with a 10-bin histogram and categories with top values', () => {
    const [x, c] = profileTable(
      table(
        `x,c\n${Array.from({ length: 100 }, (_, i) => `${i},${i < 60 ? 'a' : 'b'}`).join('\n')}\n`,
      ),
    );
    expect(x.stats).toMatchObject({ min: 0, max: 99, mean: 49.5 });
    expect(x.stats!.counts).toEqual(new Array(10).fill(10));
    expect(c.top).toEqual([
      { value: 'a', count: 60 },
      { value: 'b', count: 40 },
    ]);
  });

  it('counts the levels of a number column by value, ties by value, each shown as first written', () => {
    const [x] = profileTable(table('x\n3\n1.0\n10\n1\n2\n3\n-0\n0\n10'));
    expect(x.distinct).toBe(5); // 1.0 and 1 are one level, and so are -0 and 0
    expect(x.top).toEqual([
      { value: '-0', count: 2 },
      { value: '1.0', count: 2 },
      { value: '3', count: 2 },
      { value: '10', count: 2 },
      { value: '2', count: 1 },
    ]);
    // A column that turns out not to be numeric counts its strings, including those seen before.
    const [y] = profileTable(table('y\n1\n1.0\n1\nz'));
    expect(y.kind).toBe('categorical');
    expect(y.top).toEqual([
      { value: '1', count: 2 },
      { value: '1.0', count: 1 },
      { value: 'z', count: 1 },
    ]);
  });

  it('warns about a categorical with thousands of levels', () => {
    const rows = Array.from(
      { length: MANY_LEVELS + 200 },
      (_, i) => `c${i % (MANY_LEVELS + 100)},${i}`,
    );
    const [c] = profileTable(table(`city,n\n${rows.join('\n')}\n`));
    expect(c.kind).toBe('categorical');
    expect(c.warnings[0]).toMatch(/1,100 different values/);
  });
});

describe('targets and tasks', () => {
  const profile = (csv: string) => profileTable(table(csv))[0];

  it('infers binary, multiclass and regression', () => {
    expect(inferTask(profile('y\n0\n1\n1\n0\n'))).toBe('binary');
    expect(inferTask(profile('y\nyes\nno\n'))).toBe('binary');
    expect(inferTask(profile('y\nsetosa\nversicolor\nvirginica\n'))).toBe('multiclass');
    expect(inferTask(profile('y\n1\n2\n3\n2\n'))).toBe('multiclass');
    expect(inferTask(profile('y\n1.5\n2.25\n3.1\n'))).toBe('regression');
    expect(inferTask(profile(`y\n${Array.from({ length: 50 }, (_, i) => i).join('\n')}\n`))).toBe(
      'regression',
    );
  });

  it('refuses a target with one class, all missing, or ids', () => {
    expect(() => checkTarget(profile('y\na\na\nNA\n'), 3)).toThrow(
      /only one value \("a"\) in 2 rows/,
    );
    expect(() => checkTarget(profile('y\nNA\n\n'), 2)).toThrow(
      /Every value of the target "y" is missing/,
    );
    const ids = profile(`id\n${Array.from({ length: 30 }, (_, i) => i).join('\n')}\n`);
    expect(() => checkTarget(ids, 30)).toThrow(/row ids/);
    expect(() => checkTarget(profile('y\na\nb\n'), 2)).not.toThrow();
  });
});
