/**
 * Unit tests of SuccessiveHalvingPruner and HyperbandPruner on hand-built trials: Optuna's
 * defaults, rungs and brackets, 'auto' resources, NaN, option checks. Parity with real Optuna is
 * proven by tests/interop/tuning-pruners.test.ts; the expected numbers come from Optuna 4.9.
 */
import { describe, expect, it } from 'vitest';
import { study, trial } from './fixtures';
import { correctlyRoundedLog, crc32 } from './hyperband';
import { HyperbandPruner, SuccessiveHalvingPruner } from './index';

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
