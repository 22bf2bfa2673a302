// copyExperiments between two real Dexie stores (over fake-indexeddb): everything carried over,
// exactly once, through lost ledgers, lost answers, transient failures, a stop and a resume.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieRegistryStore } from '$lib/registry/dexie-registry';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { MlflowError } from '$lib/tracking/errors';
import type { TrackingStore } from '$lib/tracking/store';
import { TAGS } from '$lib/tracking/tags';
import { copyExperiments, type CopyOptions } from './copy';
import { dumpRegistry, dumpStore, writeLab, writeLabRegistry } from './lab';
import { DexieLedger } from './dexie-ledger';
import { MemoryLedger, SOURCE_RUN_TAG, SOURCE_TAG, type Ledger } from './ledger';
import { missing } from './send-run';

let n = 0;
const fresh = () => new DexieStore({ name: `sync-${Date.now()}-${++n}` });
const EXPERIMENTS = ['sync-training', 'sync-tuning'];
const noWait = { attempts: 6, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

async function lab(options?: Parameters<typeof writeLab>[1]) {
  const from = fresh();
  const ids = await writeLab(from, options);
  return { from, ids, to: fresh(), ledger: new MemoryLedger() };
}

const opts = (ledger: Ledger, more: Partial<CopyOptions> = {}): CopyOptions => ({
  target: 'test-target',
  ledger,
  retry: noWait,
  ...more,
});

async function countRuns(store: TrackingStore) {
  let count = 0;
  for (const name of EXPERIMENTS) {
    const e = await store.getExperimentByName(name);
    if (e)
      count += (await store.searchRuns({ experimentIds: [e.experiment_id], runViewType: 'ALL' }))
        .items.length;
  }
  return count;
}

describe('copyExperiments', () => {
  it('copies every run with its params, tags, histories, inputs, artifacts, nesting and status', async () => {
    const { from, to, ledger } = await lab();
    const report = await copyExperiments(from, to, opts(ledger));
    expect(report.failed).toEqual([]);
    expect(report.created).toHaveLength(4 + 1 + 3 + 6 + 2);
    expect(report.experiments).toEqual({ created: 2, found: 0 });
    // 4 runs × 3 keys × 20 steps, 3 trial scores, 6 fold scores, one test_auc, one live loss.
    expect(report.points).toBe(240 + 3 + 6 + 1 + 1);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));

    const copied = await dumpStore(to, EXPERIMENTS);
    expect(copied['trial-1-fold-0'].parent).toBe('trial-1');
    expect(copied['trial-1'].parent).toBe('study');
    expect(copied['evaluate-train-0'].evaluated).toBe('train-0');
    expect(copied['train-0'].history.grad_norm.at(-1)?.[2]).toBe('NaN');
    expect(copied['still-running'].status).toBe('RUNNING');
    expect(copied['still-running'].end_time).toBeNull();
    // Each copy names its source run; the experiment's tags came along.
    const source = await from.getRun(report.created[0].sourceId);
    const copy = await to.getRun(report.created[0].copyId);
    expect(copy.data.tags).toContainEqual({ key: SOURCE_RUN_TAG, value: source.info.run_id });
    expect((await to.getExperimentByName('sync-training'))?.tags).toContainEqual({
      key: 'team',
      value: 'vision',
    });
  });

  it('copying again sends nothing, and then only what is new', async () => {
    const { from, to, ledger, ids } = await lab();
    await copyExperiments(from, to, opts(ledger));
    const again = await copyExperiments(from, to, opts(ledger));
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.skipped).toHaveLength(16);
    expect(again.points).toBe(0);
    expect(again.bytes).toBe(0);
    expect(await countRuns(to)).toBe(16);

    // The live run goes on and finishes; a tag changes, one is removed, an artifact is rewritten.
    const live = ids.get('still-running')!;
    await from.logBatch(live, {
      metrics: [1, 2, 3].map((step) => ({
        key: 'loss',
        value: 0.7 - step / 10,
        timestamp: 1e13 + step,
        step,
      })),
      params: [{ key: 'epochs', value: '4' }],
    });
    await from.updateRun(live, { status: 'FINISHED', endTime: 1e13 + 10 });
    await from.logBatch(ids.get('train-1')!, { tags: [{ key: 'note', value: 'best so far' }] });
    await from.deleteTag(ids.get('train-1')!, TAGS.backend);
    await from.logArtifact(ids.get('train-2')!, 'model/model.json', '{"retrained":true}');

    const third = await copyExperiments(from, to, opts(ledger));
    expect(third.points).toBe(3);
    expect(third.updated.map((r) => r.name).sort()).toEqual([
      'still-running',
      'train-1',
      'train-2',
    ]);
    expect(third.bytes).toBe('{"retrained":true}'.length);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
  });

  it('a lost ledger is rebuilt from the source tags: no run is made twice', async () => {
    const { from, to, ledger } = await lab();
    await copyExperiments(from, to, opts(ledger));
    const report = await copyExperiments(from, to, opts(new MemoryLedger()));
    expect(report.created).toEqual([]);
    expect(report.experiments).toEqual({ created: 0, found: 2 });
    expect(await countRuns(to)).toBe(16);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
  });

  it('a param with another value on the target is a reported conflict, never an overwrite', async () => {
    const { from, to, ledger, ids } = await lab({ runs: 1, trials: 0 });
    await copyExperiments(from, to, opts(ledger));
    // A new param locally; the same key already set differently on the target.
    const train = ids.get('train-0')!;
    const copy = (await ledger.get('test-target', 'run', train))!.copy_id;
    await to.logBatch(copy, { params: [{ key: 'seed', value: '7' }] });
    await from.logBatch(train, {
      params: [
        { key: 'seed', value: '42' },
        { key: 'patience', value: '3' },
      ],
    });
    const report = await copyExperiments(from, to, opts(ledger));
    expect(report.conflicts).toEqual([
      { sourceId: train, copyId: copy, key: 'seed', source: '42', target: '7' },
    ]);
    const params = (await to.getRun(copy)).data.params;
    expect(params).toContainEqual({ key: 'seed', value: '7' });
    expect(params).toContainEqual({ key: 'patience', value: '3' });
    expect(report.failed).toEqual([]);
  });

  it('a point logged before the high-water mark is found and sent, and nothing twice', async () => {
    const { from, to, ledger, ids } = await lab({ runs: 1, trials: 0 });
    await copyExperiments(from, to, opts(ledger));
    const train = ids.get('train-0')!;
    // Earlier in time than every point sent: it sorts into the middle of the history.
    await from.logBatch(train, { metrics: [{ key: 'loss', value: 9, timestamp: 1, step: 5 }] });
    const report = await copyExperiments(from, to, opts(ledger));
    expect(report.points).toBe(1);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
  });

  it('chosen runs bring their ancestors, so nesting holds on the target', async () => {
    const { from, to, ledger, ids } = await lab({ runs: 1 });
    const report = await copyExperiments(
      from,
      to,
      opts(ledger, { runIds: [ids.get('trial-2-fold-1')!] }),
    );
    expect(report.created.map((r) => r.name)).toEqual(['study', 'trial-2', 'trial-2-fold-1']);
    const dumped = await dumpStore(to, EXPERIMENTS);
    expect(dumped['trial-2-fold-1'].parent).toBe('trial-2');
    expect(dumped['trial-2'].parent).toBe('study');
  });

  it('copying back the other way makes nothing: each copy is known as its original', async () => {
    const { from, to, ledger } = await lab();
    await copyExperiments(from, to, opts(ledger));
    // Pull what was pushed (another target name, its own ledger): every run is a copy of one
    // the source store already holds.
    const back = await copyExperiments(to, from, opts(new MemoryLedger(), { target: 'back' }));
    expect(back.created).toEqual([]);
    expect(back.skipped).toHaveLength(16);
    expect(back.points).toBe(0);
    expect(back.notes).toContainEqual(
      expect.stringMatching(/^16 runs were copies of runs already there/),
    );
    expect(await countRuns(from)).toBe(16);
    // And a run made on the target afterwards is copied back, nested under its original parent.
    const study = (await ledger.get(
      'test-target',
      'run',
      (
        await from.searchRuns({
          experimentIds: [(await from.getExperimentByName('sync-tuning'))!.experiment_id],
          filterString: "attributes.run_name = 'study'",
        })
      ).items[0].info.run_id,
    ))!;
    const tuning = (await to.getExperimentByName('sync-tuning'))!.experiment_id;
    await to.createRun({
      experimentId: tuning,
      runName: 'made-there',
      tags: [{ key: TAGS.parentRunId, value: study.copy_id }],
    });
    const again = await copyExperiments(to, from, opts(new MemoryLedger(), { target: 'back' }));
    expect(again.created.map((r) => r.name)).toEqual(['made-there']);
    expect((await dumpStore(from, EXPERIMENTS))['made-there'].parent).toBe('study');
  });

  it('a target wiped since the last copy gets everything again (the ledger is checked)', async () => {
    const { from, ledger } = await lab();
    const first = fresh();
    await copyExperiments(from, first, opts(ledger));
    // The same target name, a new empty database behind it (a server restarted on a new one).
    const wiped = fresh();
    const report = await copyExperiments(from, wiped, opts(ledger));
    expect(report.failed).toEqual([]);
    expect(report.created).toHaveLength(16);
    expect(await dumpStore(wiped, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
    // A run purged there alone is made again too.
    const train = (await ledger.get('test-target', 'run', report.created[0].sourceId))!;
    await wiped.deleteRun(train.copy_id);
    const again = await copyExperiments(from, wiped, opts(ledger));
    expect(again.created).toEqual([]);
    expect(again.notes).toContainEqual(expect.stringContaining('was deleted on test-target'));
  });

  it("an evaluation copied before (or without) the run it evaluates names that run's copy", async () => {
    const { from, to, ledger, ids } = await lab({ runs: 2, trials: 0 });
    await copyExperiments(from, to, opts(ledger, { runIds: [ids.get('train-0')!] }));
    await copyExperiments(from, to, opts(ledger, { runIds: [ids.get('evaluate-train-0')!] }));
    expect((await dumpStore(to, EXPERIMENTS))['evaluate-train-0'].evaluated).toBe('train-0');
  });

  it('a run deleted on the server it came from is not copied back', async () => {
    const { from, to, ledger } = await lab({ runs: 2, trials: 0 });
    const pushed = await copyExperiments(from, to, opts(ledger));
    // Pull into a third store, delete the original there, push the pulled copy back.
    const third = fresh();
    await copyExperiments(to, third, opts(new MemoryLedger(), { target: 'third' }));
    const original = pushed.created.find((r) => r.name === 'train-0')!;
    await to.deleteRun(original.copyId);
    const back = await copyExperiments(third, to, opts(new MemoryLedger()));
    expect(back.created).toEqual([]);
    expect(back.notes).toContainEqual(expect.stringMatching(/"train-0".*has been deleted since/));
    expect(await countRuns(to)).toBe(5);
  });

  it('records where pulled runs came from', async () => {
    const { from, to, ledger } = await lab({ runs: 1, trials: 0 });
    const report = await copyExperiments(
      from,
      to,
      opts(ledger, { origin: 'http://mlflow.example:5000' }),
    );
    const copy = await to.getRun(report.created[0].copyId);
    expect(copy.data.tags).toContainEqual({ key: SOURCE_TAG, value: 'http://mlflow.example:5000' });
  });
});

