// The GP sampler's parts: its likelihood gradient and acquisition gradient against finite
// differences, a fitted GP that reproduces what it was given, log EI far in the tail, and the
// sampler (and the default AutoSampler) deterministic for a seed and far better than random.
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../rng';
import type { Objective } from '../../optimize';
import { createStudy } from '../../create-study';
import { AutoSampler } from '../auto';
import { RandomSampler } from '../random';
import { GPRegressor, logEI, negativeLogPosterior, standardLogEI } from './gp';
import { GPSampler } from './sampler';

function data(n: number, d: number, seed = 1) {
  const rng = new RandomState(seed);
  const X = Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.random()));
  const y = Float64Array.from(X, (x) => Math.sin(3 * x[0]) + (x[1] ?? 0) ** 2 - 0.5);
  return { X, y };
}

describe('GP regression', () => {
  it('the log posterior gradient matches finite differences', () => {
    const { X, y } = data(12, 3);
    const categorical = [false, false, true];
    for (const x of X) x[2] = Math.floor(x[2] * 3);
    const raw = Float64Array.from([0.3, -0.2, 0.1, 0.4, -3]);
    const { gradient } = negativeLogPosterior(X, y, categorical, raw, false);
    for (let j = 0; j < raw.length; j++) {
      const h = 1e-6;
      const up = Float64Array.from(raw);
      const down = Float64Array.from(raw);
      up[j] += h;
      down[j] -= h;
      const numeric =
        (negativeLogPosterior(X, y, categorical, up, false).value -
          negativeLogPosterior(X, y, categorical, down, false).value) /
        (2 * h);
      expect(gradient[j]).toBeCloseTo(numeric, 4);
    }
  });

  it('a fitted GP reproduces its data and is uncertain away from it', () => {
    const { X, y } = data(25, 2);
    const gp = GPRegressor.fit(X, y, [false, false], { deterministic: true });
    for (let i = 0; i < X.length; i++) expect(gp.posterior(X[i]).mean).toBeCloseTo(y[i], 2);
    expect(gp.posterior(X[0]).variance).toBeLessThan(1e-3);
    expect(gp.posterior(Float64Array.from([3, 3])).variance).toBeGreaterThan(0.1);
  });

  it('the posterior and log EI gradients match finite differences', () => {
    const { X, y } = data(20, 2, 4);
    const gp = GPRegressor.fit(X, y, [false, false]);
    // Away from the data, where the variance is not a difference of nearly equal numbers (finite
    // differences of a variance of 1e-5 are noise, though the analytic gradient is right there too).
    for (const point of [
      [1.4, -0.3],
      [-0.5, 0.5],
      [0.5, 1.6],
    ]) {
      const at = Float64Array.from(point);
      const p = gp.posterior(at, true);
      expect(p.variance).toBeGreaterThan(1e-3);
      // A threshold two standard deviations above the mean: an EI well inside double range.
      const threshold = p.mean + 2 * Math.sqrt(p.variance);
      const f = (x: Float64Array) => {
        const q = gp.posterior(x);
        return logEI(q.mean, q.variance, threshold).value;
      };
      const e = logEI(p.mean, p.variance, threshold);
      for (let j = 0; j < 2; j++) {
        const h = 1e-5;
        const up = Float64Array.from(at);
        const down = Float64Array.from(at);
        up[j] += h;
        down[j] -= h;
        const numeric = (f(up) - f(down)) / (2 * h);
        const analytic = e.dMean * p.dMean![j] + e.dVariance * p.dVariance![j];
        expect(Math.abs(analytic - numeric)).toBeLessThan(1e-3 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it('log EI is finite and smooth far in the left tail', () => {
    expect(standardLogEI(0)).toBeCloseTo(Math.log(1 / Math.sqrt(2 * Math.PI)), 12);
    const a = standardLogEI(-24.999999);
    const b = standardLogEI(-25.000001);
    expect(Number.isFinite(b) && Math.abs(a - b) < 1e-3).toBe(true);
    expect(Number.isFinite(standardLogEI(-1e4))).toBe(true);
  });
});

const hump: Objective = (t) => {
  const x = t.suggestFloat('x', -3, 3);
  const y = t.suggestFloat('y', 1e-3, 10, { log: true });
  const k = t.suggestInt('k', 0, 6);
  const c = t.suggestCategorical('c', ['a', 'b']);
  return (x - 1) ** 2 + (Math.log10(y) - 0.5) ** 2 + (k - 4) ** 2 / 10 + (c === 'a' ? 0.5 : 0);
};

describe('GPSampler and AutoSampler', () => {
  it('give the same trials for a seed', async () => {
    const run = async (make: () => GPSampler | AutoSampler) => {
      const study = await createStudy({ sampler: make() });
      await study.optimize(hump, { nTrials: 16 });
      return study.trials.map((t) => t.params);
    };
    expect(await run(() => new GPSampler({ seed: 3 }))).toEqual(
      await run(() => new GPSampler({ seed: 3 })),
    );
    expect(await run(() => new AutoSampler({ seed: 3 }))).toEqual(
      await run(() => new AutoSampler({ seed: 3 })),
    );
  });

  it('find the optimum of a mixed space where random search does not', async () => {
    const best = async (sampler: GPSampler | RandomSampler) => {
      const study = await createStudy({ sampler });
      await study.optimize(hump, { nTrials: 30 });
      return study.bestValue;
    };
    const gp = await best(new GPSampler({ seed: 5 }));
    const random = await best(new RandomSampler({ seed: 5 }));
    expect(gp).toBeLessThan(0.05);
    expect(gp).toBeLessThan(random / 5);
  });

  it('AutoSampler hands the shared space to TPE after gpTrials completed trials', async () => {
    const study = await createStudy({ sampler: new AutoSampler({ seed: 1, gpTrials: 12 }) });
    await study.optimize(hump, { nTrials: 14 });
    const byGp = study.trials
      .filter((t) => 'gp:relative_params' in t.systemAttrs)
      .map((t) => t.number);
    expect(byGp).toEqual([10, 11]);
  });
});
