/**
 * copyExperiments: one mechanism for push (the browser's store → an MLflow server), pull (a
 * server → the browser's store), export and import (an archive store). It is pure over two
 * TrackingStores and a ledger, so it runs in Node under Vitest, in a worker and in the page.
 *
 * What it guarantees (issue 14; DESIGN.md §Sync):
 * - Experiments are found by name on the target or created, once. Runs are created once: the
 *   ledger maps each source run to its copy, and the copy carries SOURCE_RUN_TAG from its first
 *   request, so a lost ledger (or a create whose answer was lost) is found again by a search.
 * - Parents before children, `mlflow.parentRunId` remapped at any depth; a run chosen without
 *   its parent brings the parent along, so the tree stays whole on the target.
 * - Start time, user, run name, system tags kept; status and end time sent last, so a half-copied
 *   run never looks finished on the target.
 * - Params are write-once: a different value on the target is a reported conflict, never an
 *   overwrite. Metric points are sent only past each key's high-water mark (and, if the source
 *   history changed before the mark, only the points the target lacks), within MLflow's batch
 *   limits. Artifacts are sent when their SHA-256 differs from what was sent.
 * - A failure that may pass is retried with backoff (retry.ts); one that will not is reported for
 *   its run, and the copy goes on with the others. The ledger is written after every step, so a
 *   copy stopped anywhere resumes where it stopped.
 */
