import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { prepareData } from '$lib/data/prepare';
import { MlflowClient, TAGS, tagValue } from '$lib/tracking';
import { DexieStore } from '$lib/tracking/dexie/dexie-store';
import { fillDisk } from '$lib/tracking/dexie/full-disk-fixture';
import { DEFAULT_CONFIG } from '$lib/training/config';
import { TrainingFailure } from '$lib/training/client';
import type { EpochReport } from '$lib/training/trainer';
import { bundledFixture } from './fixtures';
import { train, type Trainer } from './train';

const { table, choice, dataset } = bundledFixture('breast-cancer.csv', 'diagnosis', 'binary');
const data = prepareData(table, choice);
const request = { experimentId: '0', dataset, choice, data, config: DEFAULT_CONFIG };

/**
 * A scripted worker: reports `epochs` epochs (loss 1/(epoch+1)), checking for a stop between them
 * as the real worker does between batches, and ends with a 'stopped' failure when asked to.
 */
function scriptedTrainer(
  epochs: number,
  options: {
    canStop?: boolean;
    metrics?: (epoch: number) => Record<string, number> | Promise<Record<string, number>>;
  } = {},
) {
  const metrics = options.metrics ?? ((epoch) => ({ loss: 1 / (epoch + 1) }));
  const stops: string[] = [];
  const trainer: Trainer = {
    ready: async () => ({ backend: 'wasm', tfjsVersion: '4.22.0' }),
    async train(_runId, _input, onEpoch) {
      for (let epoch = 0; epoch < epochs; epoch++) {
        if (stops.length) throw new TrainingFailure('stopped' as never, stops[0], epoch);
        onEpoch?.({ epoch, metrics: await metrics(epoch) });
      }
      throw new TrainingFailure('error', 'the fake trainer has no model to give', epochs);
    },
  };
  if (options.canStop !== false) trainer.stop = (_runId, reason) => void stops.push(reason);
  return { trainer, stops };
}

function setup(trainer: Trainer) {
  const client = new MlflowClient(new DexieStore({ name: `trial-${Math.random()}` }));
  return { client, deps: { client, trainer, session: 's', browser: 'Node test' } };
}

