/**
 * How a study's data reads as MLflow tags, params and metrics: the tag and metric names, the
 * run status of each trial state, and typed values as JSON tags (NaN and the infinities kept;
 * split across numbered tags past MLflow's 8,000 characters).
 */
import type { ParamValue } from './distributions';
import type { TrialState } from './types';
import type { RunStatus } from '$lib/tracking';

export const STUDY_TAGS = {
  /** On the parent run: the study's name (the run name may be edited; this is not). */
  studyName: 'tracklab.study_name',
  /** On the parent run: the spec (direction, sampler, pruner) as JSON. */
  spec: 'tracklab.study_spec',
  /** On both: 'study' or 'trial'. */
  kind: 'tracklab.run_kind',
  trialNumber: 'tracklab.trial_number',
  trialState: 'tracklab.trial_state',
  /** The step a pruned trial stopped at. */
  prunedStep: 'tracklab.pruned_step',
  /** Typed parameter values and their distributions, as JSON. */
  params: 'tracklab.trial_params',
  distributions: 'tracklab.trial_distributions',
  /** Prefixes of a trial's (and the study's) attributes, one JSON tag each. */
  userAttr: 'tracklab.user_attr.',
  systemAttr: 'tracklab.system_attr.',
} as const;

/** A study as read back for a screen: its spec, attributes, trials, and each trial's run. */

export const STUDY_METRICS = {
  value: 'value',
  intermediate: 'intermediate_value',
  best: 'best_value',
};

export const CHUNK = 7_000;
/** Longest study attribute also logged as a param (MLflow allows 6,000 characters). */
export const PARAM_TEXT = 500;
export const STATUS: Record<TrialState, RunStatus> = {
  WAITING: 'SCHEDULED',
  RUNNING: 'RUNNING',
  COMPLETE: 'FINISHED',
  PRUNED: 'KILLED',
  FAIL: 'FAILED',
};

/** JSON that keeps NaN and the infinities (attributes hold them: a pruner's rung values). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v,
  );
}

export function fromJson(text: string): unknown {
  return JSON.parse(text, (_k, v) =>
    v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    typeof v.$number === 'string'
      ? Number(v.$number)
      : v,
  );
}

/** A JSON value as tags: `key` when it fits, else `key:0`, `key:1`, … */
export function jsonTags(key: string, value: unknown): Record<string, string> {
  const text = toJson(value);
  if (text.length <= CHUNK) return { [key]: text };
  const out: Record<string, string> = {};
  for (let i = 0; i * CHUNK < text.length; i++)
    out[`${key}:${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return out;
}

/** Reads back what jsonTags wrote, from a run's tags. */
export function readJsonTag(tags: Map<string, string>, key: string): unknown {
  if (tags.has(key)) return fromJson(tags.get(key)!);
  let text = '';
  for (let i = 0; tags.has(`${key}:${i}`); i++) text += tags.get(`${key}:${i}`);
  return text ? fromJson(text) : undefined;
}

/** Attributes stored under a prefix: prefix + name (or name:0, name:1 …). */
export function readAttrs(tags: Map<string, string>, prefix: string): Record<string, unknown> {
  const names = new Set<string>();
  for (const key of tags.keys()) {
    if (key.startsWith(prefix)) names.add(key.slice(prefix.length).replace(/:\d+$/, ''));
  }
  return Object.fromEntries([...names].map((n) => [n, readJsonTag(tags, prefix + n)]));
}

/** A param's value as MLflow shows it (Python's str for None and booleans). */
export function paramText(value: ParamValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** A flat record of settings as params: prefix.key = value. */
export function settingParams(
  prefix: string,
  settings: Record<string, unknown>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings).map(([k, v]) => [
      `${prefix}.${k}`,
      typeof v === 'string' ? v : toJson(v),
    ]),
  );
}
