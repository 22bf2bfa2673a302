/**
 * Unit tests of the pruners on hand-built trials: defaults, warm-up and interval rules, NaN
 * handling, direction, option checks. Parity with real Optuna is proven separately by
 * tests/interop/tuning-pruners.test.ts; the expected numbers here were taken from numpy/Optuna 4.9.
 */
import { describe, expect, it } from 'vitest';
import { completed, study, trial } from './fixtures';
import { correctlyRoundedLog, crc32 } from './hyperband';
import {
  createPruner,
  HyperbandPruner,
  MedianPruner,
  NopPruner,
  PercentilePruner,
  PRUNERS,
  SuccessiveHalvingPruner,
} from './index';
import { nanPercentile } from './percentile';

describe('NopPruner', () => {
  it('never prunes and has no settings', () => {
    const p = new NopPruner();
    const t = trial(5, 'RUNNING', [NaN]);
    expect(p.prune()).toBe(false);
    expect(p.name).toBe('NopPruner');
    expect(p.settings()).toEqual({});
    expect(t.systemAttrs).toEqual({});
  });
});

describe('nanPercentile (numpy linear)', () => {
  it('interpolates, drops NaN and gives NaN next to an infinity as numpy does', () => {
    expect(nanPercentile([1, 2, 3, 4], 25)).toBe(1.75);
    expect(nanPercentile([1, NaN, 3], 50)).toBe(2);
    expect(nanPercentile([3, 1, 2], 100)).toBe(3);
    expect(nanPercentile([5], 50)).toBe(5);
    expect(nanPercentile([1, Infinity, 2], 25)).toBe(1.5);
    expect(nanPercentile([1, Infinity], 50)).toBeNaN();
    expect(nanPercentile([Infinity], 50)).toBeNaN();
    expect(nanPercentile([NaN, NaN], 50)).toBeNaN();
    expect(nanPercentile([], 50)).toBeNaN();
  });

  it('rounds as numpy does', () => {
    expect(nanPercentile([0.1, 0.2, 0.7], 66.7)).toBe(0.367);
    expect(nanPercentile([0.1, 0.2, 0.7], 100 - 66.7)).toBe(0.1666);
    expect(nanPercentile([0.3, 0.1, 0.2, 0.7, 0.25], 90)).toBe(0.54);
  });
});

