/**
 * The Tune screen: the search space as a person edits it (each hyperparameter of the table fixed
 * at the Train form's value, a range, or a list of choices), the objective, sampler, pruner and
 * budget; and the study in flight — start, pause, resume, stop — plus the saved studies a closed
 * tab left unfinished, which it offers to resume. The study and its trials are runs in the store.
 */
import type { App } from '$lib/app/create-app';
import { appTrainDeps, resumedSampler, studyStorage } from '$lib/app/tuning-api';
import { metricDirection, spaceProblems, trainObjective, type SearchSpace } from '$lib/app/tune';
import type { DatasetRecord } from '$lib/data/library';
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import { generateRunName, TAGS, tagValue } from '$lib/tracking';
import { hyperparam } from '$lib/training/hyperparam-values';
import { trainingMetricKeys } from '$lib/training/metric-info';
import type { TrainConfig } from '$lib/training/config';
import { createPruner } from '$lib/tuning/pruners';
import { createSampler } from '$lib/tuning/samplers/registry';
import { bestTrialOf } from '$lib/tuning/best';
import { createStudy, loadStudy } from '$lib/tuning/create-study';
import type { Study } from '$lib/tuning/study';
import type { Direction } from '$lib/tuning/types';
import type { DatasetSession } from './dataset-session.svelte';
import { defaultRows, spaceOf, text, toNumber, type SpaceRow } from './tune-space';
import type { TrainingSession } from './training-session.svelte';

/** What a study keeps about itself to be resumed from the store alone. */
interface StudyAttrs {
  metric: string;
  n_trials: number | null;
  timeout_minutes: number | null;
  workers: number;
  dataset: string;
  dataset_sha256: string;
  target: string;
  space: SearchSpace;
  choice: DataChoice;
  config: TrainConfig;
}

export interface ActiveStudy {
  study: Study;
  studyName: string;
  experimentId: string;
  studyRunId: string;
  state: 'running' | 'pausing' | 'paused' | 'stopping' | 'done';
  attrs: StudyAttrs;
  /** Trials finished (complete, pruned or failed) so far, and the best value. */
  finished: number;
  best: number | null;
  /** Trial number → its run, while it trains. */
  running: Record<number, { runId?: string; epoch: number }>;
  error?: string;
  /** How a done study ended: its budget spent, stopped, or failed (a write the store refused). */
  ended?: 'finished' | 'stopped' | 'failed';
}

const STOPPED = 'Stopped from the Tune page before its budget was spent; resume it to go on.';
const TRIAL_STOPPED = 'The study was stopped from the Tune page before this trial finished.';
/** The seconds a study has run, over all its runs (tabs, resumes): its time budget's spending. */
const ELAPSED = 'elapsed_seconds';

/** Workers by default: the machine's cores less one for the page, at least 1, at most 4. */
export function defaultWorkers(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(4, cores - 1));
}

export class TuneSession {
  rows = $state<SpaceRow[]>([]);
  metric = $state('val_loss');
  direction = $state<Direction>('minimize');
  sampler = $state<string>('AutoSampler');
  seed = $state<string | number>('');
  pruner = $state<string>('MedianPruner');
  nTrials = $state<string | number>('20');
  minutes = $state<string | number>('');
  workers = $state<string | number>(String(defaultWorkers()));
  studyName = $state(generateRunName());
  active = $state<ActiveStudy | null>(null);
  /** A problem starting or resuming, shown beside the buttons. */
  error = $state<string | null>(null);
  /** Between Start (or Resume) and the study running: a second click must not start another. */
  private starting = $state(false);

  constructor(
    private readonly app: App,
    private readonly data: DatasetSession,
    private readonly training: TrainingSession,
  ) {}

  get task() {
    return this.data.schema?.task ?? 'binary';
  }

  /** The validation metrics this task logs, to optimise. */
  get metrics(): string[] {
    return trainingMetricKeys(this.task).filter(
      (k) => k.startsWith('val_') && !k.endsWith('_baseline'),
    );
  }

  /** Fills the rows for the open dataset's task (once, or after the task changes). */
  ensureRows() {
    const task = this.task;
    if (this.rows.length && this.rows.every((r) => hyperparam(r.name))) return;
    this.rows = defaultRows(task);
    if (!this.metrics.includes(this.metric)) this.setMetric('val_loss');
  }

  setMetric(metric: string) {
    this.metric = metric;
    this.direction = metricDirection(metric);
  }

  get space(): SearchSpace {
    return spaceOf(this.rows);
  }

