/**
 * Tracklab's pruners against real Optuna 4.9: seeded scenarios (curves with NaN, infinities,
 * noise, ties and skipped steps, in both directions, with trials interleaved so others are
 * RUNNING at decision time) are run step by step by optuna_pruners.py on a real Optuna study and
 * here on Tracklab's pruners over a small in-memory study, and every decision must be the same —
 * as must the trials' final states, the rung values Successive Halving records, and the trials a
 * Hyperband sampler would learn from. Needs no MLflow server, but runs with the interop suite for
 * its Python venv.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createPruner, type PrunerOptions } from '$lib/tuning/pruners';
import type { Direction, FrozenTrial, StudyView, TrialState } from '$lib/tuning/types';
import { VENV_BIN } from '../../scripts/env.js';
import { random } from './seeded';

/** A reported value as JSON carries it: non-finite ones as strings. */
type Value = number | 'nan' | 'inf' | '-inf';

interface Scenario {
  studyName: string;
  direction: Direction;
  pruner: { name: string; options: PrunerOptions };
  /** Per trial, its reports as [step, value]. */
  trials: [number, Value][][];
  /** Trial indices, each the next report of that trial. */
  schedule: number[];
}

interface Outcome {
  decisions: [number, number, boolean][];
  states: TrialState[];
  rungs: Record<string, Value>[];
  filtered: number[][];
}

function encode(v: number): Value {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v;
}

function decode(v: Value): number {
  return typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;
}

interface Shape {
  /** Last step of a full trial; each trial ends somewhere in [minLast, lastStep]. */
  lastStep: number;
  minLast?: number;
  /** Chance that a step is not reported (steps skipped). */
  skip?: number;
  /** Report only every `every` steps (the last step always). */
  every?: number;
  /** Chance of a NaN report, and of a trial reporting only NaN. */
  nan?: number;
  allNan?: number;
  /** Chance of an infinite report (towards the worse side). */
  inf?: number;
  noise?: number;
  /** Values rounded to this grid, so that trials tie. */
  grid?: number;
  /** Trials running at once. */
  concurrency: number;
  trials?: number;
}

/**
 * Learning curves: each trial has a quality q and its loss falls from about 1 towards q (for
 * maximize, the score rises from about 0 towards 1 - q), with noise. Trials start in order and
 * up to `concurrency` report in turn, picked at random.
 */
function scenario(
  name: string,
  direction: Direction,
  pruner: { name: string; options: PrunerOptions },
  shape: Shape,
  seed: number,
): Scenario {
  const r = random(seed);
  const nTrials = shape.trials ?? 40 + Math.floor(r() * 9);
  const trials: [number, Value][][] = [];
  for (let i = 0; i < nTrials; i++) {
    const q = r();
    const rate = 2 + 4 * r();
    const allNan = r() < (shape.allNan ?? 0);
    const minLast = shape.minLast ?? shape.lastStep;
    const last = minLast + Math.floor(r() * (shape.lastStep - minLast + 1));
    const reports: [number, Value][] = [];
    for (let step = 0; step <= last; step++) {
      const onGrid = step % (shape.every ?? 1) === 0;
      if (step !== last && (!onGrid || r() < (shape.skip ?? 0))) continue;
      let loss = q + (1 - q) * Math.exp((-rate * step) / (shape.lastStep + 1));
      loss += (shape.noise ?? 0.02) * (r() - 0.5);
      if (shape.grid) loss = Math.round(loss / shape.grid) * shape.grid;
      let v = direction === 'minimize' ? loss : 1 - loss;
      if (r() < (shape.inf ?? 0)) v = direction === 'minimize' ? Infinity : -Infinity;
      if (allNan || r() < (shape.nan ?? 0)) v = NaN;
      reports.push([step, encode(v)]);
    }
    trials.push(reports);
  }
  const schedule: number[] = [];
  const left = trials.map((t) => t.length);
  const active: number[] = [];
  let next = 0;
  while (next < nTrials || active.length) {
    // A new trial reports at once, so trials are asked for in order and numbered as indexed.
    const start = next < nTrials && active.length < shape.concurrency;
    const k = start ? active.push(next++) - 1 : Math.floor(r() * active.length);
    const i = active[k];
    schedule.push(i);
    if (--left[i] === 0) active.splice(k, 1);
  }
  return { studyName: `tracklab-${name}-${direction}`, direction, pruner, trials, schedule };
}

/** What a pruner reads of a study, kept as the in-test schedule runs. */
class MiniStudy implements StudyView {
  readonly trials: FrozenTrial[] = [];
  constructor(
    readonly studyName: string,
    readonly direction: Direction,
  ) {}

  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[] {
    return this.trials.filter((t) => !states || states.includes(t.state));
  }

