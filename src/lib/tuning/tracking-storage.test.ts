// A study in the tracking store (the real Dexie store over fake-indexeddb): the parent run and
// its child trial runs look as an MLflow user expects, and loadStudy rebuilds every trial from
// the store alone — states, typed params, distributions, reports, attributes with infinities —
// and continues numbering where it stopped.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  MlflowClient,
  tagValue,
  TAGS,
  type PagedList,
  type Run,
  type SearchRunsRequest,
} from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { createTrial } from './add-trial';
import { floatDistribution } from './distributions';
import { SuccessiveHalvingPruner } from './pruners';
import { RandomSampler } from './samplers/random';
import { TPESampler } from './samplers/tpe/sampler';
import type { Objective } from './optimize';
import { createStudy, loadStudy } from './create-study';
import { STUDY_TAGS } from './study-tags';
import { TrackingStudyStorage } from './tracking-storage';
import { TrialPruned } from './trial';

async function setup() {
  const client = new MlflowClient(new DexieStore({ name: `study-${Math.random()}` }));
  const experimentId = await client.createExperiment(`tune-${Math.random()}`);
  return { client, experimentId, storage: new TrackingStudyStorage(client, experimentId) };
}

const objective: Objective = (t) => {
  const lr = t.suggestFloat('lr', 1e-4, 1, { log: true });
  const units = t.suggestInt('units', 4, 64, { step: 4 });
  const act = t.suggestCategorical('act', ['relu', null, true, 2]);
  if (t.number === 3) throw new Error('the backend ran out of memory');
  let loss = 1;
  for (let step = 0; step < 8; step++) {
    loss = Math.abs(Math.log10(lr) + 2) + units / 64 + (act === 'relu' ? 0 : 0.2) + 1 / (step + 1);
    t.report(loss, step);
    if (t.shouldPrune()) throw new TrialPruned();
  }
  t.setUserAttr('note', { epochs: 8 });
  return loss;
};

/** A study 'live' of three finished trials and one running, read once: what a page read last. */
async function liveStudy(storage: TrackingStudyStorage) {
  const study = await createStudy({
    studyName: 'live',
    storage,
    sampler: new RandomSampler({ seed: 1 }),
  });
  await study.optimize(objective, { nTrials: 3, catch: true });
  const running = study.ask();
  running.suggestFloat('lr', 1e-4, 1, { log: true });
  running.report(0.5, 0);
  await study.flush();
  const first = (await storage.load('live'))!;
  const known = new Map(first.trials.map((t) => [first.trialRunId!(t.number)!, t]));
  return { study, running, first, known };
}

