// The study API as a person who knows Optuna uses it: ask/tell, optimize with jobs, catch and a
// time budget, enqueued trials, define-by-run conditional spaces, pruning, and a study saved in a
// storage and loaded again that continues exactly as if it had never stopped.
import { describe, expect, it } from 'vitest';
import { bestTrialOf } from './best';
import { MedianPruner } from './pruners';
import { GridSampler } from './samplers/grid';
import { RandomSampler } from './samplers/random';
import { createSampler } from './samplers/registry';
import { TPESampler } from './samplers/tpe/sampler';
import { InMemoryStorage } from './storage';
import type { Objective } from './optimize';
import { createStudy, loadStudy } from './create-study';
import { TrialPruned, type Trial } from './trial';
import type { Sampler } from './types';

const quadratic: Objective = (t) => {
  const x = t.suggestFloat('x', -10, 10);
  const n = t.suggestInt('n', 1, 5);
  const c = t.suggestCategorical('c', ['a', 'b', 'c']);
  return (x - 2) ** 2 + n + (c === 'b' ? 0 : 1);
};

describe('ask and tell', () => {
  it('completes, fails on NaN, prunes with the last reported value, and refuses a second tell', async () => {
    const study = await createStudy({ direction: 'maximize', seed: 1 });
    const a = study.ask();
    a.suggestFloat('x', 0, 1);
    study.tell(a, 3);
    const b = study.ask();
    study.tell(b.number, NaN);
    const c = study.ask();
    c.report(0.5, 0);
    c.report(0.7, 3);
    study.tell(c, 'PRUNED');
    expect(study.trials.map((t) => [t.state, t.value])).toEqual([
      ['COMPLETE', 3],
      ['FAIL', null],
      ['PRUNED', 0.7],
    ]);
    expect(study.trials[1].systemAttrs.fail_reason).toMatch(/NaN/);
    expect(study.trials[2].systemAttrs.fail_reason).toBe('Pruned at step 3.');
    expect(() => study.tell(a, 4)).toThrow(/already COMPLETE/);
    expect(() => a.suggestFloat('y', 0, 1)).toThrow(/only a running trial/);
    expect(study.bestValue).toBe(3);
  });

  it('gives no best trial before one completes, with a message', async () => {
    const study = await createStudy();
    expect(() => study.bestTrial).toThrow(/No trial has completed yet/);
  });

  it('the best trial: completed trials only, the earliest on a tie, per direction', async () => {
    for (const direction of ['minimize', 'maximize'] as const) {
      const study = await createStudy({ direction });
      for (const value of [2, 1, 3, 1, 3]) study.tell(study.ask(), value);
      const pruned = study.ask();
      pruned.report(direction === 'minimize' ? -5 : 50, 0);
      study.tell(pruned, 'PRUNED');
      study.tell(study.ask(), NaN);
      expect(study.bestTrial.number).toBe(direction === 'minimize' ? 1 : 2);
      expect(bestTrialOf(study.trials, direction)?.number).toBe(study.bestTrial.number);
    }
    expect(bestTrialOf([], 'minimize')).toBeUndefined();
  });

  it('keeps a parameter suggested twice in a trial, and refuses a changed kind or choices', async () => {
    const study = await createStudy({ seed: 3 });
    const t = study.ask();
    const x = t.suggestFloat('x', 0, 1);
    expect(t.suggestFloat('x', 0, 1)).toBe(x);
    expect(() => t.suggestInt('x', 0, 1)).toThrow(/one name, one kind/);
    t.suggestCategorical('c', ['a', 'b']);
    study.tell(t, 1);
    expect(() => study.ask().suggestCategorical('c', ['a', 'z'])).toThrow(/cannot change/);
  });
});

