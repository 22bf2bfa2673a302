import { describe, expect, it } from 'vitest';
import { columnWindow, dataColumns, rowWindow } from './grid-window';

describe('grid window', () => {
  const columns = dataColumns({ metric: ['m0', 'm1'], param: ['p0', 'p1', 'p2'], tag: ['t'] }, 5);

  it('lays the data columns out after the fixed ones', () => {
    expect(columns.map((c) => [c.key, c.index, c.left])).toEqual([
      ['m0', 6, 0],
      ['m1', 7, 8.5],
      ['p0', 8, 17],
      ['p1', 9, 27],
      ['p2', 10, 37],
      ['t', 11, 47],
    ]);
  });

  it('draws the columns in view and a margin, and sizes what it leaves out', () => {
    const all = 57;
    // 20 rem from p0's left edge: p0 and p1 are in view; one more either side.
    const w = columnWindow(columns, 18, 30, 1);
    expect(w.columns.map((c) => c.key)).toEqual(['m1', 'p0', 'p1', 'p2']);
    expect(w.before).toBe(8.5);
    expect(w.after).toBe(10);
    expect(w.before + w.columns.reduce((s, c) => s + c.width, 0) + w.after).toBe(all);
    // Scrolled so far left that no data column shows: the first ones as margin.
    expect(columnWindow(columns, -100, -60, 2).columns.map((c) => c.key)).toEqual(['m0', 'm1']);
    // Past the end: the last ones, nothing after.
    const end = columnWindow(columns, 500, 600, 1);
    expect(end.columns.map((c) => c.key)).toEqual(['t']);
    expect(end.after).toBe(0);
    expect(columnWindow([], 0, 100)).toEqual({ columns: [], before: 0, after: 0 });
  });

  it('draws the rows in view and a margin, within the rows there are', () => {
    expect(rowWindow(0, 360, 10_000, 36, 12)).toEqual({ start: 0, end: 22 });
    expect(rowWindow(36 * 5000, 360, 10_000, 36, 12)).toEqual({ start: 4988, end: 5022 });
    expect(rowWindow(36 * 9999, 360, 10_000, 36, 12)).toEqual({ start: 9987, end: 10_000 });
    expect(rowWindow(0, 360, 0, 36, 12)).toEqual({ start: 0, end: 0 });
  });
});
