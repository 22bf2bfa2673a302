import { describe, expect, it } from 'vitest';
import { seededRandom, splitRows } from './split';

describe('splitRows', () => {
  it('is the same for the same seed and different for another', () => {
    const a = splitRows(100, { seed: 7, validation: 0.2, test: 0.1 });
    expect(splitRows(100, { seed: 7, validation: 0.2, test: 0.1 })).toEqual(a);
    expect(splitRows(100, { seed: 8, validation: 0.2, test: 0.1 })).not.toEqual(a);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([70, 20, 10]);
    expect([...a.train, ...a.validation, ...a.test].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('keeps the class mix in every split when stratified', () => {
    const labels = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 'rare' : 'common'));
    const s = splitRows(200, { seed: 1, validation: 0.25, test: 0.25, stratify: labels });
    const rare = (rows: number[]) => rows.filter((i) => labels[i] === 'rare').length;
    expect([rare(s.train), rare(s.validation), rare(s.test)]).toEqual([10, 5, 5]);
  });

  it('refuses fractions that leave nothing to train on', () => {
    expect(() => splitRows(10, { seed: 1, validation: 0.5, test: 0.5 })).toThrow(
      /leave rows to train on/,
    );
  });

  it('keeps its sequence: a changed generator would change every saved split', () => {
    // mulberry32(42): the first value is the reference 0.6011037519201636.
    const r = seededRandom(42);
    expect(r()).toBe(0.6011037519201636);
    expect([r(), r()].map((x) => x.toFixed(6))).toEqual(['0.448291', '0.852466']);
  });
});
