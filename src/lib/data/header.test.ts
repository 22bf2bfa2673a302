import { describe, expect, it } from 'vitest';
import { parseTable } from './csv';
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

// As scikit-learn's raw breast_cancer.csv starts: n_samples, n_features, class names; then rows
// of the features and the class index. Here 6 rows of 4 features.
const SKLEARN = [
  '6,4,malignant,benign',
  '17.99,10.38,122.8,1001,0',
  '20.57,17.77,132.9,1326,0',
  '19.69,21.25,130,1203,0',
  '11.42,20.38,77.58,386.1,1',
  '12.45,15.7,82.57,477.1,1',
  '13.71,20.83,90.2,577.9,1',
].join('\n');

describe('files whose first line is not a header', () => {
  it('says line 1 alone disagrees with every other row, and offers to skip it', () => {
    const e = failure(() => parseTable(SKLEARN));
    expect(e.message).toBe(
      "Line 1 has 4 fields, but all 6 lines after it have 5 (comma-separated): line 1 is not the header of this table. It reads like scikit-learn's first line: 6 samples, 4 features, then the class names. Skip it, and read the file without a header row (columns named column_1, column_2, …) or with line 2 as the header.",
    );
    expect(e.row).toBe(1);
    expect(e.fixes).toEqual([
      { label: 'Skip line 1; no header row', read: { skip: 1, header: false } },
      { label: 'Skip line 1; line 2 is the header', read: { skip: 1, header: true } },
    ]);
    expect(e.message).not.toMatch(/Row 2/);
  });

  it('reads the file with the offered fix: generated names, every row kept, the classes named', () => {
    const t = parseTable(SKLEARN, { skip: 1, header: false });
    expect(t.columns).toEqual(['column_1', 'column_2', 'column_3', 'column_4', 'column_5']);
    expect(t.rows).toHaveLength(6);
    expect(t.rows[0]).toEqual(['17.99', '10.38', '122.8', '1001', '0']);
    expect(t.notes.map((n) => n.message)).toEqual([
      "Skipped line 1, scikit-learn's counts line (6 samples, 4 features). The class names it lists stand for the values of the last column: 0 = malignant, 1 = benign.",
      'No header row: the columns are named column_1 to column_5.',
    ]);
    // Line 2 as the header is the other fix; rows are then counted from line 3.
    const named = parseTable(SKLEARN, { skip: 1, header: true });
    expect(named.columns).toEqual(['17.99', '10.38', '122.8', '1001', '0']);
    expect(named.rows).toHaveLength(5);
  });

  it('names line 1 as the culprit only when all the other rows agree', () => {
    const e = failure(() => parseTable('a,b,c\n1,2\n3,4,5\n6,7,8\n'));
    expect(e.message).toMatch(/^Row 2 has 2 fields but the header has 3/);
    expect(e.fixes).toBeUndefined();
    // One data row alone is no evidence against the header.
    expect(failure(() => parseTable('a,b,c\n1,2\n')).message).toMatch(/^Row 2 has 2 fields/);
  });

  it('hints when line 1 reads like counts though the widths agree, as in iris', () => {
    const iris =
      '3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7,3.2,4.7,1.4,1\n6.3,3.3,6,2.5,2\n';
    const t = parseTable(iris);
    expect(t.notes).toEqual([
      {
        message: `Line 1 reads like scikit-learn's counts line (3 samples, 4 features, then the class names), not a header: the column names are "3", "4", "setosa", "versicolor", "virginica".`,
        fixes: [{ label: 'Skip line 1; no header row', read: { skip: 1, header: false } }],
      },
    ]);
    const fixed = parseTable(iris, t.notes[0].fixes![0].read);
    expect(fixed.columns).toEqual(['column_1', 'column_2', 'column_3', 'column_4', 'column_5']);
    expect(fixed.notes[0].message).toMatch(/0 = setosa, 1 = versicolor, 2 = virginica/);
  });

  it('hints when every column name is a number, and reads the file headerless on request', () => {
    const text = '1,2.5,3\n4,5,6\n7,8,9\n';
    expect(parseTable(text).notes).toEqual([
      {
        message:
          'Every column name is a number ("1", "2.5", "3"): line 1 may be data, not a header.',
        fixes: [{ label: 'No header row', read: { header: false } }],
      },
    ]);
    const t = parseTable(text, { header: false });
    expect(t.columns).toEqual(['column_1', 'column_2', 'column_3']);
    expect(t.rows).toEqual([
      ['1', '2.5', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
    ]);
    // Headerless files with a ragged row still name the row, counted from line 1.
    expect(failure(() => parseTable('1,2\n3,4\n5\n', { header: false })).message).toMatch(
      /^Row 3 has 1 field but row 1 has 2/,
    );
  });

  it('says when the lines skipped leave nothing, and counts rows from the top of the file', () => {
    expect(failure(() => parseTable('a,b\n', { skip: 1 })).message).toMatch(
      /the first 1 are skipped: nothing is left/,
    );
    const e = failure(() => parseTable('title\na,b\n1,2\n3\n', { skip: 1 }));
    expect(e.row).toBe(4);
  });
});
