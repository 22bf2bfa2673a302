import { describe, expect, it } from 'vitest';
import { profileTable, type ColumnProfile } from './columns';
import { parseTable } from './csv';
import { numericLoss } from './numeric-loss';

const column = (cells: string[]) => profileTable(parseTable(`v\n${cells.join('\n')}\n`))[0];

describe('what forcing a column to Numeric loses', () => {
  it('is nothing for a numeric, empty or not-numeric choice', () => {
    expect(numericLoss(column(['1', '2']), 'numeric', 2)).toBeNull();
    expect(numericLoss(column(['', 'NA']), 'numeric', 2)).toBeNull();
    expect(numericLoss(column(['a', 'b']), 'categorical', 2)).toBeNull();
  });

  it('passes a few junk cells among many numbers without asking', () => {
    const cells = [...Array.from({ length: 60 }, (_, i) => String(i)), 'n.a.', 'n.a.', '?x'];
    const loss = numericLoss(column(cells), 'numeric', cells.length)!;
    expect(loss).toMatchObject({ count: 3, present: 63, examples: ['n.a.', '?x'] });
    expect(loss.needsConfirm).toBe(false);
    expect(loss.message).toBe(
      '"v" is set to Numeric, but 3 of its 63 values are not numbers (e.g. "n.a.", "?x"): training reads them as missing values (filled like the rest).',
    );
  });

  it('asks past five cells, or a tenth of a small column, and says a target loses its rows', () => {
    const many = Array.from({ length: 100 }, (_, i) => (i < 6 ? `x${i}` : String(i)));
    expect(numericLoss(column(many), 'numeric', 100)!.needsConfirm).toBe(true);
    const small = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'bad'];
    const loss = numericLoss(column(small), 'numeric', 10, true)!;
    expect(loss.needsConfirm).toBe(true);
    expect(loss.message).toMatch(/: their rows are left out of training\.$/);
  });

  it('points decimal commas to the read option', () => {
    const loss = numericLoss(column(['"1,5"', '"2,25"']), 'numeric', 2)!;
    expect(loss.decimalCommas).toBe(true);
    expect(loss.message).toMatch(/They use decimal commas: choose Decimal separator › Comma/);
  });

  it('counts from the top values of a record saved before cells were counted, as a lower bound', () => {
    const old: ColumnProfile = {
      name: 'v',
      kind: 'categorical',
      missing: 0,
      distinct: 12,
      top: [
        { value: 'a', count: 5 },
        { value: '3', count: 4 },
        { value: 'b', count: 2 },
      ],
      warnings: [],
    };
    const loss = numericLoss(old, 'numeric', 30)!;
    expect(loss).toMatchObject({ count: 7, atLeast: true, examples: ['a', 'b'] });
    expect(loss.message).toMatch(/but at least 7 of its 30 values are not numbers/);
  });
});
