/**
 * The page's handle on a pool of training workers. The backend probe ("auto") runs once, in the
 * first worker; the others are told the backend it chose. A training takes an idle worker (or
 * waits for one); predictions and plots go to any running one. A data set's splits travel to a
 * worker once per `dataKey`. A worker that dies (a crash, an out-of-memory kill, a lost GPU
 * context, or a silent end: terminated or closed) fails what it had in flight with a message, and
 * the next request starts a fresh one. Cancel never waits on a worker that does not answer.
 */
import { renderLinePng, type LinePlot } from '../charts/line-plot';
import {
  WorkerChannel,
  type Liveness,
  type WithoutId,
  type WorkerLike,
} from '$lib/workers/channel';
import { defaultPoolSize, WorkerPool } from '$lib/workers/pool';
import type { BackendChoice } from './config';
import type { ModelFiles } from './mlmodel';
import { crashed, explainFailure, fitCrashed, TrainingFailure } from './failures';
import type { BackendReport, FromWorker, ToWorker, TrainMessage } from './protocol';
import type { EpochReport, Splits, TrainInput, TrainResult } from './trainer';

export type { WorkerLike };
export { TrainingFailure };

/** Data sets a worker keeps; the page tells it which to forget, so both agree on the set. */
const KEEP_DATASETS = 2;

interface Member {
  channel: WorkerChannel<ToWorker, FromWorker>;
  /** The worker's init, once sent; reset when the worker goes. */
  started: Promise<BackendReport> | null;
  /** Data keys the worker holds, least recently used first. */
  data: string[];
}

/** A training in this client: where it runs, and a stop that came before it was sent. */
interface Run {
  member?: Member;
  /** The channel request of the fit, once sent. */
  request?: string;
  /** Epochs the worker reported (each one logged by the caller). */
  epochs: number;
  early?: TrainingFailure;
  /** Rejects when the run is stopped while waiting for a worker. */
  ended: Promise<never>;
  end(failure: TrainingFailure): void;
}

/** How long Cancel waits for the worker to end the fit before it ends the worker instead. */
export const CANCEL_GRACE_MS = 5000;

export interface TrainingClientOptions {
  liveness?: Liveness;
  cancelGraceMs?: number;
}

function read(m: FromWorker) {
  switch (m.type) {
    case 'ready':
      return {
        value: { backend: m.backend, tfjsVersion: m.tfjsVersion, probe: m.probe, device: m.device },
      };
    case 'init-failed':
      return { error: new Error(`The training worker could not start: ${m.message}`) };
    case 'epoch':
      return { progress: m.report };
    case 'failed':
      return { error: new TrainingFailure(m.kind, explainFailure(m.message), m.epoch) };
    case 'done':
      return { value: m.result };
    case 'predicted':
      return { value: m.outputs };
    case 'rendered':
      return { value: m.png };
  }
}

const copy = (s: Splits[keyof Splits]) => ({ x: s.x.slice(), y: s.y.slice() });

export class TrainingClient {
  private readonly pool: WorkerPool<Member>;
  private report: Promise<BackendReport> | null = null;
  private choice: BackendChoice;
  private readonly runs = new Map<string, Run>();
  /** The worker that took the latest training: the one the test aids hit. */
  private latest: Member | null = null;

  constructor(
    spawn: () => WorkerLike<ToWorker, FromWorker>,
    private readonly wasmPaths: Record<string, string>,
    choice: BackendChoice = 'auto',
    size = defaultPoolSize(),
    private readonly options: TrainingClientOptions = {},
  ) {
    this.choice = choice;
    this.pool = new WorkerPool(size, (index) => {
      const member: Member = { started: null, data: [], channel: null! };
      member.channel = new WorkerChannel({
        spawn,
        read,
        crashed,
        prefix: `t${index}-`,
        liveness: options.liveness,
        onExit: () => Object.assign(member, { started: null, data: [] }),
      });
      return member;
    });
  }

