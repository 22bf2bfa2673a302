import { describe, expect, it } from 'vitest';
import { ticks } from './line-plot';

describe('ticks', () => {
  it('picks round steps covering the range', () => {
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(0.13, 0.91)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(ticks(0, 49)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(3, 3)).toEqual([3]);
    expect(ticks(NaN, 1)).toEqual([]);
  });
});
