/**
 * Writes a study's events to the tracking store (see tracking-storage.ts for the shape): each
 * write batches its changes per run, creates trial runs in trial order, and logs the study's
 * best value after each finished trial.
 */
import {
  applyEvent,
  cloneTrial,
  type StoredStudy,
  type StudyEvent,
  type StudySpec,
} from './storage';
import { jsonTags, paramText, STATUS, STUDY_METRICS, STUDY_TAGS } from './study-tags';
import type { FrozenTrial, TrialState } from './types';
import { TAGS, type Metric, type MlflowClient } from '$lib/tracking';

/** Writes a study's events to its runs, batching each write's changes per run. */
export class StudyWriter implements StoredStudy {
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
    /** Put on every trial run it creates (the storage's runTags). */
    private readonly runTags: Readonly<Record<string, string>> = {},
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
              ...this.runTags,
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
