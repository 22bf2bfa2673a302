/**
 * A study kept in the tracking store, shaped as MLflow users expect a tuning job: the study is a
 * parent run (tag tracklab.study_name; params: direction, sampler and pruner with their settings,
 * and what the study was created with; metric best_value, one step per finished trial) and each
 * trial a child run (mlflow.parentRunId) with its sampled params, its reports as the metric
 * intermediate_value, its result as the metric value, and its state: COMPLETE → FINISHED,
 * PRUNED → KILLED with tracklab.trial_state=PRUNED and the step, FAIL → FAILED with the reason in
 * tracklab.error, WAITING (enqueued) → SCHEDULED. Typed values and distributions ride in JSON
 * tags (split across numbered tags past MLflow's 8,000 characters), so `load` rebuilds the study
 * from the store alone — this one, or an MLflow server's after a sync.
 */
import type { Distribution, ParamValue } from './distributions';
import {
  applyEvent,
  cloneTrial,
  DuplicateStudy,
  type StoredStudy,
  type StudyEvent,
  type StudySpec,
  type StudyStorage,
} from './storage';
import type { FrozenTrial, TrialState } from './types';
import {
  TAGS,
  tagValue,
  type MlflowClient,
  type Metric,
  type Run,
  type RunStatus,
} from '$lib/tracking';

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
export interface StudySnapshot {
  spec: StudySpec;
  userAttrs: Record<string, unknown>;
  trials: FrozenTrial[];
  /** By trial number, the run that holds the trial. */
  runIds: (string | undefined)[];
  /** Each parameter's importance for the objective, and the method that measured it. */
  importance?: { method: string; values: Record<string, number> };
}

export const STUDY_METRICS = {
  value: 'value',
  intermediate: 'intermediate_value',
  best: 'best_value',
};

