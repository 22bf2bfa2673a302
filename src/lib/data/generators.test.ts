import { describe, expect, it } from 'vitest';
import { profileTable, inferTask } from './columns';
import { generators, type GeneratorName } from './generators';

const options = { rows: 400, noise: 0.1, seed: 3 };

describe('seeded generators', () => {
  for (const name of Object.keys(generators) as GeneratorName[]) {
    it(`${name}: same seed, same rows; another seed, other rows`, () => {
      const a = generators[name](options);
      expect(generators[name](options)).toEqual(a);
      expect(generators[name]({ ...options, seed: 4 })).not.toEqual(a);
      expect(a.rows.length).toBe(400);
      const profiles = profileTable(a);
      expect(profiles.slice(0, 2).map((p) => p.kind)).toEqual(['numeric', 'numeric']);
      expect(inferTask(profiles[2])).toBe(name === 'linear' ? 'regression' : 'binary');
    });
  }

  it('balances the classes and separates them as described', () => {
    const circles = generators.circles({ ...options, noise: 0 });
    const radius = (row: string[]) => Math.hypot(Number(row[0]), Number(row[1]));
    const outer = circles.rows.filter((r) => r[2] === '0');
    const inner = circles.rows.filter((r) => r[2] === '1');
    expect([outer.length, inner.length]).toEqual([200, 200]);
    expect(Math.min(...outer.map(radius))).toBeGreaterThan(Math.max(...inner.map(radius)));
    const xor = generators.xor(options);
    expect(
      xor.rows.every(
        (r) =>
          Number(r[0]) * Number(r[1]) >= 0 === (r[2] === '1') ||
          Math.abs(Number(r[0]) * Number(r[1])) < 2,
      ),
    ).toBe(true);
  });

  it('makes a linear target the least-squares fit recovers', () => {
    const { rows } = generators.linear({ rows: 2000, noise: 0.05, seed: 1 });
    // Mean of y - (3·x1 - 2·x2) estimates the intercept 1.
    const residual =
      rows.reduce((s, r) => s + Number(r[2]) - (3 * Number(r[0]) - 2 * Number(r[1])), 0) /
      rows.length;
    expect(residual).toBeCloseTo(1, 1);
  });
});
