/**
 * A training worker: owns tfjs for the life of the page (backend, fit, predict), so the page stays
 * responsive; the page runs a pool of them (client.ts). It keeps the splits of the data sets it
 * was sent under their keys, dropping those the page says to forget. Every reply names the
 * request it answers.
 */
import { renderLinePng } from '../charts/line-plot';
import { lifeSign, withLifeline } from '$lib/workers/lifeline';
import { chooseBackend, configureWasm, watchContext } from './backends';
import { isOutOfMemory } from './failures';
import type { FromWorker, ToWorker, TrainMessage } from './protocol';
import {
  CONTEXT_LOST,
  predictWithFiles,
  trainModel,
  TrainingError,
  type Splits,
  type StopReason,
} from './trainer';

const scope = globalThis as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer);

/** Fits in progress by run id, with the request they answer and why they should stop. */
const fits = new Map<string, { id: string; stop: StopReason | null; reason?: string }>();
/** Splits by data key; the page's `forget` lists keep it to a data set or two. */
const datasets = new Map<string, Splits>();
let contextLost = false;
/** The last fit failed for want of memory: this worker closes after replying. */
let outOfMemory = false;
let loseContext: () => void = () => {};
let ready: Promise<void> = Promise.resolve();

/**
 * A macrotask yield through a MessageChannel: lets Cancel in, and is not throttled when hidden.
 * It is also the fit loop's batch boundary, where a heartbeat goes out: a long fit may starve the
 * worker's timer, and the page counts silence where Web Locks cannot tell it of a death.
 */
function yieldToEvents(): Promise<void> {
  lifeSign();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function splitsOf(m: TrainMessage): Splits {
  for (const key of m.forget ?? []) datasets.delete(key);
  if (m.data && m.dataKey) datasets.set(m.dataKey, m.data);
  const splits = m.data ?? (m.dataKey ? datasets.get(m.dataKey) : undefined);
  if (!splits) throw new Error('The training worker no longer holds this data set; train again.');
  return splits;
}

async function train(m: TrainMessage) {
  const fit: { id: string; stop: StopReason | null; reason?: string } = { id: m.id, stop: null };
  fits.set(m.runId, fit);
  try {
    const result = await trainModel(
      { ...m.input, ...splitsOf(m) },
      {
        onEpoch: (report) => post({ type: 'epoch', id: m.id, report }),
        shouldStop: () => (contextLost ? 'context-lost' : fit.stop),
        yieldToEvents,
      },
    );
    post({ type: 'done', id: m.id, result }, [
      result.files.weights.buffer as ArrayBuffer,
      result.predictions.validation.buffer as ArrayBuffer,
      result.predictions.test.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    const known = e instanceof TrainingError ? e : null;
    const message = (known?.kind === 'stopped' && fit.reason) || (e as Error).message || String(e);
    outOfMemory = !known && isOutOfMemory(message);
    post({
      type: 'failed',
      id: m.id,
      kind: known?.kind ?? (contextLost ? 'context-lost' : 'error'),
      message,
      epoch: known?.epoch ?? 0,
    });
  } finally {
    fits.delete(m.runId);
    // A lost context cannot train again, and a backend out of memory may be left broken (a
    // WASM heap that failed to grow): a fresh worker is the clean way back.
    if (contextLost || outOfMemory) self.close();
  }
}

function init(m: Extract<ToWorker, { type: 'init' }>) {
  ready = (async () => {
    try {
      configureWasm(m.wasmPaths);
      const report = await chooseBackend(m.backend);
      loseContext = watchContext(() => {
        contextLost = true;
        // GPU reads can hang forever on a lost context, so the fits are failed now rather than
        // at the next batch, and this worker closes; the page starts a fresh one.
        for (const { id } of fits.values())
          post({ type: 'failed', id, kind: 'context-lost', message: CONTEXT_LOST, epoch: 0 });
        setTimeout(() => self.close(), 50);
      });
      post({ type: 'ready', id: m.id, ...report });
    } catch (e) {
      post({ type: 'init-failed', id: m.id, message: (e as Error).message });
    }
  })();
}

/** Runs one request and posts its reply, transferring the one buffer it carries. */
const answer = (id: string, work: () => Promise<[FromWorker, ArrayBufferLike]>) =>
  work().then(
    ([reply, buffer]) => post(reply, [buffer as ArrayBuffer]),
    (e: Error) => post({ type: 'failed', id, kind: 'error', message: e.message, epoch: 0 }),
  );

scope.onmessage = withLifeline((event: MessageEvent<ToWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      return init(m);
    case 'train':
      return void ready.then(() => train(m));
    case 'stop': {
      const fit = fits.get(m.runId);
      if (fit) Object.assign(fit, { stop: m.kind, reason: m.reason });
      return;
    }
    case 'predict':
      return void answer(m.id, async () => {
        await ready;
        const outputs = await predictWithFiles(m.files, m.x, m.width);
        return [{ type: 'predicted', id: m.id, outputs }, outputs.buffer];
      });
    case 'render-plot':
      return void answer(m.id, async () => {
        const png = await renderLinePng(m.plot);
        return [{ type: 'rendered', id: m.id, png }, png.buffer];
      });
    case 'lose-context':
      return loseContext();
    case 'crash':
      setTimeout(() => {
        throw new Error('Worker crash requested (test aid).');
      });
      return;
    case 'exit':
      return self.close();
  }
});
