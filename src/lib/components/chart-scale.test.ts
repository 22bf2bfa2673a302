import { describe, expect, it } from 'vitest';
import { dataAxis, type Axis } from '$lib/charts/scale';
import {
  allIntegers,
  describeChart,
  extent,
  labelWidth,
  bandPath,
  legendLayout,
  linePath,
  powerLabel,
  spacedAxis,
} from './chart-scale';

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

  it('collapses points in one pixel column to their lowest and highest, in order', () => {
    const x = [0, 0.1, 0.2, 0.3, 0.4, 10];
    expect(linePath(x, [5, 1, 9, 4, 6, 7], id, id)).toBe('M0,1L0,9L10,7');
    expect(linePath(x, [5, 9, 1, 4, 6, 7], id, id)).toBe('M0,9L0,1L10,7');
    // The last extreme to come decides: a low after the high is drawn after it.
    expect(linePath(x, [5, 1, 9, 0, 6, 7], id, id)).toBe('M0,9L0,0L10,7');
    expect(linePath([0, 0.1, 10], [3, 3, 4], id, id)).toBe('M0,3L10,4');
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
    expect(d.split(/[ML]/).length).toBeLessThan(501 * 2 + 2);
    // Every column's extremes are there: the path reaches ±100.
    expect(d).toContain(',-100L');
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

  it('lists the first lines and sums up the rest past a limit', () => {
    const series = Array.from({ length: 5 }, (_, i) => ({
      name: `run-${i}`,
      x: [0, 1],
      y: [i, i + 10],
    }));
    const text = describeChart('loss', 'step', series, 2);
    expect(text).toContain('run-1: 2 points, first 1, last 11');
    expect(text).not.toContain('run-2');
    expect(text).toContain('and 3 more lines: 6 points, min 2, max 14.');
  });

  it('counts the points a line drawn from its stored extremes stands for', () => {
    const text = describeChart('loss', 'step', [
      { name: 'long', x: [0, 5, 9], y: [3, 50, 1], points: 10_000 },
      { name: 'short', x: [0, 1], y: [2, 1] },
    ]);
    expect(text).toContain('long: 10000 points, first 3, last 1, min 1, max 50; short: 2 points');
  });
});

describe('axis labels', () => {
  it("label a log axis's ticks as short numbers, in exponent form past 1e5 or under 1e-3", () => {
    expect([-3, -0.30103, 0, 1.30103, 5.47712].map(powerLabel)).toEqual([
      '0.001',
      '0.5',
      '1',
      '20',
      '3e+5',
    ]);
    expect(powerLabel(-4)).toBe('1e-4');
  });
  it('call an axis of steps integral only when every value is an integer', () => {
    expect(allIntegers([0, 1, 2, 40])).toBe(true);
    expect(allIntegers(new Float64Array([0, 0.5]))).toBe(false);
    expect(allIntegers([0, NaN])).toBe(false);
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

describe('tick label room', () => {
  it('errs wide of the widths Chromium draws at 11px (DejaVu Sans)', () => {
    // Measured with getBBox in the e2e chart: 123.456789025B is 95 px, 1.700000005T 79 px.
    expect(labelWidth('123.456789025B')).toBeGreaterThanOrEqual(95);
    expect(labelWidth('1.700000005T')).toBeGreaterThanOrEqual(79);
    expect(labelWidth('0')).toBeGreaterThanOrEqual(7);
  });

  it('gives long x labels fewer ticks, so neighbours never touch', () => {
    const make = (count: number) => dataAxis(1.7e12, 1.700000011e12, { count, integer: true });
    const crowded = make(14);
    const widest = Math.max(...crowded.labels.map((l) => labelWidth(l)));
    const spacing = (axis: Axis) => (900 * axis.step) / (axis.domain[1] - axis.domain[0]);
    expect(spacing(crowded)).toBeLessThan(widest); // what the chart drew before
    const spaced = spacedAxis(make, 900, 14);
    expect(spacing(spaced)).toBeGreaterThanOrEqual(widest + 10);
    expect(spaced.ticks.length).toBeGreaterThanOrEqual(3);
    // Short labels keep the count asked for.
    const epochs = (count: number) => dataAxis(1, 100, { count, integer: true });
    expect(spacedAxis(epochs, 900, 12).ticks).toEqual(epochs(12).ticks);
  });
});

describe('bandPath', () => {
  it('outlines the band along its highs and back along its lows, skipping gaps', () => {
    const id = (v: number) => v;
    expect(bandPath([0, 1, 2], [1, NaN, 2], [3, 4, 5], id, id)).toBe(
      'M0.0,3.0L2.0,5.0L2.0,2.0L0.0,1.0Z',
    );
    expect(bandPath([0], [NaN], [1], id, id)).toBe('');
  });
});
