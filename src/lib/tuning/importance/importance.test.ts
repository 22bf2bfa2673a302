// Importance methods on studies whose answer is known: the parameter the objective depends on
// comes first, a parameter it ignores scores near 0, and edge cases say what is missing.
import { describe, expect, it } from 'vitest';
import { RandomSampler } from '../samplers/random';
import { createStudy } from '../create-study';
import { fanovaImportances } from './fanova';
import { fitForest } from './forest';
import { FanovaImportanceEvaluator, getParamImportances } from './index';
import { pedAnovaImportances } from './ped-anova';

async function study(n: number) {
  const s = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
  await s.optimize(
    (t) => {
      const a = t.suggestFloat('a', -2, 2);
      const b = t.suggestInt('b', 1, 100, { log: true });
      t.suggestFloat('noise', 0, 1);
      const c = t.suggestCategorical('c', ['x', 'y']);
      return a * a + 0.2 * Math.log(b) + (c === 'x' ? 0.5 : 0);
    },
    { nTrials: n },
  );
  return s;
}

describe('importance', () => {
  it('ranks the parameter that matters first and the one that does not last, both methods', async () => {
    const s = await study(120);
    const ped = Object.keys(pedAnovaImportances(s.trials, 'minimize'));
    const fan = fanovaImportances(s.trials, { seed: 1 });
    expect(ped[0]).toBe('a');
    expect(Object.keys(fan)[0]).toBe('a');
    expect(fan.noise).toBeLessThan(0.05);
    expect(fan.a).toBeGreaterThan(0.5);
  });

  it('is deterministic for a seed', async () => {
    const s = await study(40);
    expect(fanovaImportances(s.trials, { seed: 3 })).toEqual(
      fanovaImportances(s.trials, { seed: 3 }),
    );
  });

  it('says what is missing: too few trials, or no variation in the values', async () => {
    const s = await study(1);
    expect(() => fanovaImportances(s.trials)).toThrow(/at least 2 completed trials/);
    expect(Object.values(pedAnovaImportances(s.trials, 'minimize'))).toEqual([0, 0, 0, 0]);
    const flat = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await flat.optimize((t) => (t.suggestFloat('a', 0, 1), 1), { nTrials: 10 });
    expect(() => fanovaImportances(flat.trials)).toThrow(/same value/);
  });

  it('a tree of the forest predicts its training rows exactly when grown fully', () => {
    const X = Array.from({ length: 30 }, (_, i) => Float64Array.from([i / 30, (i * 7) % 5]));
    const y = X.map((x) => Math.sin(6 * x[0]) + x[1]);
    const [tree] = fitForest(X, y, { nTrees: 1, seed: 2 });
    const predict = (x: Float64Array) => {
      let node = 0;
      while (tree.feature[node] >= 0)
        node = x[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      return tree.value[node];
    };
    // A bootstrap sample leaves some rows out; the ones it drew are fitted exactly.
    const fitted = X.filter((x, i) => Math.abs(predict(x) - y[i]) < 1e-12).length;
    expect(fitted).toBeGreaterThan(15);
  });

  it("getParamImportances: Optuna's defaults (PED-ANOVA, normalised), some params, a target", async () => {
    const s = await study(80);
    const all = getParamImportances(s);
    expect(Object.keys(all)).toEqual(Object.keys(pedAnovaImportances(s.trials, 'minimize')));
    expect(Object.values(all).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const raw = getParamImportances(s, { normalize: false });
    expect(raw).toEqual(pedAnovaImportances(s.trials, 'minimize'));
    expect(Object.keys(getParamImportances(s, { params: ['noise', 'a'] })).sort()).toEqual([
      'a',
      'noise',
    ]);
    // Explaining the negated value as "lower is better" is explaining the value maximised.
    const negated = getParamImportances(s, { target: (t) => -t.value!, normalize: false });
    expect(negated).toEqual(pedAnovaImportances(s.trials, 'maximize'));
    const fan = getParamImportances(s, { evaluator: new FanovaImportanceEvaluator({ seed: 1 }) });
    expect(Object.keys(fan)[0]).toBe('a');
    expect(() => getParamImportances(s, { params: ['lr'] })).toThrow(/parameter "lr"/);
    await expect(async () => getParamImportances(await study(1))).rejects.toThrow(
      /at least 2 completed trials \(this study has 1\)/,
    );
  });

  it('gives equal shares when every importance is 0, as Optuna normalises', async () => {
    const s = await study(2);
    expect(Object.values(getParamImportances(s))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});