  /** Why the study cannot start, one sentence each. */
  get problems(): string[] {
    const problems = [...spaceProblems(this.space)];
    if (!Object.keys(this.space).length)
      problems.push('Search at least one hyperparameter: set it to a range or choices.');
    const n = toNumber(this.nTrials);
    const m = toNumber(this.minutes);
    if (text(this.nTrials) && !(Number.isInteger(n) && n >= 1))
      problems.push('Trials must be a whole number of at least 1.');
    if (text(this.minutes) && !(m > 0)) problems.push('Minutes must be a number above 0.');
    if (!text(this.nTrials) && !text(this.minutes))
      problems.push('Give a budget: a number of trials, minutes, or both.');
    const w = toNumber(this.workers);
    if (!(Number.isInteger(w) && w >= 1 && w <= 8))
      problems.push('Workers must be a whole number from 1 to 8.');
    if (text(this.seed) && !(Number.isInteger(toNumber(this.seed)) && toNumber(this.seed) >= 0))
      problems.push('The seed must be a whole number ≥ 0, or empty.');
    if (
      this.sampler === 'GridSampler' &&
      Object.values(this.space).some((e) => !('choices' in e))
    ) {
      problems.push(
        'The grid sampler needs every searched hyperparameter as choices (a grid has no ranges).',
      );
    }
    if (!text(this.studyName)) problems.push('Name the study.');
    return problems;
  }

  /** A study is in this tab and not done (a paused one too: resume or stop it first). */
  get busy(): boolean {
    return this.starting || (!!this.active && this.active.state !== 'done');
  }

  private samplerFor(space: SearchSpace) {
    const settings: Record<string, unknown> = text(this.seed) ? { seed: toNumber(this.seed) } : {};
    if (this.sampler === 'GridSampler') {
      const grid: Record<string, unknown[]> = {};
      for (const [name, e] of Object.entries(space))
        if ('choices' in e) grid[name] = [...e.choices];
      settings.search_space = grid;
    }
    return this.app.sampling.offPage(createSampler(this.sampler, settings));
  }

  async start(experimentId: string) {
    const { dataset, schema } = this.data;
    if (!dataset || !schema || this.busy || this.problems.length) return;
    this.error = null;
    this.starting = true;
    try {
      const space = $state.snapshot(this.space) as SearchSpace;
      const storage = studyStorage(this.app, experimentId);
      const attrs: StudyAttrs = {
        metric: this.metric,
        n_trials: text(this.nTrials) ? toNumber(this.nTrials) : null,
        timeout_minutes: text(this.minutes) ? toNumber(this.minutes) : null,
        workers: toNumber(this.workers),
        dataset: dataset.record.name,
        dataset_sha256: dataset.record.sha256,
        target: schema.target,
        space,
        choice: $state.snapshot(this.data.dataChoice()) as DataChoice,
        config: $state.snapshot(this.training.config) as TrainConfig,
      };
      const study = await createStudy({
        studyName: text(this.studyName),
        direction: this.direction,
        storage,
        sampler: this.samplerFor(space),
        pruner: createPruner(this.pruner),
        userAttrs: { ...attrs },
      });
      await study.flush();
      this.studyName = generateRunName();
      await this.run(study, experimentId, attrs);
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.starting = false;
    }
  }

  /** Resumes a study saved in the store (after a reload, or one paused in another tab). */
  async resumeSaved(experimentId: string, studyName: string) {
    if (this.busy) return;
    this.error = null;
    this.starting = true;
    try {
      const storage = studyStorage(this.app, experimentId);
      const stored = await storage.load(studyName);
      if (!stored) throw new Error(`The study "${studyName}" is no longer in the store.`);
      const attrs = stored.userAttrs as unknown as StudyAttrs;
      const study = await loadStudy({
        studyName,
        storage,
        sampler: this.app.sampling.offPage(
          resumedSampler(stored.spec.sampler, stored.trials.length),
        ),
        pruner: createPruner(stored.spec.pruner.name, stored.spec.pruner.settings),
      });
      // Trials the closed tab was running cannot finish now.
      for (const t of study.getTrials(['RUNNING'])) {
        study.tell(t.number, {
          state: 'FAIL',
          reason: 'The tab running this trial closed before it finished.',
        });
      }
      // Running again: the reason it was closed (a closed tab, a stop) no longer holds.
      const runId = study.studyRunId!;
      const run = await this.app.client.getRun(runId);
      if (tagValue(run.data.tags, TAGS.error) !== undefined)
        await this.app.client.deleteTag(runId, TAGS.error);
      await this.app.client.updateRun(runId, { status: 'RUNNING' });
      await this.run(study, experimentId, attrs);
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.starting = false;
    }
  }

  private async run(study: Study, experimentId: string, attrs: StudyAttrs) {
    const studyRunId = study.studyRunId!;
    this.active = {
      study,
      studyName: study.studyName,
      experimentId,
      studyRunId,
      state: 'running',
      attrs,
      finished: study.getTrials(['COMPLETE', 'PRUNED', 'FAIL']).length,
      best: bestTrialOf(study.getTrials(), study.direction)?.value ?? null,
      running: {},
    };
    this.starting = false;
    await this.app.heartbeat.start(studyRunId).catch(() => undefined);
    await this.optimize();
  }