/**
 * A target that fails: transient errors before some calls, and a lost answer after others (the
 * call took effect; its caller heard a network error), as a flaky proxy does.
 */
function flaky(store: TrackingStore, seed: number) {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lost = () => new MlflowError('TEMPORARILY_UNAVAILABLE', 'connection reset (lost answer)');
  const calls = { failedBefore: 0, failedAfter: 0 };
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const r = random();
        if (r < 0.15) {
          calls.failedBefore++;
          throw new MlflowError('TEMPORARILY_UNAVAILABLE', 'HTTP 503');
        }
        const out = await value.apply(target, args);
        if (r > 0.85) {
          calls.failedAfter++;
          throw lost();
        }
        return out;
      };
    },
  });
  return { store: proxy, calls };
}

describe('copyExperiments under faults', () => {
  it('with 30% of calls failing (half of them after taking effect) the copy is exact', async () => {
    const { from, to, ledger } = await lab();
    const target = flaky(to, 12345);
    const report = await copyExperiments(
      from,
      target.store,
      opts(ledger, { retry: { ...noWait, attempts: 20 } }),
    );
    expect(report.failed).toEqual([]);
    expect(target.calls.failedBefore).toBeGreaterThanOrEqual(5);
    expect(target.calls.failedAfter).toBeGreaterThanOrEqual(5);
    expect(report.retries).toBe(target.calls.failedBefore + target.calls.failedAfter);
    expect(await countRuns(to)).toBe(16);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
  });

  it('stopped at any point and started again, it ends exact, each run made once', async () => {
    // A store that counts the calls made to it, and stops the copy after the chosen one.
    const counting = (to: TrackingStore, stopAfter: number, controller: AbortController) => {
      const seen = { calls: 0 };
      const store = new Proxy(to, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            const out = await value.apply(target, args);
            if (++seen.calls === stopAfter) controller.abort();
            return out;
          };
        },
      });
      return { store, seen };
    };
    const whole = await lab();
    const all = counting(whole.to, 0, new AbortController());
    await copyExperiments(whole.from, all.store, opts(whole.ledger));
    const total = all.seen.calls;
    for (const stopAfter of [1, 2, Math.floor(total / 4), Math.floor(total / 2), total - 1]) {
      const { from, to, ledger } = await lab();
      const controller = new AbortController();
      const { store: stopping, seen } = counting(to, stopAfter, controller);
      const calls = () => seen.calls;
      const first = await copyExperiments(
        from,
        stopping,
        opts(ledger, { signal: controller.signal }),
      );
      expect(first.stopped, `stopped after ${stopAfter} calls of ${calls()}`).toBe(true);
      const second = await copyExperiments(from, to, opts(ledger));
      expect(second.stopped).toBe(false);
      expect(second.failed).toEqual([]);
      expect(await countRuns(to)).toBe(16);
      expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
    }
  });

  it('a failure that will not pass is reported for its run, and the others are copied', async () => {
    const { from, to, ledger, ids } = await lab({ runs: 2, trials: 0 });
    const refusing = new Proxy(to, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'logArtifact') return value;
        return async (runId: string, path: string, body: unknown) => {
          if (path === 'plots/loss.svg')
            throw new MlflowError('PERMISSION_DENIED', 'artifacts are read-only here');
          return value.call(target, runId, path, body);
        };
      },
    });
    const report = await copyExperiments(from, refusing, opts(ledger));
    expect(report.retries).toBe(0);
    expect(report.failed.map((f) => [f.name, f.reason])).toEqual([
      ['train-0', 'artifacts are read-only here'],
      ['train-1', 'artifacts are read-only here'],
    ]);
    expect(report.created.map((r) => r.name).sort()).toEqual([
      'evaluate-train-0',
      'still-running',
      'study',
    ]);
    // The failed runs are not finished on the target: their status comes last.
    const copy = (await ledger.get('test-target', 'run', ids.get('train-0')!))!.copy_id;
    expect((await to.getRun(copy)).info.status).toBe('RUNNING');
    // Once the target accepts them, the next copy finishes them.
    const after = await copyExperiments(from, to, opts(ledger));
    expect(after.failed).toEqual([]);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(await dumpStore(from, EXPERIMENTS));
  });
});

