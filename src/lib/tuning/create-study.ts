/**
 * Making a study and loading a saved one: Optuna's create_study and load_study, in camelCase.
 * With no storage a study lives in memory; with no sampler it gets the default (AutoSampler,
 * seeded by `seed`); with no pruner, Optuna's default MedianPruner.
 */
import { checkOptions } from './options';
import { MedianPruner } from './pruners/percentile';
import { createDefaultSampler } from './samplers/registry';
import {
  DuplicateStudy,
  InMemoryStorage,
  type StoredStudy,
  type StudySpec,
  type StudyStorage,
} from './storage';
import { Study } from './study';
import type { Direction, Pruner, Sampler } from './types';

export interface CreateStudyOptions {
  studyName?: string;
  direction?: Direction;
  /** Optuna's list form: one direction (a study here has one objective). */
  directions?: readonly Direction[];
  sampler?: Sampler;
  pruner?: Pruner;
  storage?: StudyStorage;
  loadIfExists?: boolean;
  /** Seeds the default sampler (ignored when `sampler` is given). */
  seed?: number;
  /** Saved with the study (the tracking store logs them as the parent run's params). */
  userAttrs?: Record<string, unknown>;
}

const OPTIONS: readonly string[] = [
  'studyName',
  'direction',
  'directions',
  'sampler',
  'pruner',
  'storage',
  'loadIfExists',
  'seed',
  'userAttrs',
];

/** The study's one direction, from `direction` or Optuna's `directions`, checked. */
function directionOf(options: CreateStudyOptions): Direction {
  checkOptions('createStudy', options, OPTIONS);
  const { direction, directions } = options;
  if (direction !== undefined && directions !== undefined) {
    throw new TypeError('createStudy takes direction or directions, not both.');
  }
  if (directions !== undefined && (!Array.isArray(directions) || directions.length !== 1)) {
    throw new RangeError(
      `A study here has one objective, so directions lists one (got ${JSON.stringify(directions)}); optimise one value, or one study per objective.`,
    );
  }
  const chosen = directions?.[0] ?? direction ?? 'minimize';
  if (chosen !== 'minimize' && chosen !== 'maximize') {
    throw new TypeError(`direction must be 'minimize' or 'maximize' (got ${String(chosen)}).`);
  }
  return chosen;
}

let unnamed = 0;

function newStudyName(): string {
  const id = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${unnamed++}`;
  return `no-name-${id}`;
}

export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const storage = options.storage ?? new InMemoryStorage();
  const studyName = options.studyName ?? newStudyName();
  const sampler = options.sampler ?? createDefaultSampler(options.seed);
  // Optuna's default: median pruning, which only acts on trials that report.
  const pruner = options.pruner ?? new MedianPruner();
  const direction = directionOf(options);
  const spec: StudySpec = {
    studyName,
    direction,
    sampler: { name: sampler.name, settings: sampler.settings() },
    pruner: { name: pruner.name, settings: pruner.settings() },
    userAttrs: options.userAttrs,
  };
  let stored: StoredStudy;
  try {
    stored = await storage.create(spec);
  } catch (e) {
    if (!(e instanceof DuplicateStudy && options.loadIfExists)) throw e;
    return loadStudy({ studyName, storage, sampler, pruner });
  }
  return new Study(stored, sampler, pruner);
}

export async function loadStudy(options: {
  studyName: string;
  storage: StudyStorage;
  sampler?: Sampler;
  pruner?: Pruner;
  seed?: number;
}): Promise<Study> {
  const stored = await options.storage.load(options.studyName);
  if (!stored) {
    const names = await options.storage.studyNames();
    throw new Error(
      `No study named "${options.studyName}" is saved${names.length ? `; saved studies: ${names.map((n) => `"${n}"`).join(', ')}` : ''}.`,
    );
  }
  const sampler = options.sampler ?? createDefaultSampler(options.seed);
  return new Study(stored, sampler, options.pruner ?? new MedianPruner());
}
