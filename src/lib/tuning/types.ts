/**
 * The shapes every part of the tuner shares: a finished or running trial as samplers and pruners
 * see it (Optuna's FrozenTrial), the study view they are given, and the two small interfaces a
 * sampler and a pruner implement.
 */
import type { Distribution, ParamValue } from './distributions';

/** Optuna's trial states. WAITING: enqueued, not yet asked for. */
export type TrialState = 'RUNNING' | 'WAITING' | 'COMPLETE' | 'PRUNED' | 'FAIL';
export const FINISHED_STATES: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL'];

export type Direction = 'minimize' | 'maximize';

export interface FrozenTrial {
  /** 0, 1, 2, … in the order trials were created in the study. */
  readonly number: number;
  state: TrialState;
  /** The objective's value: set when COMPLETE, and the last reported value when PRUNED. */
  value: number | null;
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
  /** Values reported with `trial.report(value, step)`, by step. */
  intermediateValues: Map<number, number>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  /** Epoch milliseconds. */
  datetimeStart: number | null;
  datetimeComplete: number | null;
  /** On the copies a study hands out (publicCopy), as Optuna's: [value] or null. */
  readonly values?: number[] | null;
  /** Milliseconds from start to completion; null while unfinished. */
  readonly duration?: number | null;
  /** The last reported step; null before any report. */
  readonly lastStep?: number | null;
}

/** What samplers and pruners read of a study. */
export interface StudyView {
  readonly studyName: string;
  readonly direction: Direction;
  /** Trials in creation order, optionally only those in the given states. */
  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[];
  /** Ends `optimize` after the running trials (a grid that is used up); absent in plain views. */
  stop?(): void;
}

/**
 * A search method. Sampling is synchronous (define-by-run: `trial.suggestFloat` returns a number
 * at once) and reads only the study's trials held in memory.
 */
export interface Sampler {
  /** The registry name, logged with the study: "TPESampler". */
  readonly name: string;
  /** Its settings as logged params (seed included), so a study says how it searched. */
  settings(): Record<string, string | number | boolean | null>;
  /** Parameters sampled together at the start of a trial (multivariate methods); {} for none. */
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution>;
  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Record<string, ParamValue>;
  /** One parameter, when it is not in the relative space. */
  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): ParamValue;
  /**
   * The relative sample made elsewhere (the app's GP in a worker): Study.prepare awaits it before
   * a trial's first suggestion, so the page is free meanwhile. Resolves with the sample and the
   * trial's system attributes as sampleRelative would have left them; the trial is not changed.
   */
  sampleRelativeAsync?(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
  ): Promise<RelativeSample>;
  beforeTrial?(study: StudyView, trial: FrozenTrial): void;
  afterTrial?(study: StudyView, trial: FrozenTrial, state: TrialState, value: number | null): void;
}

export interface RelativeSample {
  params: Record<string, ParamValue>;
  systemAttrs: Record<string, unknown>;
}

/** Decides, after a report, whether a trial should stop early. */
export interface Pruner {
  readonly name: string;
  settings(): Record<string, string | number | boolean | null>;
  prune(study: StudyView, trial: FrozenTrial): boolean;
  /**
   * The trials a sampler should learn from for this trial (Hyperband: its bracket's); absent,
   * all of them.
   */
  filterStudy?(study: StudyView, trial: FrozenTrial): StudyView;
}