  ask(): FrozenTrial {
    const trial: FrozenTrial = {
      number: this.trials.length,
      state: 'RUNNING',
      value: null,
      params: {},
      distributions: {},
      intermediateValues: new Map(),
      userAttrs: {},
      systemAttrs: {},
      datetimeStart: Date.now(),
      datetimeComplete: null,
    };
    this.trials.push(trial);
    return trial;
  }
}

let busyDecisions = 0;

/** The scenario on Tracklab's pruner, by the rules optuna_pruners.py follows. */
function runHere(s: Scenario): Outcome {
  const pruner = createPruner(s.pruner.name, s.pruner.options);
  const study = new MiniStudy(s.studyName, s.direction);
  const reported = s.trials.map(() => 0);
  const out: Outcome = { decisions: [], states: [], rungs: [], filtered: [] };
  for (const i of s.schedule) {
    const trial = reported[i] === 0 ? study.ask() : study.trials[i];
    if (trial.state !== 'RUNNING') continue;
    const [step, encoded] = s.trials[i][reported[i]++];
    const value = decode(encoded);
    trial.intermediateValues.set(step, value);
    // As Optuna's trial.should_prune: the pruner is given the whole study.
    const pruned = pruner.prune(study, trial);
    if (study.trials.some((t) => t !== trial && t.state === 'RUNNING')) busyDecisions++;
    out.decisions.push([i, step, pruned]);
    if (pruner.filterStudy) {
      out.filtered.push(
        pruner
          .filterStudy(study, trial)
          .getTrials()
          .map((t) => t.number),
      );
    }
    if (pruned || reported[i] === s.trials[i].length) {
      // Optuna fails a trial told NaN.
      trial.state = pruned ? 'PRUNED' : Number.isNaN(value) ? 'FAIL' : 'COMPLETE';
      trial.value = Number.isNaN(value) ? null : value;
      trial.datetimeComplete = Date.now();
    }
  }
  out.states = study.trials.map((t) => t.state);
  out.rungs = study.trials.map((t) =>
    Object.fromEntries(
      Object.entries(t.systemAttrs)
        .filter(([k]) => k.startsWith('completed_rung_'))
        .map(([k, v]) => [k, encode(v as number)]),
    ),
  );
  return out;
}

const CONFIGS: [string, { name: string; options: PrunerOptions }, Shape][] = [
  ['nop', { name: 'NopPruner', options: {} }, { lastStep: 14, minLast: 6, concurrency: 3 }],
  [
    'median-default',
    { name: 'MedianPruner', options: {} },
    { lastStep: 19, minLast: 8, nan: 0.03, allNan: 0.08, concurrency: 4 },
  ],
  [
    'median-custom',
    {
      name: 'MedianPruner',
      options: { nStartupTrials: 3, nWarmupSteps: 4, intervalSteps: 3, nMinTrials: 4 },
    },
    { lastStep: 24, minLast: 10, skip: 0.35, nan: 0.04, noise: 0.1, concurrency: 5 },
  ],
  [
    'percentile-25',
    { name: 'PercentilePruner', options: { percentile: 25 } },
    { lastStep: 19, skip: 0.2, grid: 0.05, concurrency: 2 },
  ],
  [
    'percentile-custom',
    {
      name: 'PercentilePruner',
      options: {
        percentile: 66.7,
        nStartupTrials: 0,
        nWarmupSteps: 2,
        intervalSteps: 2,
        nMinTrials: 2,
      },
    },
    {
      lastStep: 16,
      minLast: 5,
      skip: 0.25,
      nan: 0.05,
      allNan: 0.05,
      inf: 0.04,
      noise: 0.2,
      concurrency: 6,
    },
  ],
  [
    'sha-default-long',
    { name: 'SuccessiveHalvingPruner', options: {} },
    { lastStep: 320, minLast: 200, every: 4, skip: 0.3, nan: 0.02, concurrency: 3 },
  ],
  [
    'sha-default-short',
    { name: 'SuccessiveHalvingPruner', options: {} },
    { lastStep: 30, minLast: 12, grid: 0.02, noise: 0.15, concurrency: 4 },
  ],
  [
    'sha-custom',
    {
      name: 'SuccessiveHalvingPruner',
      options: { minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1, bootstrapCount: 2 },
    },
    { lastStep: 60, minLast: 20, skip: 0.3, nan: 0.03, inf: 0.02, noise: 0.1, concurrency: 5 },
  ],
  [
    'hyperband-default',
    { name: 'HyperbandPruner', options: {} },
    { lastStep: 40, minLast: 25, skip: 0.2, nan: 0.03, noise: 0.1, concurrency: 4 },
  ],
  [
    'hyperband-custom',
    {
      name: 'HyperbandPruner',
      options: { minResource: 2, maxResource: 60, reductionFactor: 2, bootstrapCount: 1 },
    },
    { lastStep: 70, minLast: 30, skip: 0.3, grid: 0.01, noise: 0.1, concurrency: 3 },
  ],
  [
    'patient-median',
    {
      name: 'PatientPruner',
      options: { wrappedPruner: { name: 'MedianPruner', options: {} }, patience: 2 },
    },
    { lastStep: 19, minLast: 8, nan: 0.03, allNan: 0.05, noise: 0.15, concurrency: 4 },
  ],
  [
    'patient-alone',
    { name: 'PatientPruner', options: { wrappedPruner: null, patience: 3, minDelta: 0.02 } },
    { lastStep: 24, minLast: 10, skip: 0.2, nan: 0.04, inf: 0.02, noise: 0.2, concurrency: 3 },
  ],
  // 243 steps: V8's Math.log would make log_3(243) exactly 5 and give a sixth bracket; Python's
  // gives 4.999… and five.
  [
    'hyperband-243',
    { name: 'HyperbandPruner', options: {} },
    { lastStep: 242, every: 3, skip: 0.3, noise: 0.1, concurrency: 4 },
  ],
];

