/**
 * One fit inside an open run — the unit a tuning study repeats: the trainer fits in its worker,
 * each epoch's metrics are logged as they arrive (step = epoch), and a per-epoch hook may stop
 * the fit early with a reason (a pruner, a budget). Cancel, a hook's stop and a failure come back
 * as RunStopped or the trainer's error, so the run lifecycle ends the run with the right status.
 */
import { isStorageFull, RunStopped, type ActiveRun } from '$lib/tracking';
import type { BackendReport } from '$lib/training/protocol';
import type { EpochReport, TrainInput, TrainResult } from '$lib/training/trainer';

/** The part of the training worker's client a trial needs (a fake in unit tests). */
export interface Trainer {
  ready(): Promise<BackendReport>;
  train(runId: string, input: TrainInput, onEpoch?: (r: EpochReport) => void): Promise<TrainResult>;
  /** Ends the fit at the next batch with this reason; absent, a stop takes effect when it ends. */
  stop?(runId: string, reason: string): void;
}

/** What a per-epoch hook may answer: stop the fit, saying why. */
export interface EpochDecision {
  stop: string;
}
export type EpochHook = (report: EpochReport) => EpochDecision | void;

/**
 * The fit stopped because the disk is full: the run ends FAILED saying so and how many epochs
 * are kept — the epochs whose metrics were stored, the same count the screen then shows.
 */
export class StorageFull extends RunStopped {
  constructor(
    readonly keptEpochs: number,
    totalEpochs: number,
    options?: { cause?: unknown },
  ) {
    super(
      'FAILED',
      `The browser's storage for Tracklab is full, so training stopped at the first write that could not be saved: ${keptEpochs} of ${totalEpochs} epochs are kept with their metrics. Free space in Settings → Storage (permanently delete experiments or datasets you no longer need), then train again.`,
      options,
    );
  }
}

/** Failures the run ends KILLED for, not FAILED: the person or the caller chose to stop. */
const STOPPED_KINDS = new Set(['cancelled', 'stopped']);

/**
 * The epochs a trial logged and which of them are stored: a full disk ends the run with the
 * stored ones only, and the screen then counts those.
 */
class EpochLog {
  /** Metric points logged through each epoch. */
  private readonly pointsThrough: number[] = [];
  /** The first failed metric write, if any. */
  failure: unknown;

  constructor(
    private readonly run: ActiveRun,
    private readonly totalEpochs: number,
  ) {}

  private keptCount = 0;

  logged(report: EpochReport): void {
    const points = Object.keys(report.metrics).length;
    this.pointsThrough.push((this.pointsThrough.at(-1) ?? 0) + points);
  }

  /** Epochs whose metrics are all stored; stored points are always the first ones logged. */
  kept(): number {
    const through = this.pointsThrough;
    while (this.keptCount < through.length && through[this.keptCount] <= this.run.stored) {
      this.keptCount += 1;
    }
    return this.keptCount;
  }

  /** What the run ends with after a failed write: StorageFull with the kept count on a full disk. */
  error(history: EpochReport[]): unknown {
    if (!isStorageFull(this.failure)) return this.failure;
    const kept = this.kept();
    history.length = Math.min(history.length, kept);
    return new StorageFull(kept, this.totalEpochs, { cause: this.failure });
  }
}

export async function runTrial(
  run: ActiveRun,
  trainer: Trainer,
  input: TrainInput,
  options: {
    onEpoch?: EpochHook;
    /** Told the count of epochs stored after each metric write: what a screen counts. */
    onSaved?: (epochs: number) => void;
    now: () => number;
    history: EpochReport[];
  },
): Promise<TrainResult> {
  const { history, now } = options;
  let stopped: string | undefined;
  const stop = (reason: string) => {
    stopped ??= reason;
    trainer.stop?.(run.runId, reason);
  };
  // A metric write that failed (a full disk) stops the fit: epochs that cannot be kept are not
  // worth training, and the run ends FAILED with the reason.
  const log = new EpochLog(run, input.config.fit.epochs);
  const failed = (e: unknown) => {
    log.failure ??= e;
    stop((e as Error).message);
  };
  // At the first failed background write, not at the next epoch's logMetrics.
  run.onWriteFailure(failed);
  const { onSaved } = options;
  if (onSaved) run.onStored(() => onSaved(log.kept()));
  let result: TrainResult;
  try {
    result = await trainer.train(run.runId, input, (report) => {
      if (stopped) return; // an epoch that raced the stop
      history.push(report);
      try {
        run.logMetrics(report.metrics, report.epoch, now());
      } catch (e) {
        return failed(e);
      }
      log.logged(report);
      const decision = options.onEpoch?.(report);
      if (decision?.stop) stop(decision.stop);
    });
  } catch (e) {
    if (log.failure) throw log.error(history);
    const kind = (e as { kind?: string }).kind;
    if (kind && STOPPED_KINDS.has(kind))
      throw new RunStopped('KILLED', stopped ?? (e as Error).message, { cause: e });
    throw e;
  }
  if (log.failure) throw log.error(history);
  if (stopped) throw new RunStopped('KILLED', stopped);
  await run.flush().catch((e: unknown) => {
    log.failure ??= e;
    throw log.error(history);
  });
  return result;
}