const CHUNK = 7_000;
/** Longest study attribute also logged as a param (MLflow allows 6,000 characters). */
const PARAM_TEXT = 500;
const STATUS: Record<TrialState, RunStatus> = {
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
function jsonTags(key: string, value: unknown): Record<string, string> {
  const text = toJson(value);
  if (text.length <= CHUNK) return { [key]: text };
  const out: Record<string, string> = {};
  for (let i = 0; i * CHUNK < text.length; i++)
    out[`${key}:${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return out;
}

/** Reads back what jsonTags wrote, from a run's tags. */
function readJsonTag(tags: Map<string, string>, key: string): unknown {
  if (tags.has(key)) return fromJson(tags.get(key)!);
  let text = '';
  for (let i = 0; tags.has(`${key}:${i}`); i++) text += tags.get(`${key}:${i}`);
  return text ? fromJson(text) : undefined;
}

/** Attributes stored under a prefix: prefix + name (or name:0, name:1 …). */
function readAttrs(tags: Map<string, string>, prefix: string): Record<string, unknown> {
  const names = new Set<string>();
  for (const key of tags.keys()) {
    if (key.startsWith(prefix)) names.add(key.slice(prefix.length).replace(/:\d+$/, ''));
  }
  return Object.fromEntries([...names].map((n) => [n, readJsonTag(tags, prefix + n)]));
}

/** A param's value as MLflow shows it (Python's str for None and booleans). */
function paramText(value: ParamValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** A flat record of settings as params: prefix.key = value. */
function settingParams(prefix: string, settings: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings).map(([k, v]) => [
      `${prefix}.${k}`,
      typeof v === 'string' ? v : toJson(v),
    ]),
  );
}

export class TrackingStudyStorage implements StudyStorage {
  constructor(
    private readonly client: MlflowClient,
    private readonly experimentId: string,
  ) {}

  /**
   * The study runs of this experiment, oldest first; with a name, those of that study. The name
   * is matched here, not in the filter: MLflow's grammar does not unescape quotes in a literal,
   * and a study may be called "it's".
   */
  private async studyRuns(studyName?: string): Promise<Run[]> {
    const runs: Run[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.client.searchRuns({
        experimentIds: [this.experimentId],
        filterString: `tags.\`${STUDY_TAGS.kind}\` = 'study'`,
        orderBy: ['attributes.start_time ASC'],
        maxResults: 1000,
        pageToken,
      });
      runs.push(...page.items);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return studyName === undefined
      ? runs
      : runs.filter((r) => tagValue(r.data.tags, STUDY_TAGS.studyName) === studyName);
  }

  async studyNames(): Promise<string[]> {
    return (await this.studyRuns()).map(
      (r) => tagValue(r.data.tags, STUDY_TAGS.studyName) ?? r.info.run_name,
    );
  }

  /** The parent run of a study, if there is one in this experiment. */
  async studyRunId(studyName: string): Promise<string | undefined> {
    return (await this.studyRuns(studyName))[0]?.info.run_id;
  }

  async create(spec: StudySpec): Promise<StoredStudy> {
    if ((await this.studyRuns(spec.studyName)).length) throw new DuplicateStudy(spec.studyName);
    const run = await this.client.createRun(this.experimentId, {
      runName: spec.studyName,
      tags: {
        [STUDY_TAGS.kind]: 'study',
        [STUDY_TAGS.studyName]: spec.studyName,
        ...jsonTags(STUDY_TAGS.spec, { ...spec, userAttrs: undefined }),
      },
    });
    const runId = run.info.run_id;
    const params: Record<string, string> = {
      direction: spec.direction,
      sampler: spec.sampler.name,
      ...settingParams('sampler', spec.sampler.settings),
      pruner: spec.pruner.name,
      ...settingParams('pruner', spec.pruner.settings),
    };
    // Short attributes (a metric name, a budget) are params too, to filter and compare studies
    // by; long ones (a search space, a data choice) only tags, split as needed.
    for (const [k, v] of Object.entries(spec.userAttrs ?? {})) {
      const text = typeof v === 'string' ? v : toJson(v);
      if (text.length <= PARAM_TEXT) params[k] = text;
    }
    const userTags = Object.entries(spec.userAttrs ?? {}).reduce<Record<string, string>>(
      (acc, [k, v]) => Object.assign(acc, jsonTags(STUDY_TAGS.userAttr + k, v)),
      {},
    );
    await this.client.logBatch(runId, {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      tags: Object.entries(userTags).map(([key, value]) => ({ key, value })),
    });
    return new StudyWriter(this.client, this.experimentId, runId, spec, [], { ...spec.userAttrs });
  }

  /**
   * The study as the store holds it. `known` (run id → trial, from an earlier read) saves reading
   * again a trial that had finished: a finished trial's run no longer changes, so it is taken as
   * it was when its run still ends at the same time in the same state.
   */
  async load(
    studyName: string,
    known?: ReadonlyMap<string, FrozenTrial>,
  ): Promise<StoredStudy | undefined> {
    const parent = (await this.studyRuns(studyName))[0];
    if (!parent) return undefined;
    const parentTags = new Map(parent.data.tags.map((t) => [t.key, t.value]));
    const spec = {
      ...(readJsonTag(parentTags, STUDY_TAGS.spec) as StudySpec),
      userAttrs: readAttrs(parentTags, STUDY_TAGS.userAttr),
    };
    const children: Run[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.client.searchRuns({
        experimentIds: [this.experimentId],
        filterString: `tags.\`${TAGS.parentRunId}\` = '${parent.info.run_id}' and tags.\`${STUDY_TAGS.kind}\` = 'trial'`,
        maxResults: 1000,
        pageToken,
      });
      children.push(...page.items);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    const trials: FrozenTrial[] = [];
    const runIds = new Map<number, string>();
    for (const run of children) {
      const trial = reusable(run, known?.get(run.info.run_id)) ?? (await this.trialOf(run));
      if (trial) {
        trials[trial.number] = trial;
        runIds.set(trial.number, run.info.run_id);
      }
    }
    // A trial whose run is missing (deleted by hand) leaves a gap; the study needs numbers 0…n−1.
    for (let n = 0; n < trials.length; n++) {
      trials[n] ??= {
        number: n,
        state: 'FAIL',
        value: null,
        params: {},
        distributions: {},
        intermediateValues: new Map(),
        userAttrs: {},
        systemAttrs: { fail_reason: 'Its run is no longer in the store.' },
        datetimeStart: null,
        datetimeComplete: null,
      };
    }
    const userAttrs = readAttrs(parentTags, STUDY_TAGS.userAttr);
    return new StudyWriter(
      this.client,
      this.experimentId,
      parent.info.run_id,
      spec,
      trials,
      userAttrs,
      runIds,
    );
  }

  private async trialOf(run: Run): Promise<FrozenTrial | undefined> {
    const tags = new Map(run.data.tags.map((t) => [t.key, t.value]));
    const number = Number(tags.get(STUDY_TAGS.trialNumber));
    if (!Number.isInteger(number) || number < 0) return undefined;
    let state = tags.get(STUDY_TAGS.trialState) as TrialState | undefined;
    // A run ended elsewhere (its tab closed: KILLED or FAILED by the abandoned-run rules) fails.
    if (state === 'RUNNING' && run.info.status !== 'RUNNING') state = 'FAIL';
    state ??= 'FAIL';
    const intermediate = await this.client.getMetricHistory(
      run.info.run_id,
      STUDY_METRICS.intermediate,
    );
    const valueMetric = run.data.metrics.find((m) => m.key === STUDY_METRICS.value);
    const systemAttrs = readAttrs(tags, STUDY_TAGS.systemAttr);
    const error = tags.get(TAGS.error);
    // Why it failed, or where it was pruned (the study keeps both as fail_reason, as Optuna).
    if (
      (state === 'FAIL' || state === 'PRUNED') &&
      error &&
      systemAttrs.fail_reason === undefined
    ) {
      systemAttrs.fail_reason = error;
    }
    return {
      number,
      state,
      value: state === 'COMPLETE' || state === 'PRUNED' ? (valueMetric?.value ?? null) : null,
      params: (readJsonTag(tags, STUDY_TAGS.params) as Record<string, ParamValue>) ?? {},
      distributions:
        (readJsonTag(tags, STUDY_TAGS.distributions) as Record<string, Distribution>) ?? {},
      intermediateValues: new Map(intermediate.map((m: Metric) => [m.step, m.value])),
      userAttrs: readAttrs(tags, STUDY_TAGS.userAttr),
      systemAttrs,
      datetimeStart: state === 'WAITING' ? null : run.info.start_time,
      datetimeComplete: run.info.end_time ?? null,
    };
  }
}

