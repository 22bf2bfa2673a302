import { describe, expect, it } from 'vitest';
import {
  describeChart,
  extent,
  formatTick,
  legendLayout,
  linePath,
  niceDomain,
  niceTicks,
  tickStep,
} from './chart-scale';

describe('ticks', () => {
  it('picks 1, 2 or 5 × 10^n steps', () => {
    expect(tickStep(0, 9, 5)).toBe(2);
    expect(tickStep(0, 1, 5)).toBe(0.2);
    expect(tickStep(0, 100, 4)).toBe(50);
    expect(tickStep(3, 3)).toBe(1);
  });

  it('gives round ticks inside the range, without float noise', () => {
    expect(niceTicks(0, 9, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0.1, 0.9, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it('widens a domain to round ends and never leaves it empty', () => {
    expect(niceDomain(0.12, 0.93)).toEqual([0, 1]);
    expect(niceDomain(0.213, 0.287, 5)).toEqual([0.2, 0.3]);
    const [lo, hi] = niceDomain(2, 2);
    expect(lo).toBeLessThan(2);
    expect(hi).toBeGreaterThan(2);
    expect(niceDomain(0, 0)[0]).toBeLessThan(0);
    expect(niceDomain(Infinity, 1)).toEqual([0, 1]);
  });

  it('labels ticks with the decimals the step needs', () => {
    expect(formatTick(0.4, 0.2)).toBe('0.4');
    expect(formatTick(0.25, 0.05)).toBe('0.25');
    expect(formatTick(4, 2)).toBe('4');
    expect(formatTick(0, 0.1)).toBe('0');
    expect(formatTick(20000, 5000)).toBe('20K');
    expect(formatTick(0.0002, 0.0001)).toBe('2.0e-4');
  });
});

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
