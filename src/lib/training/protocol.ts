/**
 * Messages between the page and the training worker: plain data and transferable typed arrays,
 * each reply tagged with the run (or request) it answers, so the page drops stale ones.
 */
import type { LinePlot } from '../charts/line-plot';
import type { Backend, BackendChoice } from './config';
import type { ModelFiles } from './mlmodel';
import type { EpochReport, StopReason, TrainInput, TrainResult } from './trainer';

export interface BackendReport {
  backend: Backend;
  tfjsVersion: string;
  /** Samples per second each candidate reached in the probe, or why it was skipped. */
  probe?: Partial<Record<Backend, number | string>>;
  /** Human-readable adapter or renderer, e.g. "SwiftShader (software)". */
  device?: string;
}

export type ToWorker =
  | { type: 'init'; backend: BackendChoice; wasmPaths: Record<string, string> }
  | { type: 'train'; runId: string; input: TrainInput }
  | { type: 'cancel'; runId: string }
  | { type: 'predict'; id: string; files: ModelFiles; x: Float32Array; width: number }
  /** A run's curves as PNG: drawn here because a hidden tab's page delays canvas encoding. */
  | { type: 'render-plot'; id: string; plot: LinePlot }
  /** Test aids: make the GPU context lose itself, or crash the worker outright. */
  | { type: 'lose-context' }
  | { type: 'crash' };

export type FromWorker =
  | ({ type: 'ready' } & BackendReport)
  | { type: 'init-failed'; message: string }
  | { type: 'epoch'; runId: string; report: EpochReport }
  | { type: 'done'; runId: string; result: TrainResult }
  | {
      type: 'failed';
      runId: string;
      kind: 'nan' | StopReason | 'error';
      message: string;
      epoch: number;
    }
  | { type: 'predicted'; id: string; outputs: Float32Array }
  | { type: 'predict-failed'; id: string; message: string }
  | { type: 'rendered'; id: string; png: Uint8Array }
  | { type: 'render-failed'; id: string; message: string };
