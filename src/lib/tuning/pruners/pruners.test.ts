/**
 * Unit tests of the pruners on hand-built trials: defaults, warm-up and interval rules, NaN
 * handling, direction, option checks (successive halving and Hyperband: halving.test.ts). Parity with real Optuna is proven separately by
 * tests/interop/tuning-pruners.test.ts; the expected numbers here were taken from numpy/Optuna 4.9.
 */
import { describe, expect, it } from 'vitest';
import { completed, study, trial } from './fixtures';
import { createPruner, MedianPruner, NopPruner, PercentilePruner, PRUNERS } from './index';
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