const SCENARIOS: Record<string, Scenario> = {};
CONFIGS.forEach(([name, pruner, shape], k) => {
  for (const direction of ['minimize', 'maximize'] as const) {
    SCENARIOS[`${name}-${direction}`] = scenario(
      name,
      direction,
      pruner,
      shape,
      1000 + 2 * k + +(direction === 'maximize'),
    );
  }
});

const dir = mkdtempSync(join(tmpdir(), 'tracklab-pruners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function optuna(): Record<string, Outcome> {
  const file = join(dir, 'scenarios.json');
  writeFileSync(file, JSON.stringify(SCENARIOS));
  const out = execFileSync(
    join(VENV_BIN, 'python'),
    [join(import.meta.dirname, 'optuna_pruners.py'), file],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(out);
}

it("every pruning decision equals Optuna 4.9's on seeded scenarios", () => {
  const reference = optuna();
  let decisions = 0;
  let pruned = 0;
  for (const [name, s] of Object.entries(SCENARIOS)) {
    const here = runHere(s);
    const there = reference[name];
    const first = here.decisions.findIndex(
      (d, k) => JSON.stringify(d) !== JSON.stringify(there.decisions[k]),
    );
    expect(
      first,
      `${name}: first differing decision [trial, step, pruned]: Tracklab ${JSON.stringify(here.decisions[first])}, Optuna ${JSON.stringify(there.decisions[first])}`,
    ).toBe(-1);
    expect(here.decisions.length, name).toBe(there.decisions.length);
    expect(here.states, `${name}: final states`).toEqual(there.states);
    expect(here.rungs, `${name}: rung system attrs`).toEqual(there.rungs);
    expect(here.filtered, `${name}: trials given to the sampler`).toEqual(there.filtered);
    const prunedHere = here.decisions.filter((d) => d[2]).length;
    // Each pruner but Nop prunes some trials and lets others finish, so both outcomes are tested.
    if (s.pruner.name !== 'NopPruner') {
      expect(prunedHere, `${name}: trials pruned`).toBeGreaterThan(0);
      expect(here.states, `${name}: a trial completes`).toContain('COMPLETE');
    }
    decisions += here.decisions.length;
    pruned += prunedHere;
  }
  console.log(
    `compared ${decisions} pruning decisions (${pruned} to prune, ${busyDecisions} taken while other trials ran) over ${Object.keys(SCENARIOS).length} scenarios: all equal to Optuna's`,
  );
  expect(decisions).toBeGreaterThanOrEqual(1000);
  expect(busyDecisions).toBeGreaterThan(decisions / 2);
});

it('the scenarios hold the cases they claim', () => {
  const all = Object.values(SCENARIOS);
  const reports = all.flatMap((s) => s.trials.flat());
  expect(reports.some(([, v]) => v === 'nan')).toBe(true);
  expect(reports.some(([, v]) => v === 'inf' || v === '-inf')).toBe(true);
  expect(all.every((s) => s.trials.length >= 40)).toBe(true);
  // Skipped steps: some trial reports step k + 2 without step k + 1.
  expect(
    all.some((s) => s.trials.some((t) => t.some(([step], k) => k > 0 && step - t[k - 1][0] > 1))),
  ).toBe(true);
  // A trial reporting only NaN.
  expect(all.some((s) => s.trials.some((t) => t.every(([, v]) => v === 'nan')))).toBe(true);
  expect(new Set(all.map((s) => s.direction))).toEqual(new Set(['minimize', 'maximize']));
});