const FINISHED: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL'];

/** A trial read before, when its run shows it finished just as it was then. */
function reusable(run: Run, trial: FrozenTrial | undefined): FrozenTrial | undefined {
  if (!trial || !FINISHED.includes(trial.state) || run.info.status === 'RUNNING') return undefined;
  const state = run.data.tags.find((t) => t.key === STUDY_TAGS.trialState)?.value;
  return run.info.end_time === trial.datetimeComplete && state === trial.state ? trial : undefined;
}

/** Writes a study's events to its runs, batching each write's changes per run. */
class StudyWriter implements StoredStudy {
  private copied?: FrozenTrial[];
  private readonly mirrorAttrs: Record<string, unknown>;

  constructor(
    private readonly client: MlflowClient,
    private readonly experimentId: string,
    readonly studyRunId: string,
    readonly spec: StudySpec,
    readonly trials: FrozenTrial[],
    readonly userAttrs: Record<string, unknown>,
    private readonly runIds = new Map<number, string>(),
  ) {
    this.mirrorAttrs = { ...userAttrs };
  }

  /**
   * What the store holds, kept current to write whole JSON tags and the best value: copied at
   * the first write, as a study read only to be shown (the live study page) never writes.
   */
  private get mirror(): FrozenTrial[] {
    return (this.copied ??= this.trials.map(cloneTrial));
  }

  trialRunId(number: number): string | undefined {
    return this.runIds.get(number);
  }

