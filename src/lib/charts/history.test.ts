import { describe, expect, it } from 'vitest';
import { clipX, forLog, groupBands, sampling, smooth, toXY } from './history';

const history = {
  steps: [2, 0, 1],
  timestamps: [3000, 1000, 2000],
  values: [0.3, 0.1, 0.2],
};

describe('compare view histories', () => {
  it('puts x in each mode and sorts by it', () => {
    expect(toXY(history, 'step')).toEqual({
      x: Float64Array.from([0, 1, 2]),
      y: Float64Array.from([0.1, 0.2, 0.3]),
    });
    expect([...toXY(history, 'wall').x]).toEqual([1000, 2000, 3000]);
    expect([...toXY(history, 'relative').x]).toEqual([0, 1, 2]);
    // Equal steps keep their stored order.
    const ties = toXY({ steps: [1, 0, 1], timestamps: [1, 2, 3], values: [5, 6, 7] }, 'step');
    expect([...ties.y]).toEqual([6, 5, 7]);
  });

  it('smooths with a debiased EMA as TensorBoard does, passing NaN through', () => {
    const raw = Float64Array.from([1, 2, NaN, 4]);
    expect(smooth(raw, 0)).toBe(raw);
    const w = 0.6;
    // TensorBoard: last = last * w + (1 - w) * v; shown = last / (1 - w^n).
    let last = 0;
    const expected = [1, 2, 4].map((v, i) => {
      last = last * w + (1 - w) * v;
      return last / (1 - w ** (i + 1));
    });
    const got = smooth(raw, w);
    expect(got[0]).toBeCloseTo(expected[0], 12);
    expect(got[0]).toBeCloseTo(1, 12);
    expect(got[1]).toBeCloseTo(expected[1], 12);
    expect(got[2]).toBeNaN();
    expect(got[3]).toBeCloseTo(expected[2], 12);
  });

  it('drops what a log axis cannot show and counts it', () => {
    const { values, dropped } = forLog(Float64Array.from([1, 0, -2, NaN, 3]));
    expect(dropped).toBe(2);
    expect([...values]).toEqual([1, NaN, NaN, NaN, 3]);
  });

  it('keeps the zoomed points and one either side', () => {
    const xy = {
      x: Float64Array.from([0, 1, 2, 3, 4, 5]),
      y: Float64Array.from([0, 1, 2, 3, 4, 5]),
    };
    expect([...clipX(xy, 2, 3).x]).toEqual([1, 2, 3, 4]);
    expect([...clipX(xy, 2.5, 2.7).x]).toEqual([2, 3]);
    expect([...clipX(xy, -10, 0).x]).toEqual([0, 1]);
    expect([...clipX(xy, 5, 10).x]).toEqual([4, 5]);
  });

  it('groups runs into mean and min–max at shared steps, one value per run per step', () => {
    const run = (group: string, y: number[], x = [0, 1, 2]) => ({
      group,
      x: Float64Array.from(x),
      y: Float64Array.from(y),
    });
    const bands = groupBands([
      run('adam', [1, 2, 3]),
      run('adam', [3, 4, 5]),
      run('sgd', [10, 10, 10]),
      // Two points at step 2 count as their mean.
      run('sgd', [0, 20, 30, 10], [0, 1, 2, 2]),
    ]);
    expect(bands.map((b) => b.group)).toEqual(['adam', 'sgd']);
    const [adam, sgd] = bands;
    expect([...adam.mean]).toEqual([2, 3, 4]);
    expect([...adam.min]).toEqual([1, 2, 3]);
    expect([...adam.max]).toEqual([3, 4, 5]);
    expect(adam.runs).toBe(2);
    expect([...sgd.mean]).toEqual([5, 15, 15]);
    expect([...sgd.max]).toEqual([10, 20, 20]);
  });

  it('bins x when runs do not share it (time, or many steps)', () => {
    const long = Float64Array.from({ length: 5000 }, (_, i) => i);
    const bands = groupBands([
      { group: 'a', x: long, y: Float64Array.from(long, () => 1) },
      {
        group: 'a',
        x: Float64Array.from(long, (v) => v + 0.5),
        y: Float64Array.from(long, () => 3),
      },
    ]);
    expect(bands[0].x.length).toBe(1000);
    expect(new Set(bands[0].mean)).toEqual(new Set([2]));
  });

  it('says a plot is sampled only when it has more points than it can draw', () => {
    expect(sampling(1000, 500)).toEqual({ sampled: false, columns: 500 });
    expect(sampling(100_000, 500).sampled).toBe(true);
  });
});