describe('MedianPruner', () => {
  it("has Optuna's defaults", () => {
    expect(new MedianPruner().settings()).toEqual({
      nStartupTrials: 5,
      nWarmupSteps: 0,
      intervalSteps: 1,
      nMinTrials: 1,
    });
    expect(new MedianPruner().name).toBe('MedianPruner');
  });

  it('waits for nStartupTrials completed trials, then prunes a trial worse than the median', () => {
    const p = new MedianPruner();
    const done = completed(4, [1, 1, 1]);
    const bad = trial(4, 'RUNNING', [5]);
    expect(p.prune(study([...done, bad]), bad)).toBe(false);
    const five = [...completed(5, [1, 1, 1]), trial(5, 'RUNNING', [5])];
    expect(p.prune(study(five), five[5])).toBe(true);
    // Pruned and failed trials do not count as completed.
    const others = [...done, trial(4, 'PRUNED', [1]), trial(5, 'FAIL', [1]), bad];
    expect(p.prune(study(others), bad)).toBe(false);
  });

  it('compares the best value so far, not the last one', () => {
    const p = new MedianPruner({ nStartupTrials: 1 });
    const done = [trial(0, 'COMPLETE', [3, 2, 1]), trial(1, 'COMPLETE', [3, 2, 1])];
    const t = trial(2, 'RUNNING', [0.5, 4, 4]);
    expect(p.prune(study([...done, t]), t)).toBe(false);
  });

  it('does not prune a trial equal to the median', () => {
    const p = new MedianPruner({ nStartupTrials: 1 });
    const done = [trial(0, 'COMPLETE', [1]), trial(1, 'COMPLETE', [3])];
    const t = trial(2, 'RUNNING', [2]);
    expect(p.prune(study([...done, t]), t)).toBe(false);
    t.intermediateValues.set(0, 2.0000001);
    expect(p.prune(study([...done, t]), t)).toBe(true);
  });

  it('never prunes before any trial completes, even with nStartupTrials 0', () => {
    const p = new MedianPruner({ nStartupTrials: 0 });
    const t = trial(0, 'RUNNING', [NaN]);
    expect(p.prune(study([t]), t)).toBe(false);
  });

  it('never prunes a trial that has not reported', () => {
    const p = new MedianPruner({ nStartupTrials: 1 });
    const t = trial(1, 'RUNNING', []);
    expect(p.prune(study([trial(0, 'COMPLETE', [1]), t]), t)).toBe(false);
  });

  it('flips with the direction', () => {
    const p = new MedianPruner({ nStartupTrials: 1 });
    const done = [trial(0, 'COMPLETE', [1]), trial(1, 'COMPLETE', [3])];
    const low = trial(2, 'RUNNING', [1.5]);
    const high = trial(3, 'RUNNING', [2.5]);
    const all = [...done, low, high];
    expect(p.prune(study(all, 'minimize'), low)).toBe(false);
    expect(p.prune(study(all, 'minimize'), high)).toBe(true);
    expect(p.prune(study(all, 'maximize'), low)).toBe(true);
    expect(p.prune(study(all, 'maximize'), high)).toBe(false);
  });

  it('skips the warm-up steps', () => {
    const p = new MedianPruner({ nStartupTrials: 1, nWarmupSteps: 2 });
    const done = [trial(0, 'COMPLETE', [0, 0, 0, 0])];
    const t = trial(1, 'RUNNING', [9]);
    expect(p.prune(study([...done, t]), t)).toBe(false);
    t.intermediateValues.set(1, 9);
    expect(p.prune(study([...done, t]), t)).toBe(false);
    t.intermediateValues.set(2, 9);
    expect(p.prune(study([...done, t]), t)).toBe(true);
  });

  it('checks every intervalSteps from the warm-up, and at the next report after a skipped check', () => {
    const p = new MedianPruner({ nStartupTrials: 1, nWarmupSteps: 1, intervalSteps: 3 });
    const done = [trial(0, 'COMPLETE', Array<number>(12).fill(0))];
    const decide = (steps: number[]) => {
      const t = trial(1, 'RUNNING', Object.fromEntries(steps.map((s) => [s, 9])));
      return p.prune(study([...done, t]), t);
    };
    // Check points: 1, 4, 7, 10.
    expect([0, 1, 2, 3, 4, 5].map((last) => decide([...Array(last + 1).keys()]))).toEqual([
      false,
      true,
      false,
      false,
      true,
      false,
    ]);
    // Reports at 0, 3, 6: step 6 comes first after check point 4, so it is checked.
    expect(decide([0, 3, 6])).toBe(true);
    // Reports at 5, 6: 6 is not the first report after check point 4.
    expect(decide([5, 6])).toBe(false);
  });

  it('prunes a trial that has reported only NaN, and ignores NaN in the others', () => {
    const p = new MedianPruner({ nStartupTrials: 2 });
    const done = [
      trial(0, 'COMPLETE', [NaN]),
      trial(1, 'COMPLETE', [1]),
      trial(2, 'COMPLETE', [NaN]),
    ];
    const nan = trial(3, 'RUNNING', [NaN]);
    expect(p.prune(study([...done, nan]), nan)).toBe(true);
    // The median over [1] (NaN dropped): 1.5 is worse.
    const t = trial(4, 'RUNNING', [1.5]);
    expect(p.prune(study([...done, t]), t)).toBe(true);
    // A NaN among the trial's own values is skipped when taking its best.
    const mixed = trial(5, 'RUNNING', [0.5, NaN]);
    expect(p.prune(study([...done, mixed]), mixed)).toBe(false);
    // Every completed value NaN: no percentile, no pruning.
    const allNan = [trial(0, 'COMPLETE', [NaN]), trial(1, 'COMPLETE', [NaN])];
    expect(p.prune(study([...allNan, t]), t)).toBe(false);
  });

  it('needs nMinTrials completed reports at the step, NaN ones counted', () => {
    const p = new MedianPruner({ nStartupTrials: 1, nMinTrials: 3 });
    const t = trial(3, 'RUNNING', { 0: 9, 2: 9 });
    const two = [trial(0, 'COMPLETE', [1, 1, 1]), trial(1, 'COMPLETE', { 0: 1, 2: 1 })];
    expect(p.prune(study([...two, trial(2, 'COMPLETE', [1, 1]), t]), t)).toBe(false);
    expect(p.prune(study([...two, trial(2, 'COMPLETE', [1, 1, NaN]), t]), t)).toBe(true);
  });
});