  async write(events: StudyEvent[]): Promise<void> {
    const dirty = new Map<
      number,
      {
        metrics: Metric[];
        params: Record<string, string>;
        tags: Record<string, string>;
        status?: TrialState;
      }
    >();
    const touch = (n: number) => {
      let d = dirty.get(n);
      if (!d) dirty.set(n, (d = { metrics: [], params: {}, tags: {} }));
      return d;
    };
    const studyTags: Record<string, string> = {};
    const best: Metric[] = [];
    for (const e of events) {
      applyEvent(this.mirror, this.mirrorAttrs, e);
      const now = Date.now();
      switch (e.kind) {
        case 'study-user-attr':
          Object.assign(studyTags, jsonTags(STUDY_TAGS.userAttr + e.key, e.value));
          break;
        case 'trial-created': {
          // Runs are created in trial order, before anything else is written to them.
          await this.flushTrials(dirty);
          const t = e.trial;
          const run = await this.client.createRun(this.experimentId, {
            runName: `${this.spec.studyName} #${t.number}`,
            startTime: t.datetimeStart ?? now,
            tags: {
              [TAGS.parentRunId]: this.studyRunId,
              [STUDY_TAGS.kind]: 'trial',
              [STUDY_TAGS.studyName]: this.spec.studyName,
              [STUDY_TAGS.trialNumber]: String(t.number),
              [STUDY_TAGS.trialState]: t.state,
            },
          });
          this.runIds.set(t.number, run.info.run_id);
          const d = touch(t.number);
          if (t.state === 'WAITING') d.status = 'WAITING';
          for (const [k, v] of Object.entries(t.userAttrs))
            Object.assign(d.tags, jsonTags(STUDY_TAGS.userAttr + k, v));
          for (const [k, v] of Object.entries(t.systemAttrs))
            Object.assign(d.tags, jsonTags(STUDY_TAGS.systemAttr + k, v));
          break;
        }
        case 'trial-started': {
          const d = touch(e.number);
          d.tags[STUDY_TAGS.trialState] = 'RUNNING';
          d.status = 'RUNNING';
          break;
        }
        case 'param': {
          const d = touch(e.number);
          d.params[e.name] = paramText(e.value);
          const t = this.mirror[e.number];
          Object.assign(
            d.tags,
            jsonTags(STUDY_TAGS.params, t.params),
            jsonTags(STUDY_TAGS.distributions, t.distributions),
          );
          break;
        }
        case 'intermediate':
          touch(e.number).metrics.push({
            key: STUDY_METRICS.intermediate,
            value: e.value,
            step: e.step,
            timestamp: now,
          });
          break;
        case 'user-attr':
          Object.assign(touch(e.number).tags, jsonTags(STUDY_TAGS.userAttr + e.key, e.value));
          break;
        case 'system-attr':
          Object.assign(touch(e.number).tags, jsonTags(STUDY_TAGS.systemAttr + e.key, e.value));
          break;
        case 'trial-finished': {
          const d = touch(e.number);
          d.status = e.state;
          d.tags[STUDY_TAGS.trialState] = e.state;
          if (e.value !== null) {
            d.metrics.push({
              key: STUDY_METRICS.value,
              value: e.value,
              step: 0,
              timestamp: e.datetimeComplete,
            });
          }
          if (e.state === 'PRUNED') {
            const steps = [...this.mirror[e.number].intermediateValues.keys()];
            if (steps.length) d.tags[STUDY_TAGS.prunedStep] = String(Math.max(...steps));
          }
          // Why it failed, or where it was pruned: what the Run page shows for a FAILED or KILLED run.
          if (e.reason) d.tags[TAGS.error] = e.reason;
          const b = this.bestValue();
          if (b !== undefined) {
            best.push({
              key: STUDY_METRICS.best,
              value: b,
              step: this.finishedCount() - 1,
              timestamp: e.datetimeComplete,
            });
          }
          break;
        }
      }
    }
    await this.flushTrials(dirty);
    if (best.length || Object.keys(studyTags).length) {
      await this.client.logBatch(this.studyRunId, {
        metrics: best,
        tags: Object.entries(studyTags).map(([key, value]) => ({ key, value })),
      });
    }
  }

  private finishedCount(): number {
    return this.mirror.filter(
      (t) => t.state === 'COMPLETE' || t.state === 'PRUNED' || t.state === 'FAIL',
    ).length;
  }

  private bestValue(): number | undefined {
    let best: number | undefined;
    for (const t of this.mirror) {
      if (t.state !== 'COMPLETE' || t.value === null) continue;
      if (
        best === undefined ||
        (this.spec.direction === 'minimize' ? t.value < best : t.value > best)
      )
        best = t.value;
    }
    return best;
  }

  private async flushTrials(
    dirty: Map<
      number,
      {
        metrics: Metric[];
        params: Record<string, string>;
        tags: Record<string, string>;
        status?: TrialState;
      }
    >,
  ) {
    for (const [number, d] of dirty) {
      const runId = this.runIds.get(number);
      if (!runId) throw new Error(`Trial ${number} has no run in the store.`);
      const params = Object.entries(d.params).map(([key, value]) => ({ key, value }));
      const tags = Object.entries(d.tags).map(([key, value]) => ({ key, value }));
      if (params.length || tags.length || d.metrics.length) {
        await this.client.logBatch(runId, { params, tags, metrics: d.metrics });
      }
      if (d.status) {
        const t = this.mirror[number];
        const finished = d.status === 'COMPLETE' || d.status === 'PRUNED' || d.status === 'FAIL';
        await this.client.updateRun(runId, {
          status: STATUS[d.status],
          endTime: finished ? (t.datetimeComplete ?? Date.now()) : undefined,
        });
      }
    }
    dirty.clear();
  }
}
