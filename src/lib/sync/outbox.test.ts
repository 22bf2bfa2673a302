// The auto-sync outbox: runs that finished since auto-sync was turned on, until the target has
// them as they finished; a run pushed (by hand or not) leaves it, one that finishes again returns.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { copyExperiments } from './copy';
import { MemoryLedger } from './ledger';
import { outbox } from './outbox';
import { fresh, lab, opts } from './test-support';

describe('outbox', () => {
  it('holds the runs finished since a time until a copy has sent their finish', async () => {
    const { from, to, ledger, ids } = await lab({ runs: 2, steps: 2, trials: 1 });
    const since = Date.now();
    expect(await outbox(from, ledger, 'test-target', since)).toEqual([]);
    const experiment = (await from.getExperimentByName('sync-training'))!.experiment_id;
    const run = await from.createRun({ experimentId: experiment, runName: 'late' });
    const id = run.info.run_id;
    // Still running: not in the outbox.
    expect(await outbox(from, ledger, 'test-target', since)).toEqual([]);
    await from.updateRun(id, { status: 'FINISHED', endTime: Date.now() });
    expect(await outbox(from, ledger, 'test-target', since)).toEqual([id]);
    // Older finished runs (before `since`) are not queued, even though never pushed.
    expect(await outbox(from, ledger, 'test-target', 0)).toContain(ids.get('train-0'));

    const report = await copyExperiments(from, to, opts(ledger, { runIds: [id] }));
    expect(report.created.map((r) => r.name)).toEqual(['late']);
    expect(await outbox(from, ledger, 'test-target', since)).toEqual([]);
    // Another target has its own outbox.
    expect(await outbox(from, ledger, 'elsewhere', since)).toEqual([id]);

    // Finishing again (a resumed run that ends anew) puts it back.
    await from.updateRun(id, { status: 'FAILED', endTime: Date.now() + 1 });
    expect(await outbox(from, ledger, 'test-target', since)).toEqual([id]);
    await copyExperiments(from, to, opts(ledger, { runIds: [id] }));
    expect(await outbox(from, ledger, 'test-target', since)).toEqual([]);
    expect(
      (
        await to.searchRuns({
          experimentIds: [(await to.getExperimentByName('sync-training'))!.experiment_id],
          filterString: "attributes.run_name = 'late'",
        })
      ).items[0].info.status,
    ).toBe('FAILED');
  });

  it('leaves out deleted runs', async () => {
    const store = fresh();
    const experiment = await store.createExperiment('x');
    const run = await store.createRun({ experimentId: experiment });
    await store.updateRun(run.info.run_id, { status: 'FINISHED', endTime: Date.now() });
    await store.deleteRun(run.info.run_id);
    expect(await outbox(store, new MemoryLedger(), 't', 0)).toEqual([]);
  });
});
