// copyExperiments between two real Dexie stores (over fake-indexeddb): everything carried over,
// exactly once, through lost ledgers, stale ledgers, echoes and conflicts.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { TAGS } from '$lib/tracking/tags';
import { copyExperiments } from './copy';
import { dumpStore } from './lab';
import { DexieLedger } from './dexie-ledger';
import { MemoryLedger, SOURCE_RUN_TAG, SOURCE_TAG } from './ledger';
import { missing } from './send-run';
import { countRuns, EXPERIMENTS, fresh, lab, opts } from './test-support';

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
