// RandomState against values printed by NumPy 2 (numpy.random.RandomState, the legacy MT19937
// stream Optuna's samplers draw from), so seeded samplers start from Optuna's random numbers.
import { describe, expect, it } from 'vitest';
import { RandomState } from './rng';

describe('RandomState', () => {
  it("gives NumPy's random_sample stream for a seed", () => {
    const r = new RandomState(0);
    expect([r.random(), r.random(), r.random()]).toEqual([
      0.5488135039273248, 0.7151893663724195, 0.6027633760716439,
    ]);
    expect(new RandomState(4294967295).random()).toBe(0.0976320289940138);
  });

  it('draws choice(p=…) by the cumulative sums, then uniform, as NumPy', () => {
    const r = new RandomState(42);
    expect(r.choices([0.2, 0.5, 0.3], 5)).toEqual([1, 2, 2, 1, 0]);
    expect(r.uniform(-5, 10)).toBe(-2.6600821949569604);
  });

  it('shuffles and draws bounded integers by masked rejection, as NumPy', () => {
    const r = new RandomState(7);
    const list = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    r.shuffle(list);
    expect(list).toEqual([8, 5, 0, 2, 1, 9, 7, 3, 6, 4]);
    expect([r.interval(999), r.interval(999), r.interval(999)]).toEqual([366, 554, 730]);
  });

  it('refuses a seed outside [0, 2³²)', () => {
    expect(() => new RandomState(-1)).toThrow(/whole number from 0 to 4294967295/);
    expect(() => new RandomState(1.5)).toThrow(/whole number/);
    expect(new RandomState().seed).toBeGreaterThanOrEqual(0);
  });
});
