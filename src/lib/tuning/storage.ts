/**
 * Where a study is kept. A Study holds its trials in memory (sampling is synchronous) and writes
 * every change through as an ordered event; a storage saves those events and gives the trials back
 * when the study is loaded again. InMemoryStorage is the reference (and what tests use); the
 * tracking store's storage (tracking-storage.ts) keeps a study as a parent run with child runs.
 */
import type { Distribution, ParamValue } from './distributions';
import type { Direction, FrozenTrial, TrialState } from './types';

export type StudyEvent =
  | { kind: 'trial-created'; trial: FrozenTrial }
  | { kind: 'trial-started'; number: number; datetimeStart: number }
  | {
      kind: 'param';
      number: number;
      name: string;
      value: ParamValue;
      distribution: Distribution;
    }
  | { kind: 'intermediate'; number: number; step: number; value: number }
  | { kind: 'user-attr'; number: number; key: string; value: unknown }
  | { kind: 'system-attr'; number: number; key: string; value: unknown }
  | {
      kind: 'trial-finished';
      number: number;
      state: TrialState;
      value: number | null;
      datetimeComplete: number;
      /** Why a FAIL trial failed, or at which step a PRUNED one stopped. */
      reason?: string;
    }
  | { kind: 'study-user-attr'; key: string; value: unknown };

/** What a study is created with, as a storage keeps it. */
export interface StudySpec {
  studyName: string;
  direction: Direction;
  sampler: { name: string; settings: Record<string, unknown> };
  pruner: { name: string; settings: Record<string, unknown> };
  userAttrs?: Record<string, unknown>;
}

/** One saved study: its spec and trials, and the place its events go. */
export interface StoredStudy {
  readonly spec: StudySpec;
  readonly trials: FrozenTrial[];
  readonly userAttrs: Record<string, unknown>;
  /** Saves events in order; a rejected write leaves the study's later writes unsent. */
  write(events: StudyEvent[]): Promise<void>;
  /** The tracking-store run that holds a trial, where the storage keeps one per trial. */
  trialRunId?(number: number): string | undefined;
  /** The run that holds the study itself, where there is one. */
  readonly studyRunId?: string;
}

export interface StudyStorage {
  /** The saved study by that name, or undefined. */
  load(studyName: string): Promise<StoredStudy | undefined>;
  create(spec: StudySpec): Promise<StoredStudy>;
  /** Names of saved studies, oldest first. */
  studyNames(): Promise<string[]>;
}

/** Applies an event to a list of trials: the one meaning of each event, shared by storages. */
export function applyEvent(
  trials: FrozenTrial[],
  userAttrs: Record<string, unknown>,
  e: StudyEvent,
): void {
  if (e.kind === 'study-user-attr') {
    userAttrs[e.key] = e.value;
    return;
  }
  if (e.kind === 'trial-created') {
    trials[e.trial.number] = cloneTrial(e.trial);
    return;
  }
  const t = trials[e.number];
  if (!t) throw new Error(`Trial ${e.number} does not exist in this study.`);
  switch (e.kind) {
    case 'trial-started':
      t.state = 'RUNNING';
      t.datetimeStart = e.datetimeStart;
      break;
    case 'param':
      t.params[e.name] = e.value;
      t.distributions[e.name] = e.distribution;
      break;
    case 'intermediate':
      t.intermediateValues.set(e.step, e.value);
      break;
    case 'user-attr':
      t.userAttrs[e.key] = e.value;
      break;
    case 'system-attr':
      t.systemAttrs[e.key] = e.value;
      break;
    case 'trial-finished':
      t.state = e.state;
      t.value = e.value;
      t.datetimeComplete = e.datetimeComplete;
      if (e.reason !== undefined) t.systemAttrs.fail_reason = e.reason;
      break;
  }
}

export function cloneTrial(t: FrozenTrial): FrozenTrial {
  return {
    ...t,
    params: { ...t.params },
    distributions: { ...t.distributions },
    intermediateValues: new Map(t.intermediateValues),
    userAttrs: structuredClone(t.userAttrs),
    systemAttrs: structuredClone(t.systemAttrs),
  };
}

/**
 * A copy of a trial as the study hands it out, with Optuna's derived FrozenTrial fields as
 * getters (not enumerable, so copies and saved trials hold the data alone): `values` ([value] or
 * null), `duration` (milliseconds, or null until finished) and `lastStep` (null before a report).
 */
/** Milliseconds from a trial's start to its completion; null while either is unknown. */
export function trialDuration(t: FrozenTrial): number | null {
  const [start, end] = [t.datetimeStart, t.datetimeComplete];
  return start === null || end === null ? null : end - start;
}

export function publicCopy(t: FrozenTrial): FrozenTrial {
  return Object.defineProperties(cloneTrial(t), {
    values: {
      get(this: FrozenTrial) {
        return this.value === null ? null : [this.value];
      },
    },
    duration: {
      get(this: FrozenTrial) {
        return trialDuration(this);
      },
    },
    lastStep: {
      get(this: FrozenTrial) {
        return this.intermediateValues.size ? Math.max(...this.intermediateValues.keys()) : null;
      },
    },
  });
}

/** Studies kept in this JavaScript context only: gone on reload. */
export class InMemoryStorage implements StudyStorage {
  private readonly studies = new Map<string, StoredStudy>();

  load(studyName: string): Promise<StoredStudy | undefined> {
    const s = this.studies.get(studyName);
    return Promise.resolve(
      s && { ...s, trials: s.trials.map(cloneTrial), userAttrs: structuredClone(s.userAttrs) },
    );
  }

  create(spec: StudySpec): Promise<StoredStudy> {
    if (this.studies.has(spec.studyName)) {
      return Promise.reject(new DuplicateStudy(spec.studyName));
    }
    const trials: FrozenTrial[] = [];
    const userAttrs: Record<string, unknown> = { ...spec.userAttrs };
    const stored: StoredStudy = {
      spec: structuredClone(spec),
      trials,
      userAttrs,
      write: (events) => {
        for (const e of events) applyEvent(trials, userAttrs, structuredClone(e));
        return Promise.resolve();
      },
    };
    this.studies.set(spec.studyName, stored);
    return Promise.resolve({ ...stored, trials: [], userAttrs: { ...userAttrs } });
  }

  studyNames(): Promise<string[]> {
    return Promise.resolve([...this.studies.keys()]);
  }
}

export class DuplicateStudy extends Error {
  constructor(readonly studyName: string) {
    super(
      `A study named "${studyName}" already exists. Load it with loadStudy, pass loadIfExists: true, or choose another name.`,
    );
    this.name = 'DuplicateStudy';
  }
}