import type { Run } from '$lib/tracking/entities';
import type { TrackingStore } from '$lib/tracking/store';
import { TAGS } from '$lib/tracking/tags';
import {
  emptyRunRecord,
  LEDGER_FORMAT,
  SOURCE_RUN_TAG,
  SOURCE_TAG,
  type Ledger,
  type LedgerEntry,
} from './ledger';
import { abortError, DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';

import type { CopyContext, CopyOptions, CopyReport } from './types';
import { copyRegistry } from './copy-registry';
import { findOrCreateExperiment } from './experiments';
import { RunSender } from './send-run';
import { TargetRuns } from './target-runs';
import { order, selectRuns } from './select';

export type {
  CopyOptions,
  CopyProgress,
  CopiedRun,
  CopyFailure,
  CopyConflict,
  CopyReport,
} from './types';

/** Copies experiments and runs from one store to another; see the module comment. */
export async function copyExperiments(
  from: TrackingStore,
  to: TrackingStore,
  options: CopyOptions,
): Promise<CopyReport> {
  const copy = new Copy(from, to, options);
  return copy.run();
}

class Copy {
  readonly report: CopyReport = {
    experiments: { created: 0, found: 0 },
    created: [],
    updated: [],
    skipped: [],
    failed: [],
    conflicts: [],
    models: [],
    notes: [],
    points: 0,
    bytes: 0,
    retries: 0,
    stopped: false,
  };
  private readonly ledger: Ledger;
  private readonly target: string;
  private readonly policy: RetryPolicy;
  private readonly signal?: AbortSignal;
  /** Source experiment id → the copy's, or the reason it could not be made. */
  private readonly experiments = new Map<string, string | Error>();
  /** Source run id → copy run id, for runs copied (or found) in this copy. */
  private readonly copies = new Map<string, string>();
  private readonly context: CopyContext;
  private readonly sender: RunSender;
  private readonly targetRuns: TargetRuns;
  /** Runs left alone because they are copies of runs on the target. */
  private echoes = 0;
  private runsDone = 0;
  private runsTotal = 0;

  constructor(
    private readonly from: TrackingStore,
    private readonly to: TrackingStore,
    private readonly options: CopyOptions,
  ) {
    this.ledger = options.ledger;
    this.target = options.target;
    this.policy = options.retry ?? DEFAULT_RETRY;
    this.signal = options.signal;
    this.context = {
      from,
      to,
      target: this.target,
      ledger: this.ledger,
      report: this.report,
      call: (fn) => this.call(fn),
      check: () => this.check(),
      progress: (current) => this.progress(current),
    };
    this.sender = new RunSender(this.context);
    this.targetRuns = new TargetRuns(this.context);
  }

  async run(): Promise<CopyReport> {
    try {
      const runs = order(
        await selectRuns(this.from, this.options, (fn) => this.call(fn), this.report.notes),
      );
      this.runsTotal = runs.length;
      this.progress();
      for (const run of runs) {
        this.check();
        await this.copyRun(run);
        this.runsDone++;
        this.progress();
      }
      if (this.echoes)
        this.report.notes.push(
          `${this.echoes} run${this.echoes === 1 ? ' was a copy' : 's were copies'} of runs already there (copied from there in the first place), and left as ${this.echoes === 1 ? 'it is' : 'they are'}.`,
        );
      const registry = this.options.registry;
      if (registry) await this.copyModels(registry);
    } catch (e) {
      if (!isAbort(e)) throw e;
      this.report.stopped = true;
    }
    return this.report;
  }

  /** The registry after the runs; a failure of its own is reported, the runs' report kept. */
  private async copyModels(registry: NonNullable<CopyOptions['registry']>) {
    try {
      await copyRegistry({
        from: { tracking: this.from, registry: registry.from },
        to: { tracking: this.to, registry: registry.to },
        target: this.target,
        ledger: this.ledger,
        sourceStore: this.options.sourceStore ?? 'source',
        runCopy: (id) => this.copyIdOf(id),
        report: this.report,
        call: (fn) => this.call(fn),
        check: () => this.check(),
      });
    } catch (e) {
      if (isAbort(e)) throw e;
      this.report.failed.push({
        kind: 'model',
        sourceId: '',
        name: 'the registry',
        reason: message(e),
      });
    }
  }

  private check() {
    if (this.signal?.aborted) throw abortError();
  }

  private progress(current?: string) {
    this.options.onProgress?.({
      runsDone: this.runsDone,
      runsTotal: this.runsTotal,
      points: this.report.points,
      bytes: this.report.bytes,
      current,
    });
  }

  /** A call to the target (or the source), retried while its failure may pass. */
  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, this.policy, this.signal, () => this.report.retries++);
  }

  // ---- experiments -------------------------------------------------------------------------

  /** The copy of a source experiment on the target, found by name or created, once. */
  private async experiment(sourceId: string): Promise<string> {
    const known = this.experiments.get(sourceId);
    if (known instanceof Error) throw known;
    if (known) return known;
    try {
      const id = await findOrCreateExperiment(this.context, sourceId);
      this.experiments.set(sourceId, id);
      return id;
    } catch (e) {
      if (isAbort(e)) throw e;
      const error = e instanceof Error ? e : new Error(String(e));
      this.experiments.set(sourceId, error);
      this.report.failed.push({
        kind: 'experiment',
        sourceId,
        name: sourceId,
        reason: error.message,
      });
      throw error;
    }
  }

  // ---- runs --------------------------------------------------------------------------------

  private async copyRun(run: Run): Promise<void> {
    const { info } = run;
    const sourceId = info.run_id;
    this.progress(info.run_name);
    // A run that is itself a copy of a run on the target (pulled from the server it is now
    // pushed to, or pushed from the store it is now pulled into) is that run: not copied back.
    let original: Run | undefined;
    try {
      original = await this.targetRuns.original(run);
    } catch (e) {
      if (isAbort(e)) throw e;
      this.fail(run, message(e));
      return;
    }
    if (original) {
      this.copies.set(sourceId, original.info.run_id);
      if (original.info.lifecycle_stage === 'deleted')
        this.report.notes.push(
          `Run "${info.run_name}" (${sourceId}) came from ${this.target}, where it has been deleted since; it is not copied back.`,
        );
      else this.echoes++;
      this.report.skipped.push({
        sourceId,
        copyId: original.info.run_id,
        name: info.run_name,
        experimentId: original.info.experiment_id,
        sourceExperimentId: info.experiment_id,
      });
      return;
    }
    let experimentId: string;
    try {
      experimentId = await this.experiment(info.experiment_id);
    } catch (e) {
      if (isAbort(e)) throw e;
      this.fail(run, `its experiment could not be copied: ${message(e)}`);
      return;
    }
    try {
      const { entry, created } = await this.copyOf(run, experimentId);
      if (!entry) return;
      const sent = await this.sender.send(run, entry, await this.copyTags(run));
      const copied = {
        sourceId,
        copyId: entry.copy_id,
        name: info.run_name,
        experimentId,
        sourceExperimentId: info.experiment_id,
      };
      (created ? this.report.created : sent ? this.report.updated : this.report.skipped).push(
        copied,
      );
    } catch (e) {
      if (isAbort(e)) throw e;
      this.fail(run, message(e));
    }
  }

  private fail(run: Run, reason: string) {
    this.report.failed.push({
      kind: 'run',
      sourceId: run.info.run_id,
      name: run.info.run_name,
      reason,
    });
  }

  /** The tags a copy of this run carries: its own, ids remapped, and where it came from. */
  /** A source run's copy id: made in this copy, or in an earlier one (the ledger). */
  private async copyIdOf(sourceRunId: string): Promise<string | undefined> {
    return (
      this.copies.get(sourceRunId) ??
      (await this.ledger.get(this.target, 'run', sourceRunId))?.copy_id
    );
  }

  private async copyTags(run: Run): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    for (const t of run.data.tags) tags[t.key] = t.value;
    const parent = tags[TAGS.parentRunId];
    if (parent !== undefined) {
      const copy = await this.copyIdOf(parent);
      if (copy) tags[TAGS.parentRunId] = copy;
      else if (this.report.failed.some((f) => f.sourceId === parent))
        throw new Error(`its parent run (${parent}) could not be copied`);
      else delete tags[TAGS.parentRunId];
    }
    // An evaluation may be copied before the run it evaluates (or without it): the ledger knows
    // the copy of one pushed before.
    const evaluated = tags[TAGS.evaluatedRun];
    const evaluatedCopy = evaluated ? await this.copyIdOf(evaluated) : undefined;
    if (evaluatedCopy) tags[TAGS.evaluatedRun] = evaluatedCopy;
    tags[SOURCE_RUN_TAG] = run.info.run_id;
    if (this.options.origin) tags[SOURCE_TAG] = this.options.origin;
    return tags;
  }

  /**
   * The run's copy: from the ledger, else found by its source tag (a lost ledger, or a create
   * whose answer was lost), else created with every tag at once. No entry when the copy was
   * deleted on the target (a person's choice there is kept).
   */
  private async copyOf(
    run: Run,
    experimentId: string,
  ): Promise<{ entry?: LedgerEntry; created: boolean }> {
    const sourceId = run.info.run_id;
    const known = await this.ledger.get(this.target, 'run', sourceId);
    if (known?.run) {
      // The copy must still be there (one search per experiment and copy says which are).
      const there = (await this.targetRuns.tagged(experimentId)).get(sourceId);
      if (there?.id === known.copy_id && !there.deleted) {
        this.copies.set(sourceId, known.copy_id);
        return { entry: known, created: false };
      }
      // Gone (a wiped target, `mlflow gc`) or deleted there: the ledger forgets it, and the run
      // is found again by its tag or made again below.
      await this.ledger.delete(this.target, 'run', sourceId);
    }
    const tags = await this.copyTags(run);
    const found = async () => (await this.targetRuns.tagged(experimentId, true)).get(sourceId);
    let copy = (await this.targetRuns.tagged(experimentId)).get(sourceId);
    let created = false;
    if (!copy) {
      copy = await withRetry(
        async (attempt) => {
          // A retried create first looks for what the last try may have made.
          const made = attempt > 1 ? await found() : undefined;
          if (made) return made;
          const r = await this.to.createRun({
            experimentId,
            userId: run.info.user_id || undefined,
            startTime: run.info.start_time,
            runName: run.info.run_name,
            tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
          });
          created = true;
          return { id: r.info.run_id, deleted: false };
        },
        this.policy,
        this.signal,
        () => this.report.retries++,
      );
    }
    if (copy.deleted) {
      this.report.notes.push(
        `Run "${run.info.run_name}" (${sourceId}) was deleted on ${this.target}; it is not copied again.`,
      );
      this.report.skipped.push({
        sourceId,
        copyId: copy.id,
        name: run.info.run_name,
        experimentId,
        sourceExperimentId: run.info.experiment_id,
      });
      return { created: false };
    }
    this.copies.set(sourceId, copy.id);
    const record = emptyRunRecord();
    // Created with every tag; a copy found by its tag gets its tags checked by the next step.
    if (created) record.tags = tags;
    const entry: LedgerEntry = {
      format: LEDGER_FORMAT,
      target: this.target,
      kind: 'run',
      source_id: sourceId,
      copy_id: copy.id,
      run: record,
      updated: Date.now(),
    };
    await this.ledger.put(entry);
    return { entry, created };
  }
}

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
