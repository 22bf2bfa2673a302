import { describe, expect, it } from 'vitest';
import { describeChart, extent, legendLayout, linePath } from './chart-scale';

describe('extent', () => {
  it('ignores non-finite values', () => {
    expect(
      extent([
        [1, NaN, 3],
        [Infinity, -2],
      ]),
    ).toEqual([-2, 3]);
    expect(extent([[NaN], []])).toBeUndefined();
  });
});

describe('linePath', () => {
  const id = (v: number) => v;

  it('moves, then draws lines through the points', () => {
    expect(linePath([0, 10, 20], [5, 6, 7], id, id)).toBe('M0,5L10,6L20,7');
  });

  it('breaks the line at non-finite values', () => {
    expect(linePath([0, 10, 20, 30], [1, NaN, 3, 4], id, id)).toBe('M0,1M20,3L30,4');
    expect(linePath([0, 10], [Infinity, -Infinity], id, id)).toBe('');
  });

  it('collapses points in one pixel column to first, min, max and last', () => {
    const x = [0, 0.1, 0.2, 0.3, 0.4, 10];
    const y = [5, 1, 9, 4, 6, 7];
    expect(linePath(x, y, id, id)).toBe('M0,5L0,1L0,9L0,6L10,7');
  });

  it('keeps a million points to a path a few pixels wide', () => {
    const n = 1_000_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const d = linePath(
      x,
      y,
      (v) => (v / n) * 500,
      (v) => v * 100,
    );
    expect(d.split(/[ML]/).length).toBeLessThan(501 * 4 + 2);
  });
});

describe('describeChart', () => {
  it('summarises every series for a screen reader', () => {
    const text = describeChart('loss, val_loss', 'step', [
      { name: 'loss', x: [0, 1, 2], y: [0.9, 0.5, 0.2] },
      { name: 'val_loss', x: [0, 1], y: [NaN, 0.7] },
    ]);
    expect(text).toBe(
      'loss, val_loss, line chart by step. loss: 3 points, first 0.9, last 0.2, min 0.2, max 0.9; ' +
        'val_loss: 1 point, first 0.7, last 0.7, min 0.7, max 0.7.',
    );
    expect(describeChart('x', 'step', [])).toBe('x: no data to plot');
  });
});

describe('legendLayout', () => {
  it('wraps entries that do not fit the width', () => {
    expect(legendLayout(['loss', 'val_loss', 'accuracy'], 150, 7, 22, 16)).toEqual([
      { x: 0, row: 0 },
      { x: 66, row: 0 },
      { x: 0, row: 1 },
    ]);
  });
});
