// Sampling off the page: a GP-based sampler whose relative sample is made by its twin in the
// sampling worker (here a SamplerHost behind structuredClone, as postMessage copies) draws the
// very trials it draws on the page for the same seed; the page never fits the GP itself; and when
// the worker fails, the study goes on sampling on the page.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStudy } from '../create-study';
import type { Objective } from '../optimize';
import { HyperbandPruner, NopPruner } from '../pruners';
import { AutoSampler } from '../samplers/auto';
import { GPSampler, GP_RELATIVE_PARAMS_KEY } from '../samplers/gp/sampler';
import { RandomSampler } from '../samplers/random';
import { TPESampler } from '../samplers/tpe/sampler';
import { TrialPruned, type Trial } from '../trial';
import type { RelativeSample, Sampler } from '../types';
import { SamplerHost } from './host';
import { OffPageSampler, offPage, type SampleRemote } from './off-page';
import type { SampleRequest } from './protocol';

/** A worker in the same process: requests and replies copied as postMessage copies them. */
class LocalRemote implements SampleRemote {
  readonly host = new SamplerHost();
  readonly requests: Omit<SampleRequest, 'id'>[] = [];
  failFrom = Infinity;

  async sample(request: Omit<SampleRequest, 'id'>): Promise<RelativeSample> {
    const copy = structuredClone(request);
    this.requests.push(copy);
    await new Promise((r) => setTimeout(r, 0));
    if (this.requests.length >= this.failFrom) throw new Error('the sampling worker crashed');
    const reply = structuredClone(this.host.handle({ ...copy, id: 'x' }));
    if (!reply.ok) throw new Error(reply.message);
    return { params: reply.params, systemAttrs: reply.systemAttrs };
  }
}

/** Three shared parameters, and a conditional one (sampled independently, on the page). */
function score(t: Trial): number {
  const x = t.suggestFloat('x', -5, 10);
  const y = t.suggestFloat('y', 1e-3, 10, { log: true });
  const kind = t.suggestCategorical('kind', ['a', 'b']);
  const extra = kind === 'b' ? t.suggestInt('extra', 1, 4) : 0;
  return (x - 1) ** 2 + Math.log(y) ** 2 + extra * 0.1 + (kind === 'a' ? 0.5 : 0);
}
const objective: Objective = score;

async function run(sampler: Sampler, nJobs = 1, nTrials = 24) {
  const study = await createStudy({ direction: 'minimize', sampler, pruner: new NopPruner() });
  await study.optimize(
    nJobs === 1
      ? objective
      : async (t) => {
          await new Promise((r) => setTimeout(r, 1 + (t.number % 3)));
          return objective(t);
        },
    { nTrials, nJobs },
  );
  return study;
}

afterEach(() => vi.restoreAllMocks());

