/**
 * The training worker: owns tfjs for the life of the page (backend choice, fit, predict), so the
 * page stays responsive. One training at a time; replies carry the run id they belong to.
 */
import { renderLinePng } from '../charts/line-plot';
import { chooseBackend, configureWasm, watchContext } from './backends';
import type { FromWorker, ToWorker } from './protocol';
import {
  CONTEXT_LOST,
  predictWithFiles,
  trainModel,
  TrainingError,
  type StopReason,
} from './trainer';

const scope = globalThis as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer);

let current: { runId: string; stop: StopReason | null } | null = null;
let contextLost = false;
let loseContext: () => void = () => {};
let ready: Promise<void> = Promise.resolve();

/** A macrotask yield through a MessageChannel: lets Cancel in, and is not throttled when hidden. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

async function train(runId: string, input: Extract<ToWorker, { type: 'train' }>['input']) {
  current = { runId, stop: null };
  const run = current;
  try {
    const result = await trainModel(input, {
      onEpoch: (report) => post({ type: 'epoch', runId, report }),
      shouldStop: () => (contextLost ? 'context-lost' : run.stop),
      yieldToEvents,
    });
    post({ type: 'done', runId, result }, [
      result.files.weights.buffer as ArrayBuffer,
      result.predictions.validation.buffer as ArrayBuffer,
      result.predictions.test.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    const error = e as Error;
    post({
      type: 'failed',
      runId,
      kind: e instanceof TrainingError ? e.kind : contextLost ? 'context-lost' : 'error',
      message: error.message || String(e),
      epoch: e instanceof TrainingError ? e.epoch : 0,
    });
  } finally {
    if (current === run) current = null;
    if (contextLost) {
      // The lost context cannot train again; a fresh worker is the clean way back.
      self.close();
    }
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      ready = (async () => {
        try {
          configureWasm(message.wasmPaths);
          const report = await chooseBackend(message.backend);
          loseContext = watchContext(() => {
            contextLost = true;
            // GPU reads can hang forever on a lost context, so the run is failed now rather than
            // at the next batch, and this worker closes; the page starts a fresh one.
            if (current) {
              post({
                type: 'failed',
                runId: current.runId,
                kind: 'context-lost',
                message: CONTEXT_LOST,
                epoch: 0,
              });
            }
            setTimeout(() => self.close(), 50);
          });
          post({ type: 'ready', ...report });
        } catch (e) {
          post({ type: 'init-failed', message: (e as Error).message });
        }
      })();
      break;
    case 'train':
      void ready.then(() => train(message.runId, message.input));
      break;
    case 'cancel':
      if (current?.runId === message.runId) current.stop = 'cancelled';
      break;
    case 'predict':
      void ready
        .then(() => predictWithFiles(message.files, message.x, message.width))
        .then(
          (outputs) =>
            post({ type: 'predicted', id: message.id, outputs }, [outputs.buffer as ArrayBuffer]),
          (e: Error) => post({ type: 'predict-failed', id: message.id, message: e.message }),
        );
      break;
    case 'render-plot':
      renderLinePng(message.plot).then(
        (png) => post({ type: 'rendered', id: message.id, png }, [png.buffer as ArrayBuffer]),
        (e: Error) => post({ type: 'render-failed', id: message.id, message: e.message }),
      );
      break;
    case 'lose-context':
      loseContext();
      break;
    case 'crash':
      setTimeout(() => {
        throw new Error('Worker crash requested (test aid).');
      });
      break;
  }
};
