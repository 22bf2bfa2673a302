/**
 * Messages between the page and a training worker: plain data and transferable typed arrays.
 * Every request carries an id and every reply names the request it answers, so the page drops
 * stale ones (the channel in $lib/workers).
 */
import type { LinePlot } from '../charts/line-plot';
import type { Backend, BackendChoice } from './config';
import type { ModelFiles } from './mlmodel';
import type { EpochReport, Splits, StopReason, TrainInput, TrainResult } from './trainer';

export interface BackendReport {
  backend: Backend;
  tfjsVersion: string;
  /** Samples per second each candidate reached in the probe, or why it was skipped. */
  probe?: Partial<Record<Backend, number | string>>;
  /** Human-readable adapter or renderer, e.g. "SwiftShader (software)". */
  device?: string;
}

/**
 * A training request. The splits travel once per worker: `data` carries them (transferred) the
 * first time `dataKey` is sent to a worker, and later requests name the key only. `forget` lists
 * keys the worker may drop, so its small cache mirrors what the page believes it holds.
 */
export interface TrainMessage {
  type: 'train';
  id: string;
  runId: string;
  input: Omit<TrainInput, keyof Splits>;
  dataKey?: string;
  data?: Splits;
  forget?: string[];
}

export type ToWorker =
  | { type: 'init'; id: string; backend: BackendChoice; wasmPaths: Record<string, string> }
  | TrainMessage
  /** Ends a fit at the next batch boundary: Cancel, or a stop with a reason (a pruner). */
  | { type: 'stop'; id: string; runId: string; kind: 'cancelled' | 'stopped'; reason?: string }
  | { type: 'predict'; id: string; files: ModelFiles; x: Float32Array; width: number }
  /** A run's curves as PNG: drawn here because a hidden tab's page delays canvas encoding. */
  | { type: 'render-plot'; id: string; plot: LinePlot }
  /**
   * Test aids: make the GPU context lose itself, crash the worker outright, or end it silently
   * (close(): no error event, as when the browser ends it).
   */
  | { type: 'lose-context'; id: string }
  | { type: 'crash'; id: string }
  | { type: 'exit'; id: string };

export type FailureKind = 'nan' | StopReason | 'error';

export type FromWorker =
  | ({ type: 'ready'; id: string } & BackendReport)
  | { type: 'init-failed'; id: string; message: string }
  | { type: 'epoch'; id: string; report: EpochReport }
  | { type: 'done'; id: string; result: TrainResult }
  | { type: 'failed'; id: string; kind: FailureKind; message: string; epoch: number }
  | { type: 'predicted'; id: string; outputs: Float32Array }
  | { type: 'rendered'; id: string; png: Uint8Array };
