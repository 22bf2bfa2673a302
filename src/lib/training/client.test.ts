import { describe, expect, it } from 'vitest';
import type { WorkerLike } from '$lib/workers/channel';
import { isLifeline } from '$lib/workers/lifeline';
import { DEFAULT_CONFIG } from './config';
import { TrainingClient, TrainingFailure, type TrainingClientOptions } from './client';
import type { FromWorker, ToWorker, TrainMessage } from './protocol';
import type { TrainInput, TrainResult } from './trainer';

const result = { epochs: 1 } as TrainResult;

/** A training worker played by the test: it answers init at once and trains when told. */
class FakeWorker implements WorkerLike<ToWorker, FromWorker> {
  sent: ToWorker[] = [];
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  postMessage(m: ToWorker) {
    if (isLifeline(m)) return; // signs of life: channel.test.ts
    this.sent.push(m);
    if (m.type === 'init') {
      const backend = m.backend === 'auto' ? 'wasm' : m.backend;
      queueMicrotask(() =>
        this.reply({ type: 'ready', id: m.id, backend, tfjsVersion: '4.22.0', probe: {} }),
      );
    }
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: FromWorker) {
    this.onmessage?.({ data } as MessageEvent<FromWorker>);
  }
  get trains() {
    return this.sent.filter((m): m is TrainMessage => m.type === 'train');
  }
  /** Ends the latest training sent to this worker with `result`. */
  finish() {
    this.reply({ type: 'done', id: this.trains.at(-1)!.id, result });
  }
}

const input = (dataKey?: string): TrainInput => {
  const split = { x: new Float32Array([1, 2]), y: new Float32Array([0]) };
  return {
    task: 'binary',
    classes: 2,
    width: 2,
    train: split,
    validation: split,
    test: split,
    config: DEFAULT_CONFIG,
    dataKey,
  };
};
const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(size: number, options?: TrainingClientOptions) {
  const workers: FakeWorker[] = [];
  const client = new TrainingClient(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    {},
    'auto',
    size,
    options,
  );
  return { client, workers };
}