describe('optimize', () => {
  it('runs nTrials, and TPE beats random search at the median of 10 seeds', async () => {
    const sphere: Objective = (t) =>
      ['a', 'b', 'c'].reduce((s, k) => s + (t.suggestFloat(k, -5, 5) - 1) ** 2, 0);
    const median = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
    const best = async (sampler: (seed: number) => Sampler) => {
      const out: number[] = [];
      for (let seed = 0; seed < 10; seed++) {
        const study = await createStudy({ sampler: sampler(seed) });
        await study.optimize(sphere, { nTrials: 40 });
        expect(study.trials).toHaveLength(40);
        out.push(study.bestValue);
      }
      return median(out);
    };
    const tpe = await best((seed) => new TPESampler({ seed }));
    const random = await best((seed) => new RandomSampler({ seed }));
    expect(tpe).toBeLessThan(random / 2);
  });

  it('runs nJobs trials at once and every trial ends', async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 4, constantLiar: true }) });
    let running = 0;
    let most = 0;
    await study.optimize(
      async (t) => {
        running++;
        most = Math.max(most, running);
        const v = quadratic(t) as number;
        await new Promise((r) => setTimeout(r, 2));
        running--;
        return v;
      },
      { nTrials: 30, nJobs: 3 },
    );
    expect(most).toBe(3);
    expect(study.trials.filter((t) => t.state === 'COMPLETE')).toHaveLength(30);
  });

  it('fails a trial whose objective throws: caught ones let the study go on, others end it', async () => {
    const study = await createStudy({ seed: 5 });
    class Flaky extends Error {}
    let k = 0;
    const objective: Objective = (t) => {
      t.suggestFloat('x', 0, 1);
      if (++k % 3 === 0) throw new Flaky('out of memory');
      return k;
    };
    await study.optimize(objective, { nTrials: 9, catch: [Flaky] });
    expect(study.trials.filter((t) => t.state === 'FAIL')).toHaveLength(3);
    expect(study.trials[2].systemAttrs.fail_reason).toBe('out of memory');
    await expect(study.optimize(objective, { nTrials: 9 })).rejects.toThrow('out of memory');
    expect(study.trials.at(-1)!.state).toBe('FAIL');
    expect(study.trials).toHaveLength(12);
  });

  it('stops starting trials when the time budget is spent', async () => {
    const study = await createStudy({ seed: 6 });
    const started = Date.now();
    await study.optimize(
      async (t) => {
        await new Promise((r) => setTimeout(r, 20));
        return t.suggestFloat('x', 0, 1);
      },
      { timeout: 0.15 },
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(study.trials.length).toBeGreaterThanOrEqual(3);
    expect(study.trials.every((t) => t.state === 'COMPLETE')).toBe(true);
  });

  it('stops on study.stop() and on an aborted signal, after the running trial', async () => {
    const study = await createStudy({ seed: 7 });
    await study.optimize(
      (t) => {
        if (t.number === 4) study.stop();
        return t.suggestFloat('x', 0, 1);
      },
      { nTrials: 100 },
    );
    expect(study.trials).toHaveLength(5);
    const controller = new AbortController();
    await study.optimize(
      (t) => {
        if (t.number === 7) controller.abort();
        return t.suggestFloat('x', 0, 1);
      },
      { signal: controller.signal },
    );
    expect(study.trials).toHaveLength(8);
  });

  it('turns TrialPruned into a PRUNED trial, and a pruner stops poor curves', async () => {
    const study = await createStudy({
      sampler: new RandomSampler({ seed: 8 }),
      pruner: new MedianPruner({ nStartupTrials: 3, nWarmupSteps: 1 }),
    });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', 0, 1);
        for (let step = 0; step < 10; step++) {
          t.report(x * (10 - step), step);
          if (t.shouldPrune()) throw new TrialPruned();
        }
        return x;
      },
      { nTrials: 30 },
    );
    const pruned = study.trials.filter((t) => t.state === 'PRUNED');
    expect(pruned.length).toBeGreaterThan(3);
    for (const t of pruned)
      expect(t.value).toBe(t.intermediateValues.get(Math.max(...t.intermediateValues.keys())));
  });

  it('refuses bad budgets with what is allowed', async () => {
    const study = await createStudy();
    await expect(study.optimize(quadratic, { nTrials: -1 })).rejects.toThrow(/nTrials/);
    await expect(study.optimize(quadratic, { nJobs: 0 })).rejects.toThrow(/nJobs/);
    await expect(study.optimize(quadratic, { timeout: -2 })).rejects.toThrow(/timeout/);
  });
});

describe('define-by-run', () => {
  it('samples conditional parameters only where the objective asks for them', async () => {
    const study = await createStudy({ seed: 9 });
    await study.optimize(
      (t) => {
        const layers = t.suggestInt('layers', 1, 3);
        let s = 0;
        for (let i = 0; i < layers; i++) s += t.suggestInt(`units_${i}`, 4, 64, { log: true });
        return s;
      },
      { nTrials: 30 },
    );
    for (const t of study.trials) {
      const layers = t.params.layers as number;
      expect(Object.keys(t.params).sort()).toEqual(
        ['layers', ...Array.from({ length: layers }, (_, i) => `units_${i}`)].sort(),
      );
    }
  });
});

describe('enqueueTrial', () => {
  it('runs queued parameters first, samples the rest, and skips duplicates when asked', async () => {
    const study = await createStudy({ seed: 10 });
    study.enqueueTrial({ x: 1.5, c: 'c' });
    study.enqueueTrial({ x: 1.5, c: 'c' }, { skipIfExists: true });
    study.enqueueTrial({ x: -3 });
    await study.optimize(quadratic, { nTrials: 3 });
    const [a, b, c] = study.trials;
    expect([a.params.x, a.params.c, b.params.x]).toEqual([1.5, 'c', -3]);
    expect(typeof c.params.x).toBe('number');
    expect(study.trials).toHaveLength(3);
  });
});

