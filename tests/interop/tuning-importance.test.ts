/**
 * PED-ANOVA importances against Optuna 4.9's PedAnovaImportanceEvaluator (optuna_importance.py in
 * the interop venv) on hand-made studies: every kind of parameter (log and stepped floats, plain,
 * log and stepped integers, choices), both directions, few and many trials, the evaluator's
 * options, and get_param_importances' own (normalize, params, target). Same values (1e-9) in the
 * same order.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  categoricalDistribution,
  floatDistribution,
  intDistribution,
  type Distribution,
  type ParamValue,
} from '$lib/tuning/distributions';
import { fanovaFromTrees, fanovaImportances } from '$lib/tuning/importance/fanova';
import type { Tree } from '$lib/tuning/importance/forest';
import { getParamImportances, PedAnovaImportanceEvaluator } from '$lib/tuning/importance';
import { type PedAnovaOptions } from '$lib/tuning/importance/ped-anova';
import type { Direction, FrozenTrial } from '$lib/tuning/types';
import { VENV_BIN } from '../../scripts/env.js';
import { random } from './seeded';

const dir = mkdtempSync(join(tmpdir(), 'tracklab-importance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPACE: Record<string, Distribution> = {
  lr: floatDistribution(1e-5, 1, { log: true }),
  dropout: floatDistribution(0, 0.5, { step: 0.05 }),
  x: floatDistribution(-3, 3),
  layers: intDistribution(1, 6),
  units: intDistribution(4, 512, { log: true }),
  batch: intDistribution(16, 256, { step: 16 }),
  act: categoricalDistribution(['relu', 'tanh', 'gelu', 'elu']),
};

function sample(d: Distribution, rnd: () => number): ParamValue {
  if (d.type === 'categorical') return d.choices[Math.floor(rnd() * d.choices.length)];
  if (d.log) {
    const v = Math.exp(Math.log(d.low) + rnd() * (Math.log(d.high) - Math.log(d.low)));
    return d.type === 'int' ? Math.min(d.high, Math.max(d.low, Math.round(v))) : v;
  }
  if (d.step !== null) {
    const k = Math.floor(rnd() * (Math.round((d.high - d.low) / d.step) + 1));
    return Number((d.low + k * d.step).toFixed(10));
  }
  return d.low + rnd() * (d.high - d.low);
}

interface Case {
  direction: Direction;
  distributions: Record<string, Distribution>;
  trials: { params: Record<string, ParamValue>; value: number }[];
  options: PedAnovaOptions;
  /** Through get_param_importances' own arguments: normalised, some params, the value negated. */
  normalize?: boolean;
  params?: string[];
  negate?: boolean;
}

const cases: Case[] = [];
const rnd = random(11);
for (const n of [2, 3, 5, 12, 40, 150, 400]) {
  for (const direction of ['minimize', 'maximize'] as Direction[]) {
    const names = Object.keys(SPACE).filter(() => rnd() < 0.8);
    if (!names.length) names.push('lr');
    const distributions = Object.fromEntries(names.map((k) => [k, SPACE[k]]));
    const trials = Array.from({ length: n }, () => {
      const params = Object.fromEntries(names.map((k) => [k, sample(SPACE[k], rnd)]));
      // Some params matter, some do not; ties in values on purpose.
      const lr = typeof params.lr === 'number' ? Math.abs(Math.log10(params.lr) + 2.5) : 0;
      const act = params.act === 'tanh' ? 0.5 : 0;
      const x = typeof params.x === 'number' ? (params.x - 1) ** 2 : 0;
      const value = Math.round((lr + act + x + rnd() * 0.3) * 100) / 100;
      return { params, value };
    });
    const options: PedAnovaOptions =
      n % 3 === 0
        ? { targetQuantile: 0.2, regionQuantile: 0.8 }
        : n % 5 === 0
          ? { evaluateOnLocal: false }
          : {};
    const k = cases.length % 4;
    cases.push({
      direction,
      distributions,
      trials,
      options,
      normalize: k === 1,
      params: k === 2 ? names.slice(0, 2) : undefined,
      negate: k === 3,
    });
  }
}