describe('TrainingClient', () => {
  it('probes once; the next worker is told the chosen backend', async () => {
    const { client, workers } = setup(2);
    expect((await client.ready()).backend).toBe('wasm');
    const a = client.train('a', input());
    const b = client.train('b', input());
    await tick();
    expect(workers.map((w) => w.sent[0])).toMatchObject([
      { type: 'init', backend: 'auto' },
      { type: 'init', backend: 'wasm' },
    ]);
    expect(workers.map((w) => w.trains.map((t) => t.runId))).toEqual([['a'], ['b']]);
    workers.forEach((w) => w.finish());
    expect([await a, await b]).toEqual([result, result]);
  });

  it('queues a training while every worker is busy, and routes epochs to their run', async () => {
    const { client, workers } = setup(1);
    const epochs: string[] = [];
    const a = client.train('a', input(), () => epochs.push('a'));
    const b = client.train('b', input(), () => epochs.push('b'));
    await tick();
    expect(workers[0].trains.map((t) => t.runId)).toEqual(['a']);
    const [ta] = workers[0].trains;
    workers[0].reply({ type: 'epoch', id: ta.id, report: { epoch: 0, metrics: {} } });
    workers[0].reply({ type: 'done', id: ta.id, result });
    await a;
    await tick();
    const tb = workers[0].trains[1];
    expect(tb.runId).toBe('b');
    workers[0].reply({ type: 'epoch', id: ta.id, report: { epoch: 1, metrics: {} } }); // stale
    workers[0].reply({ type: 'epoch', id: tb.id, report: { epoch: 0, metrics: {} } });
    workers[0].reply({ type: 'done', id: tb.id, result });
    await b;
    expect(epochs).toEqual(['a', 'b']);
  });

  it('sends a data set once per worker, as transferred copies, and then only its key', async () => {
    const { client, workers } = setup(1);
    const page = input('k1');
    for (const key of ['k1', 'k1', 'k2', 'k3', 'k1']) {
      const done = client.train(key, key === 'k1' ? page : input(key));
      await tick();
      workers[0].finish();
      await done;
    }
    const sent = workers[0].trains.map((t) => [t.dataKey, !!t.data, t.forget ?? []]);
    expect(sent).toEqual([
      ['k1', true, []],
      ['k1', false, []],
      ['k2', true, []],
      ['k3', true, ['k1']],
      ['k1', true, ['k2']],
    ]);
    expect(workers[0].trains[0].data!.train.x).not.toBe(page.train.x);
    expect([...workers[0].trains[0].data!.train.x]).toEqual([...page.train.x]);
    expect(workers[0].trains[0].input).not.toHaveProperty('train');
  });

  it('stop ends a run with its reason, cancel asks the worker, and a queued run ends at once', async () => {
    const { client, workers } = setup(1);
    const a = client.train('a', input());
    const b = client.train('b', input());
    await tick();
    client.stop('a', 'Pruned at epoch 3: below the median.');
    const stop = workers[0].sent.at(-1);
    expect(stop).toMatchObject({ type: 'stop', runId: 'a', kind: 'stopped' });
    client.cancel('b');
    await expect(b).rejects.toMatchObject({ kind: 'cancelled', epoch: 0 });
    const id = workers[0].trains[0].id;
    workers[0].reply({
      type: 'failed',
      id,
      kind: 'stopped',
      message: 'Pruned at epoch 3: below the median.',
      epoch: 3,
    });
    const failure = await a.catch((e: TrainingFailure) => e);
    expect(failure).toBeInstanceOf(TrainingFailure);
    expect(failure).toMatchObject({ kind: 'stopped', epoch: 3 });
    expect((failure as Error).message).toBe('Pruned at epoch 3: below the median.');
    expect(workers[0].trains).toHaveLength(1);
  });

  it('a crash fails the run with the crash message, hits the training worker, and restarts', async () => {
    const { client, workers } = setup(2);
    const a = client.train('a', input());
    await tick();
    const b = client.train('b', input());
    await tick();
    client.debug('crash');
    expect(workers[1].sent.at(-1)).toMatchObject({ type: 'crash' });
    workers[1].onerror?.({ message: 'Uncaught Error' } as ErrorEvent);
    await expect(b).rejects.toMatchObject({ kind: 'crash' });
    await expect(b).rejects.toThrow(
      'The training worker crashed (Uncaught Error) after 0 epochs; no epoch had been logged. A new worker',
    );
    const c = client.train('c', input());
    await tick();
    expect(workers).toHaveLength(3);
    expect(workers[2].sent[0]).toMatchObject({ type: 'init', backend: 'wasm' });
    workers[2].finish();
    workers[0].finish();
    expect([await c, await a]).toEqual([result, result]);
  });

  it('a worker that ends without an error fails the fit, saying the epochs kept', async () => {
    const { client, workers } = setup(1, { liveness: { silenceMs: 40, locks: null } });
    const a = client.train('a', input());
    await tick();
    const { id } = workers[0].trains[0];
    for (const epoch of [0, 1])
      workers[0].reply({ type: 'epoch', id, report: { epoch, metrics: {} } });
    // ... and then nothing: the worker was terminated, or closed itself.
    const failure = await a.catch((e: TrainingFailure) => e);
    expect(failure).toMatchObject({ kind: 'crash', epoch: 2 });
    expect((failure as Error).message).toMatch(
      /^The training worker stopped without an error \(.+\) after 2 epochs; the 2 epochs logged are kept\. A new worker will be started/,
    );
    expect(workers[0].terminated).toBe(true);
    const b = client.train('b', input());
    await tick();
    expect(workers).toHaveLength(2);
    workers[1].finish();
    expect(await b).toBe(result);
  });

  it('Cancel does not wait on a worker that never stops the fit', async () => {
    const { client, workers } = setup(1, { cancelGraceMs: 20 });
    const a = client.train('a', input());
    await tick();
    const { id } = workers[0].trains[0];
    workers[0].reply({ type: 'epoch', id, report: { epoch: 0, metrics: {} } });
    client.cancel('a');
    expect(workers[0].sent.at(-1)).toMatchObject({ type: 'stop', runId: 'a', kind: 'cancelled' });
    await expect(a).rejects.toMatchObject({ kind: 'cancelled', epoch: 1 });
    await expect(a).rejects.toThrow('Cancelled after 1 epochs.');
    expect(workers[0].terminated).toBe(true);
  });

  it('draws plots on the page when no worker runs', async () => {
    const { client, workers } = setup(1);
    const plot = { title: 'Loss', xLabel: 'epoch', series: [] };
    await expect(client.renderPlot(plot)).rejects.toBeDefined(); // no canvas in Node
    expect(workers).toHaveLength(0);
  });
});