  /** The backend in use, probing for it (for "auto") in the first worker if not done yet. */
  ready(): Promise<BackendReport> {
    if (!this.report) {
      const report = this.init(this.pool.member(0), this.choice);
      this.report = report;
      report.catch(() => {
        if (this.report === report) this.report = null;
      });
    }
    return this.report;
  }

  /** Changes backend: the workers stop, and the next request starts them on it. */
  /** Room for at least `n` trainings at once (a study's parallel trials); never shrinks. */
  ensureWorkers(n: number): void {
    this.pool.grow(n);
  }

  /** How many trainings can run at once. */
  get workers(): number {
    return this.pool.size;
  }

  setBackend(choice: BackendChoice): void {
    if (choice === this.choice && this.running().length) return;
    this.choice = choice;
    this.terminate(new TrainingFailure('error', 'The backend was changed; train again.', 0));
  }

  get backendChoice(): BackendChoice {
    return this.choice;
  }

  /** Ends every worker, failing whatever was in flight; the next request starts anew. */
  terminate(reason = new TrainingFailure('error', 'The training worker was stopped.', 0)): void {
    this.report = null;
    this.pool.rejectWaiting(reason);
    for (const { member } of this.pool.built()) member.channel.terminate(reason);
  }

  private init(member: Member, backend: BackendChoice): Promise<BackendReport> {
    const { reply } = member.channel.request<BackendReport>(
      { type: 'init', backend, wasmPaths: this.wasmPaths },
      { crashed: (message) => new Error(`The training worker could not start: ${message}`) },
    );
    member.started = reply;
    reply.catch((e: Error) => member.channel.terminate(new TrainingFailure('crash', e.message, 0)));
    return reply;
  }

  /** The member at `index`, started on the backend the probe chose. */
  private async started(index: number): Promise<Member> {
    const report = await this.ready();
    const member = this.pool.member(index);
    await (member.started ?? this.init(member, report.backend));
    return member;
  }

  /** The workers started so far, with their place in the pool. */
  private running() {
    return this.pool.built().filter(({ member }) => member.started);
  }

  train(
    runId: string,
    input: TrainInput,
    onEpoch?: (report: EpochReport) => void,
  ): Promise<TrainResult> {
    let end!: (failure: TrainingFailure) => void;
    const ended = new Promise<never>((_, reject) => (end = reject));
    ended.catch(() => {});
    const run: Run = { ended, end, epochs: 0 };
    this.runs.set(runId, run);
    return this.trainOn(runId, run, input, onEpoch).finally(() => this.runs.delete(runId));
  }

  private async trainOn(
    runId: string,
    run: Run,
    input: TrainInput,
    onEpoch?: (report: EpochReport) => void,
  ): Promise<TrainResult> {
    await this.ready();
    const acquired = this.pool.acquire();
    const index = await Promise.race([acquired, run.ended]).catch((e: unknown) => {
      void acquired.then(
        (i) => this.pool.release(i),
        () => {},
      );
      throw e;
    });
    try {
      const member = await this.started(index);
      if (run.early) throw run.early;
      run.member = this.latest = member;
      const { message, transfer } = this.trainMessage(member, runId, input);
      const { id, reply } = member.channel.request<TrainResult, EpochReport>(message, {
        transfer,
        onProgress: (report) => {
          run.epochs++;
          onEpoch?.(report);
        },
        crashed: (why, info) => fitCrashed(why, info, run.epochs),
      });
      run.request = id;
      return await reply;
    } catch (e) {
      // A lost context closes the worker itself; start clean next time.
      if ((e as TrainingFailure).kind === 'context-lost')
        this.pool.member(index).channel.terminate();
      throw e;
    } finally {
      this.pool.release(index);
    }
  }

