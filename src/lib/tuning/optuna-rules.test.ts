// The study API where a person who knows Optuna 4.9 expects its exact rules: what a told or
// returned result means, misuse that must throw and leave the trial running, trials added from
// outside (create_trial / add_trial), enqueueing with skip_if_exists, get_trials' copies,
// ask(fixed_distributions), a parameter's scale, report's step, and the pruners' positional
// constructors. Each expectation was checked against Optuna 4.9 in Python.
import { describe, expect, it } from 'vitest';
import { createTrial } from './add-trial';
import { createStudy, loadStudy } from './create-study';
import { floatDistribution, intDistribution, type Distribution } from './distributions';
import { MedianPruner, PatientPruner, PercentilePruner } from './pruners';
import { RandomSampler } from './samplers/random';
import { TPESampler } from './samplers/tpe/sampler';
import { InMemoryStorage } from './storage';

const states = (s: { trials: { state: string; value: number | null }[] }) =>
  s.trials.map((t) => [t.state, t.value]);

describe('what a result means', () => {
  it('fails a trial whose objective returns nothing or no number, and goes on', async () => {
    const study = await createStudy({ seed: 0 });
    const returns: unknown[] = [undefined, '1.5', [0.5], [1, 2], null, 2];
    await study.optimize(
      ((t: { suggestFloat: (n: string, a: number, b: number) => number }) => {
        t.suggestFloat('x', 0, 1);
        return returns.shift();
      }) as never,
      { nTrials: 6 },
    );
    expect(states(study)).toEqual([
      ['FAIL', null],
      ['FAIL', null],
      ['COMPLETE', 0.5],
      ['FAIL', null],
      ['FAIL', null],
      ['COMPLETE', 2],
    ]);
    const reasons = study.trials.map((t) => t.systemAttrs.fail_reason);
    expect(reasons[0]).toBe('The objective returned undefined, not a number; the trial failed.');
    expect(reasons[1]).toBe('The objective returned "1.5", not a number; the trial failed.');
    expect(reasons[3]).toMatch(/returned 2 values \(\[1, 2\]\), and the study has one objective/);
  });

  it('fails a trial told nothing, completes one told a list of one value', async () => {
    const study = await createStudy({ seed: 0 });
    expect(study.tell(study.ask()).state).toBe('FAIL');
    expect(study.tell(study.ask(), [2]).value).toBe(2);
    expect(study.tell(study.ask(), { value: 3 }).value).toBe(3);
    expect(study.tell(study.ask(), Infinity).state).toBe('COMPLETE');
  });

  it('refuses misuse and leaves the trial running', async () => {
    const study = await createStudy({ seed: 0 });
    const t = study.ask();
    t.report(0.4, 1);
    expect(() => study.tell(t, { state: 'PRUNED', value: 1 })).toThrow(
      /PRUNED trial is told no value/,
    );
    expect(() => study.tell(t, { state: 'FAIL', value: 1 })).toThrow(/FAIL trial is told no value/);
    expect(() => study.tell(t, 'COMPLETE')).toThrow(/COMPLETE trial is told its value/);
    expect(() => study.tell(t, { state: 'COMPLETE', value: NaN })).toThrow(/NaN/);
    expect(() => study.tell(t, 'RUNNING')).toThrow(/got "RUNNING"/);
    expect(() => study.tell(t, '1.5' as never)).toThrow(/got "1.5"/);
    expect(study.trials[0].state).toBe('RUNNING');
    expect(study.tell(t, 'PRUNED').value).toBe(0.4);
  });

  it("hands out trials with Optuna's values, duration and lastStep, kept out of the data", async () => {
    const study = await createStudy({ seed: 0 });
    const t = study.ask();
    t.report(0.9, 0);
    t.report(0.7, 4);
    const told = study.tell(t, 0.7);
    const running = study.ask();
    expect([told.values, told.lastStep]).toEqual([[0.7], 4]);
    expect(told.duration).toBe(told.datetimeComplete! - told.datetimeStart!);
    const [, open] = study.trials;
    expect([open.values, open.duration, open.lastStep]).toEqual([null, null, null]);
    expect(Object.keys(study.bestTrial)).not.toContain('values');
    expect(structuredClone(study.bestTrial)).not.toHaveProperty('duration');
    study.tell(running, 'FAIL');
  });

  it('returns a finished trial as it is when told again with skipIfFinished', async () => {
    const study = await createStudy({ seed: 0 });
    const t = study.ask();
    study.tell(t, 1);
    expect(() => study.tell(t, 2)).toThrow(/already COMPLETE/);
    expect(study.tell(t, 2, { skipIfFinished: true }).value).toBe(1);
  });

  it('refuses an option optimize does not have, which would run without end', async () => {
    const study = await createStudy({ seed: 0 });
    await expect(study.optimize(() => 1, { n_trials: 3 } as never)).rejects.toThrow(
      /optimize has no option "n_trials" \(its options: nTrials,/,
    );
    await study.optimize(() => 1, { nTrials: 1, gcAfterTrial: true, showProgressBar: false });
    expect(study.trials).toHaveLength(1);
  });

  it('catches one error class given alone, as catch=ValueError', async () => {
    const study = await createStudy({ seed: 0 });
    await study.optimize(
      () => {
        throw new RangeError('bad point');
      },
      { nTrials: 2, catch: RangeError },
    );
    expect(states(study)).toEqual([
      ['FAIL', null],
      ['FAIL', null],
    ]);
  });
});

describe('trials added from outside', () => {
  const x = floatDistribution(0, 10);

  it('checks a created trial as Optuna does', () => {
    expect(() => createTrial({ params: { x: 1 }, distributions: { x } })).toThrow(
      /needs its value/,
    );
    expect(() => createTrial({ value: 1, params: { x: 1 } })).toThrow(/different parameters/);
    expect(() => createTrial({ value: 1, params: { x: 11 }, distributions: { x } })).toThrow(
      /value 11 of parameter "x" is not in its distribution/,
    );
    expect(() => createTrial({ values: [1, 2] })).toThrow(/one objective/);
    expect(() => createTrial({ state: 'FAIL', value: 1 })).toThrow(/FAIL trial has no value/);
    expect(createTrial({ values: [4] }).value).toBe(4);
  });

  it('adds finished trials that the best value, pruners and a reloaded study all see', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ studyName: 's', storage, pruner: new MedianPruner() });
    study.addTrials(
      [1, 2, 3, 4, 5].map((v) =>
        createTrial({
          value: v,
          params: { x: v },
          distributions: { x },
          intermediateValues: { 0: v },
        }),
      ),
    );
    study.addTrial(createTrial({ state: 'FAIL', systemAttrs: { fail_reason: 'diverged' } }));
    expect(study.bestValue).toBe(1);
    expect(study.bestParams).toEqual({ x: 1 });
    // The median at step 0 is 3: a trial at 4 is pruned, one at 2 is not.
    const worse = study.ask();
    worse.report(4, 0);
    expect(worse.shouldPrune()).toBe(true);
    const better = study.ask();
    better.report(2, 0);
    expect(better.shouldPrune()).toBe(false);
    await study.flush();
    const again = await loadStudy({ studyName: 's', storage });
    expect(again.trials.slice(0, 6).map((t) => [t.number, t.state, t.value, t.params])).toEqual([
      ...[1, 2, 3, 4, 5].map((v, i) => [i, 'COMPLETE', v, { x: v }]),
      [5, 'FAIL', null, {}],
    ]);
    expect(again.trials[2].intermediateValues.get(0)).toBe(3);
    expect(again.trials[5].systemAttrs.fail_reason).toBe('diverged');
  });

  it('queues a WAITING trial and refuses a parameter of another kind', async () => {
    const study = await createStudy({ seed: 0 });
    study.addTrial(createTrial({ state: 'WAITING', params: { x: 7 }, distributions: { x } }));
    expect(study.ask().suggestFloat('x', 0, 10)).toBe(7);
    const n = intDistribution(0, 10);
    expect(() =>
      study.addTrial(createTrial({ value: 1, params: { x: 1 }, distributions: { x: n } })),
    ).toThrow(/as float before and as int now/);
  });
});