describe('samplers', () => {
  const run = async (make: () => ReturnType<typeof createSampler>) => {
    const study = await createStudy({ sampler: make() });
    await study.optimize(quadratic, { nTrials: 25 });
    return study.trials.map((t) => t.params);
  };

  it.each([
    ['TPESampler', () => new TPESampler({ seed: 11 }), () => new TPESampler({ seed: 12 })],
    [
      'TPESampler multivariate',
      () => new TPESampler({ seed: 11, multivariate: true }),
      () => new TPESampler({ seed: 12, multivariate: true }),
    ],
    ['RandomSampler', () => new RandomSampler({ seed: 11 }), () => new RandomSampler({ seed: 12 })],
  ])('%s gives the same trials for a seed, and others for another seed', async (_, make, other) => {
    expect(await run(make)).toEqual(await run(make));
    expect(await run(make)).not.toEqual(await run(other));
  });

  it('are rebuilt from their logged name and settings, and sample alike', async () => {
    const original = new TPESampler({ seed: 13, multivariate: true, nStartupTrials: 5 });
    const rebuilt = createSampler(original.name, JSON.parse(JSON.stringify(original.settings())));
    expect(rebuilt.settings()).toEqual(original.settings());
    expect(await run(() => rebuilt)).toEqual(
      await run(() => new TPESampler({ seed: 13, multivariate: true, nStartupTrials: 5 })),
    );
    expect(() => createSampler('CmaEsSamplr')).toThrow(
      /There is no sampler "CmaEsSamplr"; the samplers: AutoSampler, GPSampler, TPESampler/,
    );
    expect(() => createSampler('TPESampler', { nStartup: 3 })).toThrow(/has no option "nStartup"/);
  });

  it('GridSampler covers its grid exactly once, then stops the study', async () => {
    const grid = new GridSampler(
      { lr: [0.1, 0.01, 0.001], layers: [1, 2], act: ['relu', 'tanh'] },
      { seed: 3 },
    );
    const study = await createStudy({ sampler: grid });
    await study.optimize(
      (t) =>
        t.suggestCategorical('lr', [0.1, 0.01, 0.001]) * t.suggestInt('layers', 1, 2) +
        (t.suggestCategorical('act', ['relu', 'tanh']) === 'relu' ? 1 : 0),
      { nTrials: 100, nJobs: 2 },
    );
    const seen = study.trials.map((t) =>
      JSON.stringify([t.params.lr, t.params.layers, t.params.act]),
    );
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(grid.isExhausted(study)).toBe(true);
  });
});

describe('storage', () => {
  it('a loaded study has every trial and continues as the uninterrupted one does', async () => {
    const make = () => new TPESampler({ seed: 21, multivariate: true, constantLiar: true });
    const whole = await createStudy({ studyName: 'w', sampler: make() });
    await whole.optimize(quadratic, { nTrials: 30 });

    const storage = new InMemoryStorage();
    const first = await createStudy({ studyName: 's', storage, sampler: make() });
    await first.optimize(quadratic, { nTrials: 30 });
    const again = await loadStudy({ studyName: 's', storage, sampler: make() });
    expect(again.trials).toEqual(first.trials);
    const shape = (t: { params: unknown; value: unknown }) => [t.params, t.value];
    expect(again.trials.map(shape)).toEqual(whole.trials.map(shape));
  });

  it('keeps the attributes samplers and pruners set, so a grid continues where it stopped', async () => {
    const storage = new InMemoryStorage();
    const space = { a: [1, 2, 3, 4], b: ['x', 'y'] };
    const objective = (t: Trial) =>
      t.suggestCategorical('a', [1, 2, 3, 4]) +
      (t.suggestCategorical('b', ['x', 'y']) === 'x' ? 0 : 10);
    const first = await createStudy({ studyName: 'g', storage, sampler: new GridSampler(space) });
    await first.optimize(objective, { nTrials: 5 });
    const again = await loadStudy({ studyName: 'g', storage, sampler: new GridSampler(space) });
    expect(again.trials.map((t) => t.systemAttrs.grid_id)).toEqual([0, 1, 2, 3, 4]);
    await again.optimize(objective, { nTrials: 50 });
    const points = again.trials.map((t) => `${t.params.a}${t.params.b}`);
    expect(points).toHaveLength(8);
    expect(new Set(points).size).toBe(8);
  });

  it('refuses a second study of one name unless asked to load it, and names the saved ones', async () => {
    const storage = new InMemoryStorage();
    await createStudy({ studyName: 'one', storage });
    await expect(createStudy({ studyName: 'one', storage })).rejects.toThrow(/already exists/);
    const loaded = await createStudy({ studyName: 'one', storage, loadIfExists: true });
    expect(loaded.studyName).toBe('one');
    await expect(loadStudy({ studyName: 'two', storage })).rejects.toThrow(/saved studies: "one"/);
  });
});