describe('PercentilePruner', () => {
  it('keeps the given top percentile in either direction', () => {
    const done = [1, 2, 3, 4, 5].map((v, i) => trial(i, 'COMPLETE', [v]));
    const t = trial(5, 'RUNNING', [1.9]);
    // Minimize, 25th percentile of 1..5 is 2: 1.9 is kept, 2.1 is not.
    const p = new PercentilePruner({ percentile: 25 });
    expect(p.prune(study([...done, t]), t)).toBe(false);
    t.intermediateValues.set(0, 2.1);
    expect(p.prune(study([...done, t]), t)).toBe(true);
    // Maximize: the threshold is the 75th percentile, 4.
    t.intermediateValues.set(0, 4);
    expect(p.prune(study([...done, t], 'maximize'), t)).toBe(false);
    t.intermediateValues.set(0, 3.9);
    expect(p.prune(study([...done, t], 'maximize'), t)).toBe(true);
  });

  it('logs its settings', () => {
    expect(new PercentilePruner({ percentile: 10, nWarmupSteps: 3 }).settings()).toEqual({
      percentile: 10,
      nStartupTrials: 5,
      nWarmupSteps: 3,
      intervalSteps: 1,
      nMinTrials: 1,
    });
  });

  it('rejects bad options, naming the option and its range', () => {
    const make = (o: Record<string, unknown>) => () =>
      new PercentilePruner({ percentile: 50, ...o } as never);
    expect(make({ percentile: 101 })).toThrow(
      'PercentilePruner: percentile must be a number from 0 to 100 (got 101).',
    );
    expect(make({ percentile: NaN })).toThrow(
      'percentile must be a number from 0 to 100 (got NaN)',
    );
    expect(make({ nStartupTrials: -1 })).toThrow(
      'PercentilePruner: nStartupTrials must be a whole number ≥ 0 (got -1).',
    );
    expect(make({ nWarmupSteps: 1.5 })).toThrow(
      'nWarmupSteps must be a whole number ≥ 0 (got 1.5)',
    );
    expect(make({ intervalSteps: 0 })).toThrow('intervalSteps must be a whole number ≥ 1 (got 0)');
    expect(make({ nMinTrials: '2' })).toThrow('nMinTrials must be a whole number ≥ 1 (got "2")');
    expect(() => new MedianPruner({ nMinTrials: 0 })).toThrow(
      'MedianPruner: nMinTrials must be a whole number ≥ 1 (got 0).',
    );
  });
});