describe('missing', () => {
  it('is a multiset difference: a point sent once and logged twice is sent once more', () => {
    const p = (timestamp: number, step: number, value: number) => ({
      key: 'k',
      timestamp,
      step,
      value,
    });
    expect(missing([p(1, 0, 1), p(1, 0, 1), p(2, 1, NaN)], [p(1, 0, 1)])).toEqual([
      p(1, 0, 1),
      p(2, 1, NaN),
    ]);
    expect(missing([p(2, 1, NaN)], [p(2, 1, NaN)])).toEqual([]);
  });
});

describe('DexieLedger', () => {
  it('keeps the ledger in the local store, so a new page resumes and re-sends nothing', async () => {
    const { from, to } = await lab({ runs: 2, trials: 1 });
    const first = await copyExperiments(from, to, opts(new DexieLedger(from.db)));
    expect(first.created).toHaveLength(2 + 1 + 1 + 2 + 2);
    // A new store instance over the same database: the ledger is read back from IndexedDB.
    const reopened = new DexieStore({ name: from.db.name });
    const ledger = new DexieLedger(reopened.db);
    expect(await ledger.list('test-target', 'run')).toHaveLength(8);
    const again = await copyExperiments(reopened, to, opts(ledger));
    expect(again.points + again.bytes + again.created.length + again.updated.length).toBe(0);
    expect(again.skipped).toHaveLength(8);
  });
});

