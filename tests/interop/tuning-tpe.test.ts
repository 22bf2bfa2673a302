/**
 * Tracklab's TPE against real Optuna 4.9 (optuna_tpe.py in the interop venv): the Parzen
 * estimator's log density and its seeded draws on fixed cases covering every kind of parameter,
 * univariate and multivariate; the good/bad split with completed, pruned and running trials in
 * both directions; and whole seeded studies, trial by trial.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  categoricalDistribution,
  floatDistribution,
  intDistribution,
  type Distribution,
} from '$lib/tuning/distributions';
import { RandomState } from '$lib/tuning/rng';
import { ParzenEstimator, defaultWeights } from '$lib/tuning/samplers/tpe/parzen-estimator';
import { splitTrials, TPESampler, type TPESamplerOptions } from '$lib/tuning/samplers/tpe/sampler';
import { createStudy } from '$lib/tuning/create-study';
import type { Trial } from '$lib/tuning/trial';
import type { Direction, FrozenTrial, StudyView, TrialState } from '$lib/tuning/types';
import { VENV_BIN } from '../../scripts/env.js';
import { random } from './seeded';
import { branin, hartmann6 } from '../../bench/harness-tune/functions';

type Value = number | 'nan' | 'inf' | '-inf';
const decode = (v: Value): number =>
  typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;
const encode = (v: number): Value =>
  Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v;

const dir = mkdtempSync(join(tmpdir(), 'tracklab-tpe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs requests through Optuna; answers one result per request. */
function optuna<T>(requests: object[]): T[] {
  const file = join(dir, `req-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(requests));
  const out = execFileSync(join(VENV_BIN, 'python'), ['tests/interop/optuna_tpe.py', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as T[];
}

/** Relative closeness for values that went through different libm builds. */
function close(a: number, b: number, tol = 1e-9): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

const SPACES: Record<string, Distribution>[] = [
  { x: floatDistribution(-5, 10) },
  { lr: floatDistribution(1e-5, 1, { log: true }) },
  { d: floatDistribution(0, 0.5, { step: 0.05 }) },
  { n: intDistribution(1, 9) },
  { u: intDistribution(2, 512, { log: true }) },
  { c: categoricalDistribution(['relu', 'tanh', 'gelu', null]) },
  {
    x: floatDistribution(-5, 10),
    lr: floatDistribution(1e-5, 1, { log: true }),
    n: intDistribution(0, 20, { step: 4 }),
    u: intDistribution(2, 512, { log: true }),
    c: categoricalDistribution([1, 2.5, 'a']),
  },
];

/** An observed or probe value of a distribution, in internal form, drawn from `rnd`. */
function draw(d: Distribution, rnd: () => number): number {
  if (d.type === 'categorical') return Math.floor(rnd() * d.choices.length);
  if (d.log) {
    const v = Math.exp(Math.log(d.low) + rnd() * (Math.log(d.high) - Math.log(d.low)));
    if (d.step === null) return v;
    return Math.min(d.high, Math.max(d.low, Math.round((v - d.low) / d.step) * d.step + d.low));
  }
  const v = d.low + rnd() * (d.high - d.low);
  if (d.step === null) return v;
  return Math.min(d.high, Math.round((v - d.low) / d.step) * d.step + d.low);
}

describe('Parzen estimator', () => {
  const cases: {
    space: Record<string, Distribution>;
    observations: Record<string, number[]>;
    multivariate: boolean;
    points: Record<string, number[]>;
    seed: number;
    nDraws: number;
  }[] = [];
  const rnd = random(2026);
  /** How many distinct values a distribution has (categorical and stepped ones are few). */
  const distinct = (d: Distribution) =>
    d.type === 'categorical'
      ? d.choices.length
      : d.step === null || d.log
        ? Infinity
        : Math.floor((d.high - d.low) / d.step) + 1;
  for (const space of SPACES) {
    const names = Object.keys(space);
    for (const n of [0, 1, 2, 7, 30, 60]) {
      for (const multivariate of [false, true]) {
        // Tied numeric observations are sorted by NumPy's argsort, whose order for ties is
        // platform-defined (SIMD sorts), and which sigma a tied kernel gets follows it; so numeric
        // observations are distinct here, and ties are checked below where the order cannot matter.
        const numeric = names.filter((k) => space[k].type !== 'categorical');
        if (numeric.some((k) => distinct(space[k]) < n)) continue;
        const observations: Record<string, number[]> = {};
        for (const k of names) {
          const seen = new Set<number>();
          observations[k] = [];
          while (observations[k].length < n) {
            const v = draw(space[k], rnd);
            if (space[k].type !== 'categorical' && seen.has(v)) continue;
            seen.add(v);
            observations[k].push(v);
          }
        }
        const points = Object.fromEntries(
          names.map((k) => [k, Array.from({ length: 40 }, () => draw(space[k], rnd))]),
        );
        cases.push({ space, observations, multivariate, points, seed: cases.length, nDraws: 24 });
      }
    }
  }
  // Ties with equal weights (fewer than 26 observations): the density does not depend on their order.
  for (const space of SPACES.slice(2, 5)) {
    const k = Object.keys(space)[0];
    const observations = { [k]: Array.from({ length: 20 }, () => draw(space[k], rnd)) };
    const points = { [k]: Array.from({ length: 40 }, () => draw(space[k], rnd)) };
    cases.push({ space, observations, multivariate: false, points, seed: -1, nDraws: 0 });
  }
  it(`log density and seeded draws equal Optuna's on ${cases.length} fixed cases`, () => {
    const theirs = optuna<{ logPdf: Value[]; draws: Record<string, number[]> }>(
      cases.map((c) => ({ kind: 'parzen', ...c })),
    );
    let compared = 0;
    cases.forEach((c, i) => {
      const mpe = new ParzenEstimator(c.observations, c.space, {
        priorWeight: 1,
        considerMagicClip: true,
        considerEndpoints: false,
        weights: defaultWeights,
        multivariate: c.multivariate,
      });
      const mine = mpe.logPdf(c.points);
      theirs[i].logPdf.forEach((v, j) => {
        expect(close(mine[j], decode(v)), `case ${i} point ${j}: ${mine[j]} vs ${String(v)}`).toBe(
          true,
        );
        compared++;
      });
      if (c.seed < 0) return;
      const draws = mpe.sample(new RandomState(c.seed), c.nDraws);
      for (const [name, values] of Object.entries(theirs[i].draws)) {
        values.forEach((v, j) => {
          expect(
            close(draws[name][j], v),
            `case ${i} draw ${name}[${j}]: ${draws[name][j]} vs ${v}`,
          ).toBe(true);
          compared++;
        });
      }
    });
    console.log(`Parzen estimator: ${compared} densities and draws compared with Optuna`);
  });
});