describe('SuccessiveHalvingPruner', () => {
  it("has Optuna's defaults", () => {
    expect(new SuccessiveHalvingPruner().settings()).toEqual({
      minResource: 'auto',
      reductionFactor: 4,
      minEarlyStoppingRate: 0,
      bootstrapCount: 0,
    });
  });

  it("with minResource 'auto', waits for a completed trial and takes a hundredth of its steps", () => {
    const p = new SuccessiveHalvingPruner();
    const t = trial(1, 'RUNNING', { 0: 5, 1: 5 });
    const running = trial(0, 'RUNNING', { 400: 0 });
    expect(p.prune(study([running, t]), t)).toBe(false);
    expect(t.systemAttrs).toEqual({});
    // The longest completed trial ends at step 250: minResource 2, so step 1 is before rung 0.
    const done = [trial(0, 'COMPLETE', { 250: 0 }), trial(2, 'COMPLETE', { 90: 0 })];
    expect(p.prune(study([...done, t]), t)).toBe(false);
    t.intermediateValues.set(2, 5);
    // Rung 0 holds only this trial's value: it is the best, so promoted.
    expect(p.prune(study([...done, t]), t)).toBe(false);
    expect(t.systemAttrs).toEqual({ completed_rung_0: 5 });
    // minResource stays 2 though a longer trial completes later.
    const longer = [trial(0, 'COMPLETE', { 900: 0 }), t];
    t.intermediateValues.set(8, 5);
    expect(p.prune(study(longer), t)).toBe(false);
    expect(t.systemAttrs).toEqual({ completed_rung_0: 5, completed_rung_1: 5 });
  });

  it('promotes the best 1/reductionFactor at each rung, the best alone while the rung is small', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    const rung = (n: number, v: number) => {
      const t = trial(n, 'PRUNED', [v, v]);
      t.systemAttrs.completed_rung_0 = v;
      return t;
    };
    // One other value, 1: with 2 values the best 1 goes on, so 2 is pruned and 0.5 is not.
    const others = [rung(0, 1)];
    const worse = trial(1, 'RUNNING', [2, 2]);
    expect(p.prune(study([...others, worse]), worse)).toBe(true);
    expect(worse.systemAttrs).toEqual({ completed_rung_0: 2 });
    // Now [1, 2, 1.5]: 3 // 2 - 1 = 0, still the best alone.
    const mid = trial(2, 'RUNNING', [1.5, 1.5]);
    expect(p.prune(study([...others, worse, mid]), mid)).toBe(true);
    // Four values [1, 2, 1.5, 1.2]: the best two go on, 1.2 among them.
    const good = trial(3, 'RUNNING', [1.2, 1.2]);
    expect(p.prune(study([...others, worse, mid, good]), good)).toBe(false);
    expect(good.systemAttrs).toEqual({ completed_rung_0: 1.2 });
    // Maximize: the largest are best.
    const high = trial(4, 'RUNNING', [1.8, 1.8]);
    expect(p.prune(study([...others, worse, mid, high], 'maximize'), high)).toBe(false);
  });

  it('climbs several rungs in one call and counts its own value once', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    const t = trial(0, 'RUNNING', { 5: 3 });
    // Alone in the study: promoted past rungs 0 (step 1) and 1 (step 2) and 2 (step 4).
    expect(p.prune(study([t]), t)).toBe(false);
    expect(t.systemAttrs).toEqual({
      completed_rung_0: 3,
      completed_rung_1: 3,
      completed_rung_2: 3,
    });
  });

  it('prunes a NaN at a rung, and not between rungs', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 2, minEarlyStoppingRate: 1 });
    const t = trial(0, 'RUNNING', { 0: NaN });
    expect(p.prune(study([t]), t)).toBe(false);
    t.intermediateValues.set(8, NaN);
    expect(p.prune(study([t]), t)).toBe(true);
    expect(t.systemAttrs).toEqual({});
  });

  it('prunes while a rung holds no more than bootstrapCount values', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 1, bootstrapCount: 2 });
    const first = trial(0, 'RUNNING', [0, 0]);
    expect(p.prune(study([first]), first)).toBe(true);
    const second = trial(1, 'RUNNING', [0, 0]);
    expect(p.prune(study([first, second]), second)).toBe(true);
    const third = trial(2, 'RUNNING', [0, 0]);
    expect(p.prune(study([first, second, third]), third)).toBe(false);
  });

  it('rejects bad options', () => {
    expect(() => new SuccessiveHalvingPruner({ minResource: 0 })).toThrow(
      'SuccessiveHalvingPruner: minResource must be a whole number ≥ 1 (got 0).',
    );
    expect(() => new SuccessiveHalvingPruner({ minResource: 'max' as 'auto' })).toThrow(
      'minResource must be a whole number ≥ 1 (got "max")',
    );
    expect(() => new SuccessiveHalvingPruner({ reductionFactor: 1 })).toThrow(
      'reductionFactor must be a whole number ≥ 2 (got 1)',
    );
    expect(() => new SuccessiveHalvingPruner({ minEarlyStoppingRate: -1 })).toThrow(
      'minEarlyStoppingRate must be a whole number ≥ 0 (got -1)',
    );
    expect(() => new SuccessiveHalvingPruner({ bootstrapCount: 1 })).toThrow(
      "bootstrapCount > 0 needs a numeric minResource, not 'auto'",
    );
  });
});

