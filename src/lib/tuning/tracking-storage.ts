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
import { DuplicateStudy, type StoredStudy, type StudySpec, type StudyStorage } from './storage';
import {
  jsonTags,
  PARAM_TEXT,
  readAttrs,
  readJsonTag,
  settingParams,
  STUDY_METRICS,
  STUDY_TAGS,
  toJson,
} from './study-tags';
import { StudyWriter } from './study-writer';
import type { FrozenTrial, TrialState } from './types';
import { TAGS, tagValue, type MlflowClient, type Metric, type Run } from '$lib/tracking';

export interface StudySnapshot {
  spec: StudySpec;
  userAttrs: Record<string, unknown>;
  trials: FrozenTrial[];
  /** By trial number, the run that holds the trial. */
  runIds: (string | undefined)[];
  /** Each parameter's importance for the objective, and the method that measured it. */
  importance?: { method: string; values: Record<string, number> };
  /** The best completed trial (bestTrialOf), when one has completed. */
  best?: FrozenTrial;
  /** The study's own run, and when (ms) this read and the last full read of its trials began. */
  studyRunId?: string;
  readAt?: number;
  fullReadAt?: number;
}

export class TrackingStudyStorage implements StudyStorage {
  /**
   * `runTags` go on every run this storage creates, the study's and its trials', and on the
   * study's run again when it is loaded to go on: the app's tab session, so that runs a closed
   * tab left RUNNING are closed by the next tab to open (app/abandoned.ts), and a study resumed
   * in another tab is that tab's.
   */
  constructor(
    private readonly client: MlflowClient,
    private readonly experimentId: string,
    private readonly runTags: Readonly<Record<string, string>> = {},
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
        ...this.runTags,
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
    return new StudyWriter(
      this.client,
      this.experimentId,
      runId,
      spec,
      [],
      { ...spec.userAttrs },
      new Map(),
      this.runTags,
    );
  }

  /**
   * The study as the store holds it. `known` (run id → trial, from an earlier read) saves reading
   * again a trial that had finished: a finished trial's run no longer changes, so it is taken as
   * it was when its run still ends at the same time in the same state.
   *
   * With `changedSince` too (a time, ms, before the read that gave `known` began), only the runs
   * that can have changed since are read: those running or waiting, and those that ended at or
   * after it; every other trial is taken from `known`, so a live study page reads O(changes), not
   * O(trials), each time. A trial `known` had unfinished that is neither running, waiting nor
   * ended since (its run was deleted or moved by hand) makes it read every run, as without it.
   * What such a read cannot see (a finished trial's run deleted) the caller sees at its next
   * full read.
   */
  async load(
    studyName: string,
    known?: ReadonlyMap<string, FrozenTrial>,
    changedSince?: number,
  ): Promise<StoredStudy | undefined> {
    const parent = (await this.studyRuns(studyName))[0];
    if (!parent) return undefined;
    const parentTags = new Map(parent.data.tags.map((t) => [t.key, t.value]));
    const moved = Object.entries(this.runTags).filter(([k, v]) => parentTags.get(k) !== v);
    if (moved.length) {
      await this.client.logBatch(parent.info.run_id, {
        tags: moved.map(([key, value]) => ({ key, value })),
      });
    }
    const spec = {
      ...(readJsonTag(parentTags, STUDY_TAGS.spec) as StudySpec),
      userAttrs: readAttrs(parentTags, STUDY_TAGS.userAttr),
    };
    const trials: FrozenTrial[] = [];
    const runIds = new Map<number, string>();
    const children =
      (known &&
        changedSince !== undefined &&
        (await this.changedTrialRuns(parent.info.run_id, known, changedSince, trials, runIds))) ||
      (await this.trialRuns(parent.info.run_id));
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
      this.runTags,
    );
  }

  /** The trial runs of a study's run that match `extra` (a clause), all pages of them. */
  private async trialRuns(parentRunId: string, extra?: string): Promise<Run[]> {
    const runs: Run[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.client.searchRuns({
        experimentIds: [this.experimentId],
        filterString: `tags.\`${TAGS.parentRunId}\` = '${parentRunId}' and tags.\`${STUDY_TAGS.kind}\` = 'trial'${extra ? ` and ${extra}` : ''}`,
        maxResults: 1000,
        pageToken,
      });
      runs.push(...page.items);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return runs;
  }

  /**
   * For load with `changedSince`: the runs that can have changed, with every other trial of
   * `known` put in `trials` and `runIds`; undefined (nothing put) when `known` cannot be trusted.
   */
  private async changedTrialRuns(
    parentRunId: string,
    known: ReadonlyMap<string, FrozenTrial>,
    since: number,
    trials: FrozenTrial[],
    runIds: Map<number, string>,
  ): Promise<Run[] | undefined> {
    const changed = new Map<string, Run>();
    for (const clause of [
      `attributes.status = 'RUNNING'`,
      `attributes.status = 'SCHEDULED'`,
      `attributes.end_time >= ${Math.floor(since)}`,
    ]) {
      for (const run of await this.trialRuns(parentRunId, clause))
        changed.set(run.info.run_id, run);
    }
    const kept: [string, FrozenTrial][] = [];
    for (const [runId, trial] of known) {
      if (changed.has(runId)) continue;
      if (!FINISHED.includes(trial.state)) return undefined;
      kept.push([runId, trial]);
    }
    for (const [runId, trial] of kept) {
      trials[trial.number] = trial;
      runIds.set(trial.number, runId);
    }
    return [...changed.values()];
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