  /** The request for one training: the splits if the worker lacks them, else only their key. */
  private trainMessage(member: Member, runId: string, input: TrainInput) {
    const { train, validation, test, dataKey, ...rest } = input;
    const message: WithoutId<TrainMessage> = { type: 'train', runId, input: rest, dataKey };
    const held = dataKey === undefined ? -1 : member.data.indexOf(dataKey);
    if (held >= 0) {
      member.data.push(...member.data.splice(held, 1));
      return { message, transfer: [] };
    }
    // Copies, transferred: the page keeps its own arrays for the next worker and for logging.
    const data = { train: copy(train), validation: copy(validation), test: copy(test) };
    if (dataKey !== undefined) {
      member.data.push(dataKey);
      message.forget = member.data.splice(0, Math.max(0, member.data.length - KEEP_DATASETS));
    }
    message.data = data;
    const transfer = Object.values(data).flatMap((s) => [s.x.buffer, s.y.buffer]);
    return { message, transfer };
  }

  /** Ends a training at the next batch: it fails as 'cancelled' (the run is KILLED). */
  cancel(runId: string): void {
    this.end(runId, 'cancelled', (epochs) => `Cancelled after ${epochs} epochs.`);
  }

  /**
   * Ends a training at the next batch boundary with a reason (a pruner's): train() rejects with
   * a TrainingFailure of kind 'stopped', whose message is `reason` and epoch the epochs done.
   */
  stop(runId: string, reason: string): void {
    this.end(runId, 'stopped', () => reason, reason);
  }

  private end(
    runId: string,
    kind: 'cancelled' | 'stopped',
    message: (epochs: number) => string,
    reason?: string,
  ) {
    const run = this.runs.get(runId);
    if (!run) return;
    const { member, request } = run;
    if (member && request) {
      member.channel.notify({ type: 'stop', runId, kind, reason });
      this.unlessStopped(
        member,
        request,
        () => new TrainingFailure(kind, message(run.epochs), run.epochs),
      );
      return;
    }
    run.early = new TrainingFailure(kind, message(0), 0);
    run.end(run.early);
  }

  /**
   * A worker that is gone, or too busy to stop within the grace period, must not keep Cancel
   * waiting: the fit ends now, as stopped, and that worker is ended (the next request starts a
   * fresh one). Every epoch it reported is already logged.
   */
  private unlessStopped(member: Member, request: string, failure: () => TrainingFailure) {
    const force = () => {
      if (!member.channel.has(request)) return; // it stopped (or failed) on its own
      member.channel.cancel(request, failure());
      member.channel.terminate(
        new TrainingFailure('error', 'The training worker did not stop in time and was ended.', 0),
      );
    };
    if (!member.channel.running) return force();
    setTimeout(force, this.options.cancelGraceMs ?? CANCEL_GRACE_MS);
  }

  /** Runs saved model files on encoded rows in any running worker (starting one if none is). */
  async predict(files: ModelFiles, x: Float32Array, width: number): Promise<Float32Array> {
    const member = this.idle() ?? (await this.started(0));
    return member.channel.request<Float32Array>({ type: 'predict', files, x, width }).reply;
  }

  /** A running worker, one not training if there is one. */
  private idle(): Member | undefined {
    const running = this.running();
    const free = running.find(({ index }) => !this.pool.isBusy(index)) ?? running[0];
    return free?.member;
  }

  /**
   * A run's curves as PNG, drawn in a worker: in a hidden tab the page's canvas encoding waits
   * for a throttled task (about 1 s per plot; bench/background.js), the worker's does not. Falls
   * back to the page where the worker cannot draw.
   */
  async renderPlot(plot: LinePlot): Promise<Uint8Array> {
    // No worker (after a crash or a lost context): starting one, with its backend probe, only to
    // draw is not worth it.
    const member = this.idle();
    if (!member) return renderLinePng(plot);
    try {
      await member.started;
      return await member.channel.request<Uint8Array>({ type: 'render-plot', plot }).reply;
    } catch (e) {
      console.warn(
        `The training worker could not draw "${plot.title}" (${(e as Error).message}); drawing it on the page.`,
      );
      return renderLinePng(plot);
    }
  }

  /** Test aids (see protocol.ts), sent to the worker that took the latest training. */
  debug(type: 'lose-context' | 'crash' | 'exit'): void {
    const member = this.latest?.started ? this.latest : this.idle();
    member?.channel.notify({ type });
  }
}