describe('HyperbandPruner', () => {
  it('hashes as zlib and takes logs as Python does', () => {
    expect(crc32('123456789')).toBe(3421780262);
    expect(crc32('étude_3')).toBe(2584895610);
    expect(correctlyRoundedLog(3)).toBe(1.0986122886681098);
    expect(correctlyRoundedLog(1)).toBe(0);
    // Python's log(243, 3) is 4.999…: a 243-step study gets 5 brackets, not 6.
    expect(correctlyRoundedLog(243) / correctlyRoundedLog(3)).toBe(4.999999999999999);
    expect(correctlyRoundedLog(1 / 3)).toBe(-1.0986122886681098);
  });

  it("has Optuna's defaults", () => {
    expect(new HyperbandPruner().settings()).toEqual({
      minResource: 1,
      maxResource: 'auto',
      reductionFactor: 3,
      bootstrapCount: 0,
    });
  });

  it("puts each trial in Optuna's bracket and gives a sampler only that bracket's trials", () => {
    // maxResource 27, η 3: 4 brackets with budgets 27, 12, 6, 4 (Optuna's brackets for "hb").
    const p = new HyperbandPruner({ maxResource: 27 });
    const trials = Array.from({ length: 12 }, (_, i) => trial(i, 'RUNNING', []));
    const view = study(trials, 'minimize', 'hb');
    // Before the first prune call the brackets do not exist: every trial is in bracket 0.
    expect(p.filterStudy(view, trials[1]).getTrials()).toHaveLength(12);
    expect(p.prune(view, trials[0])).toBe(false);
    const brackets = [0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 3, 0];
    const numbers = (b: number) => brackets.flatMap((x, i) => (x === b ? [i] : []));
    expect(
      p
        .filterStudy(view, trials[0])
        .getTrials()
        .map((t) => t.number),
    ).toEqual(numbers(0));
    expect(
      p
        .filterStudy(view, trials[1])
        .getTrials()
        .map((t) => t.number),
    ).toEqual(numbers(1));
    expect(
      p
        .filterStudy(view, trials[10])
        .getTrials()
        .map((t) => t.number),
    ).toEqual([10]);
    trials[3].state = 'COMPLETE';
    expect(
      p
        .filterStudy(view, trials[0])
        .getTrials(['COMPLETE'])
        .map((t) => t.number),
    ).toEqual([3]);
  });

  it('runs successive halving within the bracket, bracket b starting at minResource · η^b', () => {
    const p = new HyperbandPruner({ maxResource: 27 });
    // Trial 10 is alone in bracket 3 (first rung at step 27); trials 0 and 3 share bracket 0.
    const t0 = trial(0, 'RUNNING', [1, 1]);
    const t3 = trial(3, 'RUNNING', [2, 2]);
    const t10 = trial(10, 'RUNNING', [9, 9]);
    const view = study([t0, t3, t10], 'minimize', 'hb');
    expect(p.prune(view, t0)).toBe(false);
    expect(p.prune(view, t3)).toBe(true);
    expect(p.prune(view, t10)).toBe(false);
    expect(t10.systemAttrs).toEqual({});
  });

  it("with maxResource 'auto', waits for a completed trial", () => {
    const p = new HyperbandPruner();
    const t = trial(1, 'RUNNING', [5, 5, 5]);
    const running = trial(0, 'RUNNING', [0, 0, 0]);
    expect(p.prune(study([running, t]), t)).toBe(false);
    expect(t.systemAttrs).toEqual({});
    running.state = 'COMPLETE';
    p.prune(study([running, t]), t);
    expect(Object.keys(t.systemAttrs).length).toBeGreaterThan(0);
  });

  it('never prunes when maxResource is below minResource (no brackets, as in Optuna)', () => {
    const p = new HyperbandPruner({ minResource: 5, maxResource: 2 });
    const t = trial(0, 'RUNNING', [NaN, NaN, NaN, NaN, NaN, NaN]);
    expect(p.prune(study([t]), t)).toBe(false);
    expect(p.filterStudy(study([t]), t).getTrials()).toEqual([t]);
  });

  it('rejects bad options', () => {
    expect(() => new HyperbandPruner({ minResource: 0 })).toThrow(
      'HyperbandPruner: minResource must be a whole number ≥ 1 (got 0).',
    );
    expect(() => new HyperbandPruner({ maxResource: 0 })).toThrow(
      'maxResource must be a whole number ≥ 1 (got 0)',
    );
    expect(() => new HyperbandPruner({ reductionFactor: 1 })).toThrow(
      'reductionFactor must be a whole number ≥ 2 (got 1)',
    );
    expect(() => new HyperbandPruner({ bootstrapCount: 1 })).toThrow(
      "bootstrapCount > 0 needs a numeric maxResource, not 'auto'",
    );
  });
});

describe('registry', () => {
  it('builds each pruner by its Optuna class name', () => {
    expect(Object.keys(PRUNERS)).toEqual([
      'NopPruner',
      'MedianPruner',
      'PercentilePruner',
      'SuccessiveHalvingPruner',
      'HyperbandPruner',
      'PatientPruner',
    ]);
    for (const name of Object.keys(PRUNERS)) {
      const options =
        name === 'PercentilePruner'
          ? { percentile: 25 }
          : name === 'PatientPruner'
            ? { patience: 2 }
            : {};
      expect(createPruner(name, options).name).toBe(name);
    }
    expect(createPruner('MedianPruner', { nWarmupSteps: 3 }).settings()).toMatchObject({
      nWarmupSteps: 3,
    });
  });

  it('names what is wrong', () => {
    expect(() => createPruner('Median')).toThrow(
      'No pruner named "Median" (pruners: NopPruner, MedianPruner, PercentilePruner, SuccessiveHalvingPruner, HyperbandPruner, PatientPruner).',
    );
    expect(() => createPruner('toString')).toThrow('No pruner named "toString"');
    expect(() => createPruner('MedianPruner', { nWarmUpSteps: 3 })).toThrow(
      'MedianPruner has no option "nWarmUpSteps" (its options: nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials).',
    );
    expect(() => createPruner('NopPruner', { seed: 1 })).toThrow(
      'NopPruner has no option "seed" (its options: none).',
    );
    expect(() => createPruner('PercentilePruner')).toThrow(
      'PercentilePruner: percentile must be a number from 0 to 100 (got undefined).',
    );
  });
});
