/**
 * The run handed to `startRun`'s body: logging helpers bound to one run, with metrics buffered and
 * flushed in batches (every FLUSH_POINTS points or FLUSH_MS), because each IndexedDB write
 * transaction has a fixed cost (0.7–4 ms measured here) however small.
 */
import type { MlflowClient, Tags } from './client';
import { tagValue, type Metric, type Run, type RunStatus } from './entities';
import type { ArtifactBody } from './store';
import { withReserve } from './storage-full';
import { TAGS } from './tags';
import { validateMetric } from './validation';

export interface StartRunOptions {
  experimentId?: string;
  runName?: string;
  tags?: Tags;
  parentRunId?: string;
  /**
   * Resume this existing run instead of creating one (mlflow.start_run(run_id=…)): a tuning
   * trial's run, which its study created, takes the training's metrics and ends with it.
   */
  runId?: string;
  /** Called once the run exists, before the body: a screen can link to it and offer Cancel. */
  onStart?(run: ActiveRun): void;
}

/** The statuses a run can end with. */
export type EndStatus = Extract<RunStatus, 'FINISHED' | 'FAILED' | 'KILLED'>;

/**
 * Thrown from a run's body to end the run KILLED (Cancel, a pruner) or FAILED with a reason a
 * person can act on; any other error ends it FAILED with the error's message.
 */
export class RunStopped extends Error {
  constructor(
    readonly status: Exclude<EndStatus, 'FINISHED'>,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RunStopped';
  }
}

/** How a run whose body threw `error` ends: its status and the reason recorded with it. */
export function endOf(error: unknown): { status: Exclude<EndStatus, 'FINISHED'>; reason: string } {
  const status = error instanceof RunStopped ? error.status : 'FAILED';
  const reason = error instanceof Error ? error.message : String(error);
  return { status, reason: reason || 'The run stopped without a reason.' };
}

const FLUSH_POINTS = 10_000;
const FLUSH_MS = 250;

export class ActiveRun {
  readonly runId: string;
  readonly info: Run['info'];
  private buffer: Metric[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly failureListeners: ((error: unknown) => void)[] = [];
  private readonly storedListeners: ((stored: number) => void)[] = [];
  /**
   * Metric points stored so far. Always the first `stored` points logged: after a failed write
   * nothing later is written, so what is kept has no gaps.
   */
  stored = 0;

  constructor(
    private readonly client: MlflowClient,
    run: Run,
    private readonly now: () => number,
  ) {
    this.runId = run.info.run_id;
    this.info = run.info;
  }

  /** Buffers one point; a bad key or value throws here, at the call that caused it. */
  logMetric(key: string, value: number, step = 0, timestamp = this.now()): void {
    this.throwIfFailed();
    const metric = { key, value, step, timestamp };
    validateMetric(metric);
    this.buffer.push(metric);
    if (this.buffer.length >= FLUSH_POINTS) this.flushInBackground();
    else this.timer ??= setTimeout(() => this.flushInBackground(), FLUSH_MS);
  }

  logMetrics(metrics: Record<string, number>, step = 0, timestamp = this.now()): void {
    for (const [key, value] of Object.entries(metrics)) this.logMetric(key, value, step, timestamp);
  }

  /** Writes buffered points; resolves when they are stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const points = this.buffer;
    this.buffer = [];
    if (points.length) {
      this.flushing = this.flushing.then(async () => {
        if (this.failure) return;
        try {
          await this.client.logMetricPoints(this.runId, points);
          this.stored += points.length;
          for (const listener of this.storedListeners) listener(this.stored);
        } catch (e) {
          this.fail(e);
        }
      });
    }
    return this.flushing.then(() => this.throwIfFailed());
  }

  /**
   * Calls `listener` as soon as a metric write fails (a full disk), so the caller can stop at
   * once rather than at its next logMetric, up to a flush interval of work later.
   */
  onWriteFailure(listener: (error: unknown) => void): void {
    this.failureListeners.push(listener);
  }

  /** Calls `listener` with the count of stored points after each metric write that succeeds. */
  onStored(listener: (stored: number) => void): void {
    this.storedListeners.push(listener);
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error ?? new Error('A metric write failed without a reason.');
    for (const listener of this.failureListeners) listener(this.failure);
  }

  /** A flush nobody awaits: its failure is kept and thrown at the next call, not left unhandled. */
  private flushInBackground(): void {
    this.flush().catch(() => undefined);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  async logParam(key: string, value: unknown): Promise<void> {
    await this.client.logParam(this.runId, key, value);
  }
  logParams(params: Record<string, unknown>): Promise<void> {
    return this.client.logParams(this.runId, params);
  }
  setTag(key: string, value: unknown): Promise<void> {
    return this.client.setTag(this.runId, key, value);
  }
  setTags(tags: Record<string, unknown>): Promise<void> {
    return this.client.setTags(this.runId, tags);
  }
  logArtifact(path: string, body: ArtifactBody): Promise<void> {
    return this.client.logArtifact(this.runId, path, body);
  }
  logArtifacts(files: { path: string; body: ArtifactBody }[]): Promise<void> {
    return this.client.logArtifacts(this.runId, files);
  }
  logText(text: string, artifactFile: string): Promise<void> {
    return this.client.logText(this.runId, text, artifactFile);
  }
  logDict(dictionary: unknown, artifactFile: string): Promise<void> {
    return this.client.logDict(this.runId, dictionary, artifactFile);
  }

  /** A child run of this one (mlflow.parentRunId), in the same experiment unless told otherwise. */
  startRun<T>(
    options: Omit<StartRunOptions, 'parentRunId'>,
    body: (run: ActiveRun) => Promise<T> | T,
  ): Promise<T> {
    return this.client.startRun(
      { experimentId: this.info.experiment_id, ...options, parentRunId: this.runId },
      body,
    );
  }

  /**
   * Flushes and sets the final status and end time. A run that did not finish records why in
   * `tracklab.error`, so the Run page and a search can say it; a failed flush ends it FAILED (in
   * the words of the body's reason when the body stopped for that very failure). On a full disk
   * this end record is written with the client's reserve released (storage-full.ts).
   */
  async end(status: EndStatus, reason?: string): Promise<void> {
    const seen = this.failure;
    let error: unknown;
    try {
      await this.flush();
    } catch (e) {
      error = e;
    }
    const told = error !== undefined && error === seen && reason;
    const why = error && !told ? endOf(error).reason : status === 'FINISHED' ? undefined : reason;
    const final = error ? 'FAILED' : status;
    let closedElsewhere: Run | undefined;
    await withReserve(this.client.reserve, async (canRetry) => {
      // Another tab may have closed the run as abandoned (this one was frozen past its lease):
      // its status and reason stand, rather than one overwriting the other.
      const current = await this.client.getRun(this.runId).catch(() => undefined);
      if (current && current.info.status !== 'RUNNING') {
        closedElsewhere = current;
        return;
      }
      // The reason is best effort: a store too full for a tag must still get the status.
      if (why) {
        await this.client.setTag(this.runId, TAGS.error, why).catch((e: unknown) => {
          if (canRetry) throw e;
        });
      }
      await this.client.setTerminated(this.runId, final);
    });
    if (error) throw error;
    if (closedElsewhere && status === 'FINISHED') {
      const reason = tagValue(closedElsewhere.data.tags, TAGS.error);
      throw new Error(
        `This run was already ended ${closedElsewhere.info.status} elsewhere${reason ? `: ${reason}` : ''}`,
      );
    }
  }
}