  /** Runs the rest of the budget; ends paused (pause) or done (budget, stop). */
  private async optimize() {
    const a = this.active!;
    const study = a.study;
    // Plain values: the active study is reactive state, and workers take no proxies.
    const attrs = $state.snapshot(a.attrs) as StudyAttrs;
    let data: PreparedData;
    let record: DatasetRecord;
    try {
      const saved = await this.app.datasets.get(attrs.dataset_sha256);
      if (!saved) {
        throw new Error(
          `The dataset "${attrs.dataset}" this study trains on is no longer saved; drop it on the Data page again, then resume.`,
        );
      }
      record = saved;
      data = await this.app.data.prepare(record.sha256, attrs.choice);
    } catch (e) {
      // Nothing ran: the study waits, paused, with the reason (or ends, if Stop came meanwhile).
      a.error = (e as Error).message;
      if (a.state === 'stopping') await this.end(a, 'stopped');
      else a.state = 'paused';
      return;
    }
    const workers = attrs.workers;
    this.app.training.ensureWorkers(workers);
    const objective = trainObjective(appTrainDeps(this.app), {
      study,
      experimentId: a.experimentId,
      dataset: record,
      choice: attrs.choice,
      data,
      metric: attrs.metric,
      space: attrs.space,
      base: attrs.config,
      onEpoch: (n, report) => {
        const live = this.active;
        if (live) live.running[n] = { ...live.running[n], epoch: report.epoch + 1 };
      },
      // A trial that started as Stop was pressed, before its cancel could reach it.
      stopping: () => (this.active?.state === 'stopping' ? TRIAL_STOPPED : undefined),
    });
    const finished = study.getTrials(['COMPLETE', 'PRUNED', 'FAIL']).length;
    const nTrials = attrs.n_trials === null ? undefined : Math.max(0, attrs.n_trials - finished);
    // The time budget is the study's, not this run's: what earlier runs spent is taken off.
    const spent = Number(study.userAttrs[ELAPSED] ?? 0);
    const since = Date.now();
    const spend = () => study.setUserAttr(ELAPSED, spent + (Date.now() - since) / 1000);
    const left = attrs.timeout_minutes === null ? undefined : attrs.timeout_minutes * 60 - spent;
    let failed: string | undefined;
    try {
      // Paused or stopped while the data was prepared: no trial starts.
      if (a.state === 'running')
        await study.optimize(
          async (trial) => {
            const live = this.active!;
            // Stopped while this trial was being set up: it does not train.
            if (live.state === 'stopping') throw new Error(TRIAL_STOPPED);
            live.running[trial.number] = { runId: await study.trialRunId(trial.number), epoch: 0 };
            try {
              return await objective(trial);
            } finally {
              delete live.running[trial.number];
            }
          },
          {
            nTrials,
            timeout: left === undefined ? undefined : Math.max(0, left),
            nJobs: workers,
            catch: true,
            callbacks: [
              () => {
                spend();
                const live = this.active!;
                live.finished = study.getTrials(['COMPLETE', 'PRUNED', 'FAIL']).length;
                live.best = bestTrialOf(study.getTrials(), study.direction)?.value ?? null;
              },
            ],
          },
        );
    } catch (e) {
      // A write the store refused (a full disk): the study ends FAILED there, resumable.
      a.error = failed = (e as Error).message;
    }
    spend();
    await study.flush().catch(() => undefined);
    if (!failed && a.state === 'pausing') {
      a.state = 'paused';
      return;
    }
    // Still running: optimize ended on its own (the budget spent, a grid used up).
    await this.end(a, failed ? 'failed' : a.state === 'stopping' ? 'stopped' : 'finished');
  }

  /** Ends the study's run: FINISHED, KILLED (stopped) or FAILED, with the reason. */
  private async end(a: ActiveStudy, how: 'finished' | 'stopped' | 'failed') {
    a.state = 'done';
    a.ended = how;
    const { client, heartbeat } = this.app;
    const status = how === 'finished' ? 'FINISHED' : how === 'stopped' ? 'KILLED' : 'FAILED';
    await client.setTerminated(a.studyRunId, status).catch(() => undefined);
    const why =
      how === 'stopped' ? STOPPED : how === 'failed' ? `The study stopped: ${a.error}` : '';
    if (why) await client.setTag(a.studyRunId, TAGS.error, why).catch(() => undefined);
    await heartbeat.end(a.studyRunId).catch(() => undefined);
  }

  /** No new trials; the running ones finish, then the study waits to be resumed. */
  pause() {
    if (this.active?.state !== 'running') return;
    this.active.state = 'pausing';
    this.active.study.stop();
  }

  async resume() {
    const a = this.active;
    if (a?.state !== 'paused') return;
    a.state = 'running';
    a.error = undefined;
    this.error = null;
    await this.optimize().catch((e: unknown) => (this.error = (e as Error).message));
  }

  /** No new trials; running ones are cancelled (they fail, saying why); the study ends KILLED. */
  stop() {
    const a = this.active;
    if (!a || (a.state !== 'running' && a.state !== 'pausing' && a.state !== 'paused')) return;
    const wasPaused = a.state === 'paused';
    a.state = 'stopping';
    a.study.stop();
    for (const { runId } of Object.values(a.running)) if (runId) this.app.training.cancel(runId);
    if (wasPaused) void this.end(a, 'stopped');
  }
}