describe('split into good and bad trials', () => {
  interface Spec {
    number: number;
    state: TrialState;
    value: Value | null;
    intermediate: [number, Value][];
  }
  const rnd = random(7);
  const scenarios: { direction: Direction; trials: Spec[]; nBelow: number }[] = [];
  for (let s = 0; s < 60; s++) {
    const direction: Direction = s % 2 ? 'maximize' : 'minimize';
    const trials: Spec[] = [];
    const n = 1 + Math.floor(rnd() * 40);
    for (let number = 0; number < n; number++) {
      const r = rnd();
      const state: TrialState = r < 0.55 ? 'COMPLETE' : r < 0.85 ? 'PRUNED' : 'RUNNING';
      // Ties and infinities on purpose: the split must order them as Python's stable sort does.
      const pick = rnd();
      const value =
        pick < 0.1
          ? Infinity
          : pick < 0.15
            ? -Infinity
            : pick < 0.4
              ? Math.round(rnd() * 4)
              : rnd() * 10;
      const steps = state === 'PRUNED' ? Math.floor(rnd() * 5) : 0;
      const intermediate: [number, Value][] = Array.from({ length: steps }, (_, k) => [
        k * 2,
        encode(rnd() < 0.1 ? NaN : Math.round(rnd() * 6)),
      ]);
      trials.push({
        number,
        state,
        value: state === 'COMPLETE' ? encode(value) : null,
        intermediate,
      });
    }
    scenarios.push({ direction, trials, nBelow: Math.floor(rnd() * (n + 3)) });
  }

  it('puts the same trials below and above as Optuna, in 60 scenarios', () => {
    const theirs = optuna<{ below: number[]; above: number[] }>(
      scenarios.map((s) => ({ kind: 'split', ...s })),
    );
    scenarios.forEach((s, i) => {
      const trials: FrozenTrial[] = s.trials.map((t) => ({
        number: t.number,
        state: t.state,
        value: t.value === null ? null : decode(t.value),
        params: {},
        distributions: {},
        intermediateValues: new Map(t.intermediate.map(([k, v]) => [k, decode(v)])),
        userAttrs: {},
        systemAttrs: {},
        datetimeStart: 0,
        datetimeComplete: null,
      }));
      const view: StudyView = { studyName: 's', direction: s.direction, getTrials: () => trials };
      const [below, above] = splitTrials(view, trials, s.nBelow);
      expect(
        { below: below.map((t) => t.number), above: above.map((t) => t.number) },
        `scenario ${i}`,
      ).toEqual(theirs[i]);
    });
  });
});