describe('a training trial', () => {
  it('stops at the epoch a hook says, ends KILLED with the reason, and keeps its epochs', async () => {
    const { trainer, stops } = scriptedTrainer(10);
    const { client, deps } = setup(trainer);
    const seen: number[] = [];
    const outcome = await train(deps, {
      ...request,
      onEpoch: (r: EpochReport) => {
        seen.push(r.epoch);
        return r.epoch === 2 ? { stop: 'Pruned at epoch 3 by the median rule.' } : undefined;
      },
    });
    expect(stops).toEqual(['Pruned at epoch 3 by the median rule.']);
    expect(seen).toEqual([0, 1, 2]);
    expect(outcome).toMatchObject({
      status: 'KILLED',
      message: 'Pruned at epoch 3 by the median rule.',
    });
    const run = await client.getRun(outcome.runId);
    expect(run.info.status).toBe('KILLED');
    expect(tagValue(run.data.tags, TAGS.error)).toBe('Pruned at epoch 3 by the median rule.');
    const loss = await client.getMetricHistory(outcome.runId, 'loss');
    expect(loss.map((m) => [m.step, m.value])).toEqual([
      [0, 1],
      [1, 0.5],
      [2, 1 / 3],
    ]);
  });

  it('honours a stop when the trainer cannot stop early: the run still ends KILLED', async () => {
    const { trainer } = scriptedTrainer(3, { canStop: false });
    trainer.train = async (_id, _input, onEpoch) => {
      for (let epoch = 0; epoch < 3; epoch++) onEpoch?.({ epoch, metrics: { loss: 1 } });
      return { epochs: 3 } as never;
    };
    const { client, deps } = setup(trainer);
    const outcome = await train(deps, { ...request, onEpoch: () => ({ stop: 'budget spent' }) });
    expect(outcome).toMatchObject({ status: 'KILLED', message: 'budget spent' });
    // Only the epoch the hook saw is kept; later ones raced the stop.
    expect(await client.getMetricHistory(outcome.runId, 'loss')).toHaveLength(1);
    expect(await client.listArtifacts(outcome.runId, 'model')).toEqual([]);
  });

  it('nests under a parent run and carries extra tags', async () => {
    const { trainer } = scriptedTrainer(1);
    const { client, deps } = setup(trainer);
    const parent = (await client.createRun('0', { runName: 'study' })).info.run_id;
    const outcome = await train(deps, {
      ...request,
      parentRunId: parent,
      tags: { 'tracklab.trial_number': '7' },
    });
    const run = await client.getRun(outcome.runId);
    expect(tagValue(run.data.tags, TAGS.parentRunId)).toBe(parent);
    expect(tagValue(run.data.tags, 'tracklab.trial_number')).toBe('7');
    expect(tagValue(run.data.tags, TAGS.sourceName)).toBe('Tracklab Train');
    expect(outcome.status).toBe('FAILED');
  });

  it('stops the fit when an epoch is refused, and ends FAILED with the reason', async () => {
    const { trainer, stops } = scriptedTrainer(10, {
      metrics: (epoch): Record<string, number> => (epoch === 1 ? { 'bad*key': 1 } : { loss: 1 }),
    });
    const { client, deps } = setup(trainer);
    const outcome = await train(deps, request);
    expect(stops).toEqual([expect.stringMatching(/"bad\*key" for parameter 'key'/)]);
    expect(outcome).toMatchObject({ status: 'FAILED', message: stops[0] });
    expect(tagValue((await client.getRun(outcome.runId)).data.tags, TAGS.error)).toBe(stops[0]);
  });

  it('stops the fit at the first failed write (a full disk), keeping what was stored', async () => {
    const store = new DexieStore({ name: `trial-${Math.random()}` });
    const client = new MlflowClient(store);
    const full = new Error('The browser refused to store more: storage is full.');
    const append = store.appendMetrics.bind(store);
    let writes = 0;
    store.appendMetrics = async (runId, metrics) => {
      if (++writes > 1) throw full;
      return append(runId, metrics);
    };
    const { trainer, stops } = scriptedTrainer(10, {
      // Slow epochs, so the buffered metrics are written (every 250 ms) between them.
      metrics: async () => (await new Promise((r) => setTimeout(r, 300)), { loss: 1 }),
    });
    const outcome = await train({ client, trainer, session: 's', browser: 'Node' }, request);
    expect(stops).toEqual([full.message]);
    expect(outcome).toMatchObject({ status: 'FAILED', message: full.message });
    expect(await client.getMetricHistory(outcome.runId, 'loss')).toHaveLength(1);
  });

  it('on a full disk: stops at the first failed write at once, ends FAILED with the epochs kept', async () => {
    const store = new DexieStore({ name: `trial-${Math.random()}` });
    const disk = fillDisk(store.db);
    // The reserve: releasing it is what frees room for the end record (reserve.ts).
    const client = new MlflowClient(store, {
      reserve: { release: async () => void (disk.full = false) },
    });
    let fullAt = 0;
    let stoppedAt = 0;
    const { trainer, stops } = scriptedTrainer(20, {
      metrics: async (epoch) => {
        // Epochs 0-3 are stored by a first flush; the disk fills as epoch 4 starts, and epoch 4
        // is slow: the stop must come from the failed background flush, not from the next
        // epoch's logMetrics 800 ms later.
        if (epoch === 4) [disk.full, fullAt] = [true, Date.now()];
        await new Promise((r) => setTimeout(r, epoch === 4 ? 800 : 100));
        return { loss: 1 / (epoch + 1), val_loss: 1 };
      },
    });
    const stop = trainer.stop!;
    trainer.stop = (runId, reason) => ((stoppedAt ||= Date.now()), stop(runId, reason));
    const shown: number[] = [];
    const saved: number[] = [];
    const outcome = await train(
      { client, trainer, session: 's', browser: 'Node' },
      {
        ...request,
        onEpoch: (r) => void shown.push(r.epoch),
        onSaved: (epochs) => void saved.push(epochs),
      },
    );
    expect(stops).toHaveLength(1);
    expect(stoppedAt - fullAt).toBeLessThan(500);
    const loss = await client.getMetricHistory(outcome.runId, 'loss');
    const kept = loss.length;
    expect(loss.map((m) => m.step)).toEqual([...Array(kept).keys()]);
    expect(outcome).toMatchObject({ status: 'FAILED', keptEpochs: kept });
    expect(outcome.message).toContain(
      `${kept} of ${DEFAULT_CONFIG.fit.epochs} epochs are kept with their metrics`,
    );
    expect(shown.length).toBeLessThanOrEqual(5);
    // The count a screen shows is the stored one, never more.
    expect(saved.length).toBeGreaterThan(0);
    expect(Math.max(...saved)).toBe(kept);
    const run = await client.getRun(outcome.runId);
    expect(run.info.status).toBe('FAILED');
    expect(tagValue(run.data.tags, TAGS.error)).toBe(outcome.message);
  });
});
