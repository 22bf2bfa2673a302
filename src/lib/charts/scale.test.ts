import { describe, expect, it } from 'vitest';
import { formatTick, niceDomain, niceTicks, tickStep } from './scale';

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
  it('picks round steps covering the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.13, 0.91)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 49)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});