describe('more of Optuna’s rules', () => {
  it('takes directions as a list of one, and refuses two, both forms, or a misspelt option', async () => {
    expect((await createStudy({ directions: ['maximize'] })).direction).toBe('maximize');
    await expect(createStudy({ directions: ['minimize', 'maximize'] })).rejects.toThrow(
      /one objective/,
    );
    await expect(createStudy({ direction: 'minimize', directions: ['minimize'] })).rejects.toThrow(
      /direction or directions, not both/,
    );
    await expect(createStudy({ directon: 'maximize' } as never)).rejects.toThrow(
      /createStudy has no option "directon"/,
    );
  });

  it("flattens trials into Optuna's trials_dataframe columns", async () => {
    const study = await createStudy({ seed: 0 });
    const t = study.ask();
    t.suggestFloat('b', 0, 1);
    t.suggestInt('a', 1, 3);
    t.setUserAttr('note', 'x');
    t.report(0.5, 10);
    t.report(0.4, 2);
    study.tell(t, 1);
    const u = study.ask();
    u.suggestFloat('b', 0, 1);
    study.tell(u, 'PRUNED');
    // The columns Optuna 4.9 gives for the same two trials (checked in Python).
    const rows = study.trialsDataframe();
    expect(Object.keys(rows[0])).toEqual([
      'number',
      'value',
      'datetime_start',
      'datetime_complete',
      'duration',
      'params_a',
      'params_b',
      'user_attrs_note',
      'state',
    ]);
    expect(rows[1]).toMatchObject({ number: 1, value: null, params_a: null, state: 'PRUNED' });
    expect(rows[0].datetime_start).toBeInstanceOf(Date);
    expect(typeof rows[0].duration).toBe('number');
    const steps = study.trialsDataframe(['number', 'intermediate_values', 'state']);
    expect(Object.keys(steps[0])).toEqual([
      'number',
      'intermediate_values_2',
      'intermediate_values_10',
      'state',
    ]);
    expect(() => study.trialsDataframe(['nubmer' as never])).toThrow(/no attribute "nubmer"/);
  });

  it('skips an enqueued point within a relative 1e-5 of one tried, as np.isclose', async () => {
    const study = await createStudy({ seed: 0 });
    study.enqueueTrial({ x: 1 });
    study.enqueueTrial({ x: 1.000001 }, { skipIfExists: true });
    study.enqueueTrial({ x: 1.1 }, { skipIfExists: true });
    study.enqueueTrial({ x: 1, y: 2 }, { skipIfExists: true });
    expect(study.trials.map((t) => t.systemAttrs.fixed_params)).toEqual([
      { x: 1 },
      { x: 1.1 },
      { x: 1, y: 2 },
    ]);
  });

  it('gives copies from getTrials({ states }) unless deepcopy is false', async () => {
    const study = await createStudy({ seed: 0 });
    study.tell(study.ask(), 1);
    study.ask();
    const copies = study.getTrials({ states: ['COMPLETE'] });
    expect(copies.map((t) => t.number)).toEqual([0]);
    copies[0].value = 99;
    expect(study.bestValue).toBe(1);
    const own = study.getTrials({ deepcopy: false });
    expect(own.length).toBe(2);
    expect(own[0]).toBe(study.getTrials({ deepcopy: false })[0]);
  });

  it('samples fixed distributions at ask', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    // The console names it FloatDistribution, and `new` works on it as on Optuna's class.
    const FloatDistribution = floatDistribution as unknown as new (
      ...a: Parameters<typeof floatDistribution>
    ) => Distribution;
    const t = study.ask({ lr: new FloatDistribution(1e-4, 1, { log: true }) });
    expect(Object.keys(t.params)).toEqual(['lr']);
    expect(t.suggestFloat('lr', 1e-4, 1, { log: true })).toBe(t.params.lr);
  });

  it('refuses one name on a log scale and then a linear one, in a trial or across trials', async () => {
    const study = await createStudy({ seed: 0 });
    const a = study.ask();
    a.suggestFloat('lr', 1e-4, 1, { log: true });
    expect(() => a.suggestFloat('lr', 1e-4, 1)).toThrow(/on a log scale before and on a linear/);
    study.tell(a, 1);
    const b = study.ask();
    expect(() => b.suggestFloat('lr', 1e-4, 1)).toThrow(/one name, one scale/);
  });

  it('truncates a report’s step and an enqueued int as int() does', async () => {
    const study = await createStudy({ seed: 0 });
    study.enqueueTrial({ n: 2.7 });
    const t = study.ask();
    expect(t.suggestInt('n', 0, 10)).toBe(2);
    t.report(0.5, 2.5);
    expect([...study.trials[0].intermediateValues]).toEqual([[2, 0.5]]);
    expect(() => t.report(0.5, NaN)).toThrow(TypeError);
    expect(() => t.report(0.5, -1)).toThrow(/cannot be negative/);
  });

  it('builds pruners from positional arguments; samplers and pruners refuse unknown options', () => {
    expect(new PercentilePruner(25, { nWarmupSteps: 3 }).settings()).toMatchObject({
      percentile: 25,
      nWarmupSteps: 3,
    });
    const patient = new PatientPruner(new MedianPruner(), 3, 0.5);
    expect([patient.patience, patient.minDelta]).toEqual([3, 0.5]);
    // Optuna's snake_case, ignored before, would have left every default in place.
    expect(() => new TPESampler({ n_startup_trials: 5 } as never)).toThrow(
      /TPESampler has no option "n_startup_trials" \(its options: seed, nStartupTrials,/,
    );
    expect(() => new RandomSampler({ seed: 1, sed: 2 } as never)).toThrow(/no option "sed"/);
    // Optuna's warning switch has nothing to switch here, and is accepted.
    expect(new TPESampler({ warnIndependentSampling: false }).name).toBe('TPESampler');
    expect(() => new MedianPruner({ nWarmUpSteps: 5 } as never)).toThrow(
      /MedianPruner has no option "nWarmUpSteps"/,
    );
  });
});
