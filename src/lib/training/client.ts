/**
 * The page's handle on the training worker. Starts it, sends one training at a time, and if the
 * worker dies (a crash, an out-of-memory kill, a lost GPU context) fails what was in flight with a
 * message and starts a fresh worker for the next request.
 */
import { renderLinePng, type LinePlot } from '../charts/line-plot';
import type { BackendChoice } from './config';
import type { ModelFiles } from './mlmodel';
import type { BackendReport, FromWorker, ToWorker } from './protocol';
import type { EpochReport, TrainInput, TrainResult } from './trainer';

export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

export class TrainingFailure extends Error {
  constructor(
    readonly kind: 'nan' | 'cancelled' | 'context-lost' | 'error' | 'crash',
    message: string,
    readonly epoch: number,
  ) {
    super(message);
    this.name = 'TrainingFailure';
  }
}

interface Pending {
  resolve(value: never): void;
  reject(error: Error): void;
}

export class TrainingClient {
  private worker: WorkerLike | null = null;
  private readyPromise: Promise<BackendReport> | null = null;
  private readonly pending = new Map<string, Pending & { onEpoch?: (r: EpochReport) => void }>();
  private choice: BackendChoice;
  private nextId = 0;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly wasmPaths: Record<string, string>,
    choice: BackendChoice = 'auto',
  ) {
    this.choice = choice;
  }

  /** The backend in use, starting the worker (and probing, for "auto") if needed. */
  ready(): Promise<BackendReport> {
    if (!this.readyPromise) this.readyPromise = this.start();
    return this.readyPromise;
  }

  /** Changes backend: the next request starts a fresh worker on it. */
  setBackend(choice: BackendChoice): void {
    if (choice === this.choice && this.worker) return;
    this.choice = choice;
    this.terminate(new TrainingFailure('error', 'The backend was changed; train again.', 0));
  }

  get backendChoice(): BackendChoice {
    return this.choice;
  }

  private start(): Promise<BackendReport> {
    const worker = this.spawn();
    this.worker = worker;
    return new Promise<BackendReport>((resolve, reject) => {
      worker.onmessage = (event) => {
        const m = event.data;
        if (m.type === 'ready') {
          resolve({
            backend: m.backend,
            tfjsVersion: m.tfjsVersion,
            probe: m.probe,
            device: m.device,
          });
        } else if (m.type === 'init-failed') {
          reject(new Error(`The training worker could not start: ${m.message}`));
          this.terminate(new TrainingFailure('crash', m.message, 0));
        } else this.receive(m);
      };
      worker.onerror = (event) => {
        event.preventDefault?.();
        const message = event.message || 'the worker stopped unexpectedly';
        reject(new Error(`The training worker could not start: ${message}`));
        this.terminate(
          new TrainingFailure(
            'crash',
            `The training worker crashed (${message}). A new worker has been started; train again, and if it happens again, choose a smaller model or batch, or another backend.`,
            0,
          ),
        );
      };
      worker.postMessage({
        type: 'init',
        backend: this.choice,
        wasmPaths: this.wasmPaths,
      } satisfies ToWorker);
    });
  }

  /** Terminates the worker, failing whatever was in flight; the next request starts a new one. */
  terminate(reason = new TrainingFailure('error', 'The training worker was stopped.', 0)): void {
    this.worker?.terminate();
    this.worker = null;
    this.readyPromise = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(reason);
  }

  private receive(m: FromWorker): void {
    const id = 'runId' in m ? m.runId : 'id' in m ? m.id : undefined;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (!pending) return; // a reply for a request that was dropped: stale
    if (m.type === 'epoch') {
      pending.onEpoch?.(m.report);
      return;
    }
    this.pending.delete(id!);
    if (m.type === 'done') pending.resolve(m.result as never);
    else if (m.type === 'predicted') pending.resolve(m.outputs as never);
    else if (m.type === 'rendered') pending.resolve(m.png as never);
    else if (m.type === 'failed') {
      pending.reject(new TrainingFailure(m.kind, m.message, m.epoch));
      // A lost context closes the worker itself; start clean next time.
      if (m.kind === 'context-lost') this.terminate();
    } else if (m.type === 'predict-failed' || m.type === 'render-failed')
      pending.reject(new Error(m.message));
  }

  private async send<T>(
    id: string,
    message: ToWorker,
    transfer: Transferable[],
    onEpoch?: (r: EpochReport) => void,
  ) {
    await this.ready();
    return new Promise<T>((resolve, reject) => {
      const worker = this.worker;
      if (!worker) {
        reject(new TrainingFailure('error', 'The training worker was stopped.', 0));
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject, onEpoch });
      worker.postMessage(message, transfer);
    });
  }

  train(
    runId: string,
    input: TrainInput,
    onEpoch?: (report: EpochReport) => void,
  ): Promise<TrainResult> {
    return this.send<TrainResult>(runId, { type: 'train', runId, input }, [], onEpoch);
  }

  cancel(runId: string): void {
    this.worker?.postMessage({ type: 'cancel', runId } satisfies ToWorker);
  }

  predict(files: ModelFiles, x: Float32Array, width: number): Promise<Float32Array> {
    const id = `predict-${++this.nextId}`;
    return this.send<Float32Array>(id, { type: 'predict', id, files, x, width }, []);
  }

  /**
   * A run's curves as PNG, drawn in the worker: in a hidden tab the page's canvas encoding waits
   * for a throttled task (about 1 s per plot; bench/background.js), the worker's does not. Falls
   * back to the page where the worker cannot draw.
   */
  async renderPlot(plot: LinePlot): Promise<Uint8Array> {
    // No worker (after a crash or a lost context): starting one, with its backend probe, only to
    // draw is not worth it.
    if (!this.worker) return renderLinePng(plot);
    const id = `plot-${++this.nextId}`;
    try {
      return await this.send<Uint8Array>(id, { type: 'render-plot', id, plot }, []);
    } catch (e) {
      console.warn(
        `The training worker could not draw "${plot.title}" (${(e as Error).message}); drawing it on the page.`,
      );
      return renderLinePng(plot);
    }
  }

  /** Test aids (see protocol.ts). */
  debug(type: 'lose-context' | 'crash'): void {
    this.worker?.postMessage({ type } satisfies ToWorker);
  }
}