describe('copyExperiments with the registry', () => {
  const withRegistry = async () => {
    const { from, to, ids } = await lab();
    const fromRegistry = new DexieRegistryStore({ db: from.db });
    const toRegistry = new DexieRegistryStore({ db: to.db });
    await writeLabRegistry(from, fromRegistry, ids);
    return { from, to, ids, fromRegistry, toRegistry };
  };

  it('copies a model, its versions (pointing at the copied runs), stages, aliases and tags', async () => {
    const { from, to, fromRegistry, toRegistry } = await withRegistry();
    const ledger = new MemoryLedger();
    const registry = { from: fromRegistry, to: toRegistry };
    const report = await copyExperiments(from, to, opts(ledger, { registry }));
    expect(report.failed).toEqual([]);
    expect(report.models).toEqual(['iris-classifier']);
    const expected = await dumpRegistry(from, fromRegistry, 'iris-classifier');
    expect(expected.versions.map((v) => v.stage)).toEqual(['Archived', 'Production', 'Staging']);
    expect(await dumpRegistry(to, toRegistry, 'iris-classifier')).toEqual(expected);
    expect((await toRegistry.getModelVersionByAlias('iris-classifier', 'champion')).version).toBe(
      '2',
    );

    // Again: nothing new. Then the alias moves, a stage changes and an alias is dropped locally.
    const again = await copyExperiments(from, to, opts(ledger, { registry }));
    expect(await dumpRegistry(to, toRegistry, 'iris-classifier')).toEqual(expected);
    expect(again.failed).toEqual([]);
    await fromRegistry.setRegisteredModelAlias('iris-classifier', 'champion', 3);
    await fromRegistry.deleteRegisteredModelAlias('iris-classifier', 'candidate');
    await fromRegistry.transitionModelVersionStage('iris-classifier', 3, 'Production', true);
    await copyExperiments(from, to, opts(ledger, { registry }));
    const moved = await dumpRegistry(to, toRegistry, 'iris-classifier');
    expect(moved).toEqual(await dumpRegistry(from, fromRegistry, 'iris-classifier'));
    expect(moved.aliases).toEqual({ champion: 'train-2' });
  });

  it('with a lost ledger, versions are found by their tag: none is made twice', async () => {
    const { from, to, fromRegistry, toRegistry } = await withRegistry();
    const registry = { from: fromRegistry, to: toRegistry };
    await copyExperiments(from, to, opts(new MemoryLedger(), { registry }));
    await copyExperiments(from, to, opts(new MemoryLedger(), { registry }));
    const versions = await toRegistry.searchModelVersions({
      filterString: "name = 'iris-classifier'",
    });
    expect(versions.items).toHaveLength(3);
    expect(await dumpRegistry(to, toRegistry, 'iris-classifier')).toEqual(
      await dumpRegistry(from, fromRegistry, 'iris-classifier'),
    );
  });

  it('a model pulled and pushed back keeps its versions; two browsers pushing one model make two sets', async () => {
    const { from, to, fromRegistry, toRegistry } = await withRegistry();
    await copyExperiments(
      from,
      to,
      opts(new MemoryLedger(), {
        registry: { from: fromRegistry, to: toRegistry },
        sourceStore: 'browser-a',
      }),
    );
    // Pull it into a new browser, then push it back: the server's versions are those versions.
    const other = fresh();
    const otherRegistry = new DexieRegistryStore({ db: other.db });
    await copyExperiments(
      to,
      other,
      opts(new MemoryLedger(), {
        target: 'pull',
        registry: { from: toRegistry, to: otherRegistry },
        sourceStore: 'server',
      }),
    );
    expect(
      (await otherRegistry.searchModelVersions({ filterString: "name = 'iris-classifier'" })).items,
    ).toHaveLength(3);
    const back = await copyExperiments(
      other,
      to,
      opts(new MemoryLedger(), {
        registry: { from: otherRegistry, to: toRegistry },
        sourceStore: 'browser-b',
      }),
    );
    expect(back.failed).toEqual([]);
    expect(
      (await toRegistry.searchModelVersions({ filterString: "name = 'iris-classifier'" })).items,
    ).toHaveLength(3);

    // A second browser with its own lab and the same model name adds its own three versions.
    const second = await lab();
    const secondRegistry = new DexieRegistryStore({ db: second.from.db });
    await writeLabRegistry(second.from, secondRegistry, second.ids);
    await copyExperiments(
      second.from,
      to,
      opts(new MemoryLedger(), {
        registry: { from: secondRegistry, to: toRegistry },
        sourceStore: 'browser-c',
      }),
    );
    const all = (await toRegistry.searchModelVersions({ filterString: "name = 'iris-classifier'" }))
      .items;
    expect(all).toHaveLength(6);
  });

  it('a version whose run is not copied stays behind, and says so', async () => {
    const { from, to, ids, fromRegistry, toRegistry } = await withRegistry();
    const registry = { from: fromRegistry, to: toRegistry };
    const report = await copyExperiments(
      from,
      to,
      opts(new MemoryLedger(), { registry, runIds: [ids.get('train-1')!] }),
    );
    expect(report.notes.filter((n) => n.includes('is not copied'))).toHaveLength(2);
    const copied = await dumpRegistry(to, toRegistry, 'iris-classifier');
    expect(copied.versions.map((v) => [v.run, v.stage])).toEqual([['train-1', 'Production']]);
    expect(copied.aliases).toEqual({ champion: 'train-1' });
  });
});