describe('TrackingStudyStorage', () => {
  it('keeps a study as a parent run with one child run per trial, in MLflow terms', async () => {
    const { client, experimentId, storage } = await setup();
    const study = await createStudy({
      studyName: 'lr search',
      direction: 'minimize',
      storage,
      sampler: new TPESampler({ seed: 3 }),
      pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }),
      userAttrs: { metric: 'val_loss', budget: { trials: 14 } },
    });
    study.enqueueTrial({ lr: 0.01, units: 8, act: 'relu' });
    await study.optimize(objective, { nTrials: 14, nJobs: 2, catch: true });
    study.enqueueTrial({ lr: 0.5 }); // left waiting

    await study.flush();
    const runs = (await client.searchRuns({ experimentIds: [experimentId], maxResults: 1000 }))
      .items;
    const parent = runs.find((r) => tagValue(r.data.tags, STUDY_TAGS.kind) === 'study')!;
    expect(parent.info.run_name).toBe('lr search');
    const params = Object.fromEntries(parent.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      direction: 'minimize',
      sampler: 'TPESampler',
      'sampler.seed': '3',
      pruner: 'SuccessiveHalvingPruner',
      'pruner.reductionFactor': '2',
      metric: 'val_loss',
      budget: '{"trials":14}',
    });
    const children = runs.filter(
      (r) => tagValue(r.data.tags, TAGS.parentRunId) === parent.info.run_id,
    );
    expect(children).toHaveLength(15);
    const byNumber = new Map(
      children.map((r) => [Number(tagValue(r.data.tags, STUDY_TAGS.trialNumber)), r]),
    );
    const states = study.trials.map((t) => t.state);
    for (const t of study.trials) {
      const run = byNumber.get(t.number)!;
      const expected = {
        COMPLETE: 'FINISHED',
        PRUNED: 'KILLED',
        FAIL: 'FAILED',
        WAITING: 'SCHEDULED',
        RUNNING: 'RUNNING',
      }[t.state];
      expect(run.info.status).toBe(expected);
      expect(tagValue(run.data.tags, STUDY_TAGS.trialState)).toBe(t.state);
      for (const [name, v] of Object.entries(t.params)) {
        expect(run.data.params.find((p) => p.key === name)?.value).toBe(
          v === null ? 'None' : v === true ? 'True' : String(v),
        );
      }
      if (t.state === 'PRUNED')
        expect(tagValue(run.data.tags, STUDY_TAGS.prunedStep)).toBe(
          String(Math.max(...t.intermediateValues.keys())),
        );
      if (t.state === 'COMPLETE')
        expect(run.data.metrics.find((m) => m.key === 'value')?.value).toBe(t.value);
    }
    expect(states.filter((s) => s === 'PRUNED').length).toBeGreaterThan(0);
    expect(tagValue(byNumber.get(3)!.data.tags, TAGS.error)).toBe('the backend ran out of memory');
    const history = await client.getMetricHistory(
      byNumber.get(0)!.info.run_id,
      'intermediate_value',
    );
    expect(history.map((m) => m.step)).toEqual([...study.trials[0].intermediateValues.keys()]);
    const best = await client.getMetricHistory(parent.info.run_id, 'best_value');
    expect(best.at(-1)!.value).toBe(study.bestValue);
    expect(best.map((m) => m.step)).toEqual(best.map((_, i) => best[0].step + i));
  });

  it('loadStudy rebuilds every trial from the store and continues where it stopped', async () => {
    const { storage } = await setup();
    const study = await createStudy({
      studyName: 's',
      storage,
      sampler: new RandomSampler({ seed: 1 }),
      pruner: new SuccessiveHalvingPruner({ minResource: 1 }),
    });
    await study.optimize(objective, { nTrials: 12, catch: true });
    study.setUserAttr('long', 'x'.repeat(20_000));
    study.setUserAttr('inf', [Infinity, -Infinity, NaN, 1]);
    study.enqueueTrial({ lr: 0.2, units: 12 });
    await study.flush();

    const fresh = new TrackingStudyStorage(
      (storage as unknown as { client: MlflowClient }).client,
      (storage as unknown as { experimentId: string }).experimentId,
    );
    const again = await loadStudy({
      studyName: 's',
      storage: fresh,
      sampler: new RandomSampler({ seed: 2 }),
    });
    const shape = (t: (typeof study.trials)[number]) => ({
      ...t,
      datetimeStart: t.datetimeStart !== null,
      datetimeComplete: t.datetimeComplete !== null,
    });
    expect(again.trials.map(shape)).toEqual(study.trials.map(shape));
    expect(again.userAttrs.long).toBe('x'.repeat(20_000));
    expect(again.userAttrs.inf).toEqual([Infinity, -Infinity, NaN, 1]);
    expect(again.spec.sampler).toEqual(study.spec.sampler);
    await again.optimize(objective, { nTrials: 3, catch: true });
    expect(again.trials.map((t) => t.number)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(again.trials[12].params).toMatchObject({ lr: 0.2, units: 12 });
    expect(await fresh.studyNames()).toEqual(['s']);
  });

  it('a trial whose run was ended elsewhere (its tab closed) loads as failed, with the reason', async () => {
    const { client, storage } = await setup();
    const study = await createStudy({
      studyName: 'cut',
      storage,
      sampler: new RandomSampler({ seed: 4 }),
    });
    const t = study.ask();
    t.suggestFloat('x', 0, 1);
    await study.flush();
    const runId = (
      await client.searchRuns({
        experimentIds: [(storage as unknown as { experimentId: string }).experimentId],
        filterString: `tags.\`${STUDY_TAGS.kind}\` = 'trial'`,
      })
    ).items[0].info.run_id;
    await client.setTag(runId, TAGS.error, 'The tab that was writing this run was closed.');
    await client.setTerminated(runId, 'KILLED');
    const again = await loadStudy({ studyName: 'cut', storage });
    expect(again.trials[0].state).toBe('FAIL');
    expect(again.trials[0].systemAttrs.fail_reason).toBe(
      'The tab that was writing this run was closed.',
    );
    expect(again.trials[0].params.x).toBe(t.params.x);
  });

  it('puts its run tags (the tab session) on every run it creates, and on the study run a new tab loads', async () => {
    const { client, experimentId } = await setup();
    const first = new TrackingStudyStorage(client, experimentId, { [TAGS.session]: 'tab-1' });
    const study = await createStudy({ studyName: 's', storage: first });
    study.tell(study.ask(), 1);
    study.ask();
    await study.flush();
    const sessions = async () =>
      (await client.searchRuns({ experimentIds: [experimentId] })).items
        .map((r) => [r.info.run_name, tagValue(r.data.tags, TAGS.session)])
        .sort(([a], [b]) => a!.localeCompare(b!));
    expect(await sessions()).toEqual([
      ['s', 'tab-1'],
      ['s #0', 'tab-1'],
      ['s #1', 'tab-1'],
    ]);
    // Another tab goes on with the study: the study's run and its new trials are that tab's.
    const second = new TrackingStudyStorage(client, experimentId, { [TAGS.session]: 'tab-2' });
    const again = await loadStudy({ studyName: 's', storage: second });
    again.tell(again.ask(), 2);
    await again.flush();
    expect(await sessions()).toEqual([
      ['s', 'tab-2'],
      ['s #0', 'tab-1'],
      ['s #1', 'tab-1'],
      ['s #2', 'tab-2'],
    ]);
    // Reading it (the Study page) writes nothing.
    await new TrackingStudyStorage(client, experimentId).load('s');
    expect((await sessions())[0]).toEqual(['s', 'tab-2']);
  });

  it('refuses a second study of one name in the experiment, quotes in the name included', async () => {
    const { storage } = await setup();
    await createStudy({ studyName: 'one', storage });
    await expect(createStudy({ studyName: 'one', storage })).rejects.toThrow(/already exists/);
    const quoted = `it's "the" one`;
    await createStudy({ studyName: quoted, storage });
    await expect(createStudy({ studyName: quoted, storage })).rejects.toThrow(/already exists/);
    expect((await loadStudy({ studyName: quoted, storage })).studyName).toBe(quoted);
    expect(await storage.studyNames()).toEqual(['one', quoted]);
  });

  it('reads again only the trials that had not finished when given what it read before', async () => {
    const { storage } = await setup();
    const { study, running, first, known } = await liveStudy(storage);
    running.report(0.4, 1);
    study.tell(running, 0.4);
    await study.flush();
    const second = (await storage.load('live', known))!;
    // Finished trials are the very objects read before; the one that was running is read anew.
    for (const n of [0, 1, 2]) expect(second.trials[n]).toBe(first.trials[n]);
    expect(first.trials[3].state).toBe('RUNNING');
    expect(second.trials[3]).not.toBe(first.trials[3]);
    expect(second.trials[3]).toMatchObject({ state: 'COMPLETE', value: 0.4 });
    expect([...second.trials[3].intermediateValues]).toEqual([
      [0, 0.5],
      [1, 0.4],
    ]);
    // A read without them gives the same trials.
    expect((await storage.load('live'))!.trials).toEqual(second.trials);
  });

  it('with changedSince reads only the runs running, waiting or ended since, or all when it must', async () => {
    const { client, storage } = await setup();
    const { study, running, first, known } = await liveStudy(storage);
    await new Promise((r) => setTimeout(r, 5));
    const since = Date.now();
    running.report(0.4, 1);
    study.tell(running, 0.4);
    study.enqueueTrial({ lr: 0.5 });
    await study.flush();

    // Every run the searches hand back, by the clause they asked with.
    const read: { filter: string; runs: number }[] = [];
    const search = client.searchRuns.bind(client) as (
      request: SearchRunsRequest,
    ) => Promise<PagedList<Run>>;
    client.searchRuns = (async (request: SearchRunsRequest) => {
      const page = await search(request);
      if (request.filterString?.includes(STUDY_TAGS.kind + "` = 'trial'"))
        read.push({ filter: request.filterString, runs: page.items.length });
      return page;
    }) as MlflowClient['searchRuns'];
    const second = (await storage.load('live', known, since))!;
    expect(second.trials).toEqual((await storage.load('live'))!.trials);
    expect(second.trials.map((t) => t.state)).toEqual([
      'COMPLETE',
      'COMPLETE',
      'COMPLETE',
      'COMPLETE',
      'WAITING',
    ]);
    for (const n of [0, 1, 2]) expect(second.trials[n]).toBe(first.trials[n]);
    // The incremental read: three clauses, two runs (the one that ended, the one waiting).
    const incremental = read.splice(0, 3);
    expect(incremental.map((r) => r.filter.split(' and ').at(-1))).toEqual([
      `attributes.status = 'RUNNING'`,
      `attributes.status = 'SCHEDULED'`,
      `attributes.end_time >= ${since}`,
    ]);
    expect(incremental.reduce((n, r) => n + r.runs, 0)).toBe(2);
    read.length = 0;

    // A trial it knew running whose run is gone: it cannot tell from the changes, so it reads all.
    const knownNow = new Map(second.trials.map((t) => [second.trialRunId!(t.number)!, t]));
    await client.deleteRun(second.trialRunId!(4)!);
    const third = (await storage.load('live', knownNow, Date.now()))!;
    expect(read.at(-1)!.filter).not.toContain('attributes.');
    expect(third.trials).toHaveLength(4);
    expect(third.trials.slice(0, 4)).toEqual(second.trials.slice(0, 4));
  });

  it('keeps trials added from outside (createTrial) as child runs a loaded study reads back', async () => {
    const { client, storage } = await setup();
    const study = await createStudy({ studyName: 'seeded', storage });
    const lr = floatDistribution(1e-4, 1, { log: true });
    study.addTrials([
      createTrial({
        value: 0.3,
        params: { lr: 0.01 },
        distributions: { lr },
        intermediateValues: { 0: 0.5, 1: 0.3 },
      }),
      createTrial({ state: 'PRUNED', value: 0.9, params: { lr: 0.5 }, distributions: { lr } }),
    ]);
    await study.flush();
    const run = await client.getRun((await study.trialRunId(0))!);
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.params).toEqual([{ key: 'lr', value: '0.01' }]);
    const again = await loadStudy({ studyName: 'seeded', storage });
    expect(
      again.trials.map((t) => [t.state, t.value, t.params, [...t.intermediateValues]]),
    ).toEqual([
      [
        'COMPLETE',
        0.3,
        { lr: 0.01 },
        [
          [0, 0.5],
          [1, 0.3],
        ],
      ],
      ['PRUNED', 0.9, { lr: 0.5 }, []],
    ]);
    expect(again.bestValue).toBe(0.3);
  });
});