describe('OffPageSampler', () => {
  for (const [name, make] of [
    ['AutoSampler', (seed: number) => new AutoSampler({ seed })],
    ['GPSampler', (seed: number) => new GPSampler({ seed, nStartupTrials: 5 })],
  ] as const) {
    it(`${name}: the same trials as on the page for a seed, with every GP step made in the worker`, async () => {
      const onPage = await run(make(7));
      const remote = new LocalRemote();
      const inner = make(7);
      const fitOnPage = vi.spyOn(inner, 'sampleRelative');
      const offStudy = await run(new OffPageSampler(inner, remote));
      expect(offStudy.trials.map((t) => t.params)).toEqual(onPage.trials.map((t) => t.params));
      expect(offStudy.trials.map((t) => t.systemAttrs)).toEqual(
        onPage.trials.map((t) => t.systemAttrs),
      );
      // The GP took over after its startup trials, and every one of its steps was the worker's.
      const gpSteps = offStudy.trials.filter((t) => GP_RELATIVE_PARAMS_KEY in t.systemAttrs);
      expect(gpSteps.length).toBeGreaterThan(10);
      // (With no completed trial yet, the space is empty: nothing to fit, answered on the page.)
      expect(fitOnPage.mock.calls.filter(([, , space]) => Object.keys(space).length)).toEqual([]);
      expect(remote.requests.length).toBeGreaterThanOrEqual(gpSteps.length);
      // Each request carried only what changed since the last: never the whole study again.
      const sent = remote.requests.reduce((n, r) => n + r.changed.length, 0);
      expect(sent).toBeLessThan(3 * remote.requests.length);
      expect(remote.requests.at(-1)!.view).toHaveLength(24);
    });
  }

  it('parallel trials: running trials reach the worker with their sample, so the GP fantasises them', async () => {
    const remote = new LocalRemote();
    const study = await run(
      new OffPageSampler(new GPSampler({ seed: 3, nStartupTrials: 4 }), remote),
      3,
      20,
    );
    expect(study.trials.every((t) => t.state === 'COMPLETE')).toBe(true);
    const running = remote.requests.flatMap((r) =>
      r.changed.filter((t) => t.state === 'RUNNING' && t.number !== r.trial),
    );
    expect(running.some((t) => GP_RELATIVE_PARAMS_KEY in t.systemAttrs)).toBe(true);
    // Three at once never asked for the same point.
    const points = study.trials.map((t) => JSON.stringify([t.params.x, t.params.y]));
    expect(new Set(points).size).toBe(points.length);
  });

  it("sends the pruner's view of the study: Hyperband's bracket", async () => {
    const remote = new LocalRemote();
    const study = await createStudy({
      direction: 'minimize',
      sampler: new OffPageSampler(new GPSampler({ seed: 1, nStartupTrials: 2 }), remote),
      pruner: new HyperbandPruner({ minResource: 1, maxResource: 9 }),
    });
    await study.optimize(
      (t) => {
        const v = score(t);
        for (let s = 0; s < 9; s++) {
          t.report(v + 1 / (s + 1), s);
          if (t.shouldPrune()) throw new TrialPruned();
        }
        return v;
      },
      { nTrials: 16 },
    );
    expect(remote.requests.length).toBeGreaterThan(0);
    expect(remote.requests.some((r) => r.view.length < r.trial + 1)).toBe(true);
  });

  it('samples on the page from the first failure on, says so once, and the study finishes', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const remote = new LocalRemote();
    remote.failFrom = 6;
    const inner = new GPSampler({ seed: 2, nStartupTrials: 3 });
    const fitOnPage = vi.spyOn(inner, 'sampleRelative');
    const study = await run(new OffPageSampler(inner, remote), 1, 16);
    expect(study.trials.filter((t) => t.state === 'COMPLETE')).toHaveLength(16);
    expect(remote.requests).toHaveLength(6);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/sampling worker failed.*crashed/);
    expect(fitOnPage).toHaveBeenCalled();
    expect(study.trials.at(-1)!.systemAttrs).toHaveProperty(GP_RELATIVE_PARAMS_KEY);
  });

  it('a plain ask samples on the page, as before; prepare() moves it to the worker', async () => {
    const remote = new LocalRemote();
    const study = await createStudy({
      sampler: new OffPageSampler(new GPSampler({ seed: 5, nStartupTrials: 1 }), remote),
    });
    for (let i = 0; i < 3; i++) {
      const t = study.ask();
      if (i === 2) await study.prepare(t);
      study.tell(t, score(t));
    }
    expect(remote.requests.map((r) => r.trial)).toEqual([2]);
  });
});

describe('offPage', () => {
  const remote = new LocalRemote();
  it('moves the GP-based samplers, and only those a name and settings rebuild', () => {
    expect(offPage(new AutoSampler({ seed: 1 }), remote)).toBeInstanceOf(OffPageSampler);
    expect(offPage(new GPSampler({ seed: 1 }), remote)).toBeInstanceOf(OffPageSampler);
    for (const cheap of [new TPESampler({ seed: 1 }), new RandomSampler({ seed: 1 })])
      expect(offPage(cheap, remote)).toBe(cheap);
    class Tweaked extends GPSampler {}
    const own = new Tweaked({ seed: 1 });
    expect(offPage(own, remote)).toBe(own);
    const moved = offPage(new AutoSampler({ seed: 4, gpTrials: 50 }), remote);
    expect(offPage(moved, remote)).toBe(moved);
    expect([moved.name, moved.settings()]).toEqual(['AutoSampler', { seed: 4, gpTrials: 50 }]);
  });
});

describe('SamplerHost', () => {
  const request = (session: string, first: boolean): SampleRequest => ({
    id: 'r1',
    session,
    first,
    sampler: { name: 'GPSampler', settings: { seed: 1 } },
    studyName: 's',
    direction: 'minimize',
    changed: [],
    view: [],
    trial: 0,
    space: {},
  });

  it('refuses a study it no longer holds rather than restart its sampler unseen', () => {
    const host = new SamplerHost();
    expect(host.handle(request('gone', false))).toMatchObject({
      ok: false,
      message: 'The sampling worker no longer holds this study.',
    });
    expect(host.handle(request('new', true))).toMatchObject({
      ok: false,
      message: 'Trial 0 was never sent to the sampling worker.',
    });
  });

  it('keeps at most 16 studies, dropping the least recently used', () => {
    const host = new SamplerHost();
    for (let i = 0; i < 20; i++) host.handle(request(`s${i}`, true));
    expect(host.size).toBe(16);
    expect(host.handle(request('s0', false))).toMatchObject({ ok: false });
    expect(host.handle(request('s19', false)).ok).toBe(false); // held, but trial 0 was never sent
    expect(host.handle(request('s19', false))).toMatchObject({
      message: 'Trial 0 was never sent to the sampling worker.',
    });
  });
});