const asTrials = (c: Case): FrozenTrial[] =>
  c.trials.map((t, number) => ({
    number,
    state: 'COMPLETE',
    value: t.value,
    params: t.params,
    distributions: c.distributions,
    intermediateValues: new Map(),
    userAttrs: {},
    systemAttrs: {},
    datetimeStart: 0,
    datetimeComplete: 0,
  }));

it(`PED-ANOVA importances equal Optuna's on ${cases.length} studies`, () => {
  const file = join(dir, 'studies.json');
  writeFileSync(file, JSON.stringify(cases));
  const theirs = JSON.parse(
    execFileSync(join(VENV_BIN, 'python'), ['tests/interop/optuna_importance.py', file], {
      encoding: 'utf8',
    }),
  ) as [string, number][][];
  let compared = 0;
  cases.forEach((c, i) => {
    const trials = asTrials(c);
    const mine = Object.entries(
      getParamImportances(
        { direction: c.direction, trials },
        {
          evaluator: new PedAnovaImportanceEvaluator(c.options),
          normalize: c.normalize ?? false,
          params: c.params,
          target: c.negate ? (t) => -t.value! : undefined,
        },
      ),
    );
    expect(
      mine.map(([k]) => k),
      `case ${i} order`,
    ).toEqual(theirs[i].map(([k]) => k));
    mine.forEach(([k, v], j) => {
      const o = theirs[i][j][1];
      expect(
        Math.abs(v - o) <= 1e-9 * Math.max(1, Math.abs(o)),
        `case ${i} ${k}: ${v} vs ${o}`,
      ).toBe(true);
      compared++;
    });
  });
  console.log(`PED-ANOVA: ${compared} importances compared with Optuna's`);
});

interface FanovaOut {
  importances: [string, number][];
  names: string[];
  bounds: [number, number][];
  columns: number[][];
  trees: Tree[];
}

it("fANOVA: the decomposition equals Optuna's on its own forests, and the whole method ranks alike", () => {
  // Studies with a clear order of importance: x matters most, then lr, then the choice; noise last.
  const studies: (Case & { seed: number })[] = [];
  const r = random(5);
  for (const n of [30, 80, 200]) {
    const distributions = { lr: SPACE.lr, x: SPACE.x, act: SPACE.act, units: SPACE.units };
    const trials = Array.from({ length: n }, () => {
      const params = Object.fromEntries(
        Object.keys(distributions).map((k) => [k, sample(SPACE[k], r)]),
      );
      const value =
        ((params.x as number) - 1) ** 2 +
        3 * Math.abs(Math.log10(params.lr as number) + 2.5) +
        (params.act === 'tanh' ? 3 : 0) +
        r() * 0.05;
      return { params, value };
    });
    studies.push({ direction: 'minimize', distributions, trials, options: {}, seed: n });
  }
  const file = join(dir, 'fanova.json');
  writeFileSync(file, JSON.stringify(studies));
  const theirs = JSON.parse(
    execFileSync(join(VENV_BIN, 'python'), ['tests/interop/optuna_fanova.py', file], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  ) as FanovaOut[];
  studies.forEach((c, i) => {
    const o = theirs[i];
    // Exact: Optuna's trees, decomposed here.
    const fromTheirTrees = fanovaFromTrees(o.trees, o.bounds, o.columns);
    const byName = Object.fromEntries(o.importances);
    o.names.forEach((name, k) => {
      expect(Math.abs(fromTheirTrees[k] - byName[name]), `study ${i} ${name}`).toBeLessThan(1e-9);
    });
    // The whole method, with this forest (its own random draws, as scikit-learn's are its own):
    // the two that matter most in the same order, every value close. (Below them, with 30
    // trials, a forest fits noise as much as a weak effect, in either library.)
    const mine = fanovaImportances(asTrials(c), { seed: c.seed });
    expect(Object.keys(mine).slice(0, 2), `study ${i} order`).toEqual(
      o.importances.slice(0, 2).map(([k]) => k),
    );
    for (const [k, v] of o.importances)
      expect(Math.abs(mine[k] - v), `study ${i} ${k}`).toBeLessThan(0.08);
    console.log(
      `fANOVA study ${i} (${c.trials.length} trials): Optuna ${o.importances.map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}; Tracklab ${Object.entries(
        mine,
      )
        .map(([k, v]) => `${k} ${v.toFixed(3)}`)
        .join(', ')}`,
    );
  });
});
