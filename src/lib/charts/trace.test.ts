import { describe, expect, it } from 'vitest';
import { fewPoints, pixelScale, tracePath } from './trace';

describe('pixelScale', () => {
  it('maps a domain onto pixels, reversed too, without overflow on huge domains', () => {
    const x = pixelScale([0, 10], 50, 150);
    expect([x(0), x(5), x(10)]).toEqual([50, 100, 150]);
    const y = pixelScale([-1, 1], 200, 0);
    expect([y(-1), y(0), y(1)]).toEqual([200, 100, 0]);
    const huge = pixelScale([-1e308, 1e308], 0, 100);
    expect(huge(0)).toBe(50);
    expect(huge(1e308)).toBe(100);
  });
});

describe('tracePath', () => {
  it('gives moves and lines, one column collapsed to its lowest and highest', () => {
    const calls: [number, number, boolean][] = [];
    tracePath(
      [0, 0.1, 0.2, 0.3, 5, 6],
      [5, 1, 9, 6, NaN, 3],
      (v) => v,
      (v) => v,
      (...c) => calls.push(c),
    );
    expect(calls).toEqual([
      [0, 1, false],
      [0, 9, true],
      [6, 3, false],
    ]);
  });
});

describe('fewPoints', () => {
  it('gives the finite points of a short series, and none past the limit', () => {
    const twice = (v: number) => v * 2;
    expect(fewPoints([0, 1, 2], [5, NaN, 7], twice, twice, 2)).toEqual([
      { x: 0, y: 10 },
      { x: 4, y: 14 },
    ]);
    expect(fewPoints([0, 1, 2], [5, 6, 7], twice, twice, 2)).toEqual([]);
  });
});
