/**
 * How a training fails, in words a person can act on: the TrainingFailure the client's promises
 * reject with, and the messages for a worker that crashed or ended without an error, saying how
 * many epochs of the fit are kept (each was logged as it arrived).
 */
import type { CrashInfo } from '$lib/workers/channel';
import type { FailureKind } from './protocol';

export class TrainingFailure extends Error {
  constructor(
    readonly kind: FailureKind | 'crash',
    message: string,
    readonly epoch: number,
  ) {
    super(message);
    this.name = 'TrainingFailure';
  }
}

const AGAIN =
  'train again, and if it happens again, choose a smaller model or batch, or another backend.';

export const crashed = (message: string, info?: CrashInfo) =>
  info?.silent
    ? new TrainingFailure(
        'crash',
        `The training worker stopped without an error (${message}). A new worker will be started; ${AGAIN}`,
        0,
      )
    : new TrainingFailure(
        'crash',
        `The training worker crashed (${message}). A new worker has been started; ${AGAIN}`,
        0,
      );

const plural = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;

/** A crash during a fit, saying what of it is kept (the epochs logged as they came). */
export function fitCrashed(message: string, info: CrashInfo, epochs: number): TrainingFailure {
  const kept = epochs
    ? `the ${plural(epochs)} logged ${epochs === 1 ? 'is' : 'are'} kept`
    : 'no epoch had been logged';
  const what = info.silent ? 'stopped without an error' : 'crashed';
  const head = `The training worker ${what} (${message}) after ${plural(epochs)}; ${kept}.`;
  return new TrainingFailure('crash', `${head} A new worker will be started: ${AGAIN}`, epochs);
}

/**
 * What the backends say when a model, its optimiser state and a batch's activations do not fit
 * in their memory: WASM's heap (measured: 4 × 4096 units with a 40,000-row batch failed with
 * "memory access out of bounds" after 2 minutes), a typed array V8 cannot allocate (CPU), a
 * texture or buffer past WebGL's or WebGPU's limits.
 */
const OUT_OF_MEMORY = [
  /memory access out of bounds/i,
  /out of memory/i,
  /array buffer allocation failed/i,
  /cannot enlarge memory/i,
  /could not allocate memory/i,
  /invalid typed array length/i,
  /exceeds (the )?max(imum)? texture size/i,
  /max(Buffer|StorageBufferBinding)Size/,
];

export function isOutOfMemory(message: string): boolean {
  return OUT_OF_MEMORY.some((pattern) => pattern.test(message));
}

/** A backend's out-of-memory error in words a person can act on; other messages as they are. */
export function explainFailure(message: string): string {
  if (!isOutOfMemory(message)) return message;
  return `The model did not fit in the training backend's memory (${message}). Use fewer or smaller hidden layers or a smaller batch size, or choose another backend, then train again.`;
}