// ── whole studies ─────────────────────────────────────────────────────────────────────────────

const OBJECTIVES: Record<string, (t: Trial) => number> = {
  branin: (t) => branin(t.suggestFloat('x', -5, 10), t.suggestFloat('y', 0, 15)),
  hartmann6: (t) => hartmann6([0, 1, 2, 3, 4, 5].map((i) => t.suggestFloat(`x${i}`, 0, 1))),
  mixed: (t) => {
    const lr = t.suggestFloat('lr', 1e-4, 1e-1, { log: true });
    const drop = t.suggestFloat('dropout', 0, 0.5, { step: 0.1 });
    const layers = t.suggestInt('layers', 1, 4);
    const units = t.suggestInt('units', 8, 256, { log: true });
    const act = t.suggestCategorical('activation', ['relu', 'tanh', 'gelu']) as string;
    const extra = act === 'relu' ? t.suggestFloat('momentum', 0.5, 0.99) : 0.7;
    const bias = ({ relu: 0, tanh: 0.3, gelu: 0.1 } as Record<string, number>)[act];
    return (
      (Math.log10(lr) + 2.5) ** 2 +
      (drop - 0.2) ** 2 +
      Math.abs(layers - 2) * 0.3 +
      (Math.log2(units) - 6) ** 2 * 0.1 +
      bias +
      (extra - 0.9) ** 2
    );
  },
};

describe('whole seeded studies', () => {
  const runs: { objective: string; seed: number; nTrials: number; options: TPESamplerOptions }[] =
    [];
  for (const seed of [0, 1, 2]) {
    runs.push({ objective: 'branin', seed, nTrials: 40, options: {} });
    runs.push({ objective: 'hartmann6', seed, nTrials: 40, options: {} });
    runs.push({ objective: 'branin', seed, nTrials: 40, options: { multivariate: true } });
    runs.push({ objective: 'mixed', seed, nTrials: 40, options: {} });
    runs.push({
      objective: 'mixed',
      seed,
      nTrials: 40,
      options: { multivariate: true, group: true },
    });
  }

  it('sample the same trials as Optuna for the same seed', async () => {
    const theirs = optuna<{ params: Record<string, unknown>; value: Value }[]>(
      runs.map(({ seed, ...r }) => ({ kind: 'study', seed, ...r })),
    );
    const report: string[] = [];
    for (const [i, r] of runs.entries()) {
      const study = await createStudy({ sampler: new TPESampler({ seed: r.seed, ...r.options }) });
      await study.optimize(OBJECTIVES[r.objective], { nTrials: r.nTrials });
      let same = 0;
      for (const [k, t] of study.trials.entries()) {
        const o = theirs[i][k];
        const equal =
          Object.keys(o.params).length === Object.keys(t.params).length &&
          Object.entries(o.params).every(([name, v]) =>
            typeof v === 'number' ? close(t.params[name] as number, v, 1e-9) : t.params[name] === v,
          );
        if (!equal) break;
        same++;
      }
      report.push(
        `${r.objective} seed ${r.seed} ${JSON.stringify(r.options)}: ${same}/${r.nTrials}`,
      );
      // Continuous spaces, and multivariate ones (no sorting), follow Optuna trial for trial.
      // A univariate mixed space parts ways at the first exact tie (two choices whose density
      // ratios are equal on paper, or tied integers sorted by NumPy's platform-defined argsort),
      // which rounding settles differently: after the random start-up at the earliest.
      const exact = r.objective !== 'mixed' || r.options.multivariate;
      expect(same, `${r.objective} seed ${r.seed}`).toBeGreaterThanOrEqual(exact ? r.nTrials : 10);
    }
    console.log(`trials equal to Optuna's, in order:\n  ${report.join('\n  ')}`);
  });
});
