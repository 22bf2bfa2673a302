import { describe, expect, it } from 'vitest';
import { parseTable } from '../data/csv';
import { toSafeCsv } from '../data/csv-export';
import { readPredictions } from './predictions';

const read = (csv: string) => readPredictions(parseTable(csv));

describe('readPredictions', () => {
  it('reads binary probabilities as P(second class), multiclass as rows, numbers as regression', () => {
    const b = read('row,y,prediction,proba_no,proba_yes\n0,yes,yes,0.2,0.8\n1,no,no,0.7,0.3\n');
    expect(b).toMatchObject({ task: 'classification', target: 'y', classes: ['no', 'yes'] });
    if (b.task !== 'classification') throw new Error('classification expected');
    expect(Array.from(b.labels)).toEqual([1, 0]);
    expect(Array.from(b.scores)).toEqual([0.8, 0.3]);
    const m = read('y,prediction,proba_a,proba_b,proba_c\nc,c,0.1,0.2,0.7\n');
    if (m.task !== 'classification') throw new Error('classification expected');
    expect(Array.from(m.scores)).toEqual([0.1, 0.2, 0.7]);
    expect(read('prediction,mpg\n21,20\n')).toMatchObject({ task: 'regression', target: 'mpg' });
  });

  it('reads back the labels of a file written spreadsheet-safe (formula-like classes prefixed)', () => {
    const csv = toSafeCsv([
      ['row', '=target', 'prediction', 'proba_=x', 'proba_-y'],
      ['0', '=x', '=x', '0.9', '0.1'],
      ['1', '-y', '-y', '0.2', '0.8'],
    ]);
    expect(csv).toContain(`"'=x"`);
    const p = read(csv);
    if (p.task !== 'classification') throw new Error('classification expected');
    expect(p.target).toBe('=target');
    expect(p.classes).toEqual(['=x', '-y']);
    expect(Array.from(p.labels)).toEqual([0, 1]);
  });

  it('says what is missing or wrong, with the row', () => {
    expect(() => read('y,pred\n1,2\n')).toThrow(
      'has no "prediction" column (its columns: y, pred)',
    );
    expect(() => read('row,prediction\n0,1\n')).toThrow('no column with the true values');
    expect(() => read('y,prediction\n1,1\n2,x\n')).toThrow(
      'Row 3 of the predictions file: "x" in column "prediction" is not a number.',
    );
    expect(() => read('y,prediction,proba_a,proba_b\nz,a,0.5,0.5\n')).toThrow(
      'the true class "z" has no probability column (the classes are "a", "b")',
    );
    expect(() => read('y,prediction,proba_a\na,a,1\n')).toThrow('one probability column');
    expect(() => read('y,prediction\n')).toThrow();
  });

  it('takes the named target column among several, and asks for one when it is ambiguous', () => {
    const csv = 'x1,y,prediction,proba_a,proba_b\n3.5,b,b,0.4,0.6\n1.2,a,b,0.3,0.7\n';
    expect(() => read(csv)).toThrow(
      'several columns that could hold the true values ("x1", "y"): name the one that does as the target',
    );
    const set = readPredictions(parseTable(csv), { target: 'y' });
    if (set.task !== 'classification') throw new Error('classification expected');
    expect(Array.from(set.labels)).toEqual([1, 0]);
    expect(() => readPredictions(parseTable(csv), { target: 'label' })).toThrow(
      'The predictions file has no "label" column to take the true values from (its columns: x1, y, prediction, proba_a, proba_b).',
    );
    expect(() => readPredictions(parseTable(csv), { target: 'proba_a' })).toThrow(
      'no "proba_a" column to take the true values from',
    );
  });
});
