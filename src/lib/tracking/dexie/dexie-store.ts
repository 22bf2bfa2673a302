/**
 * The embedded tracking store: MLflow's AbstractStore over IndexedDB through Dexie. It runs on the
 * main thread and in workers; several writers (tabs, workers) stay correct because every
 * read-modify-write happens inside one IndexedDB transaction. Built in layers: base.ts (database,
 * transactions, row lookups), experiments.ts, artifact-store.ts, history-store.ts (metric history
 * reads), and here runs, metric writes and search.
 */
import {
  type DatasetInput,
  type KeyValue,
  type Metric,
  type PagedList,
  type Run,
  type RunInfo,
} from '../entities';
import { TAGS } from '../tags';
import { invalid, notFound } from '../errors';
import { generateRunId, generateRunName } from '../names';
import { sortRuns, compileFilter, paginate, parseFilter, parseOrderBy } from '../search';
import {
  KeyCollector,
  rangeOf,
  type MetricRange,
  type MetricRanges,
  type RunKeys,
  type RunRef,
  type RunSummary,
  type RunSummaryReads,
  type RunSummarySearch,
} from '../reads';
import type {
  CreateRunRequest,
  LogBatchRequest,
  SearchRunsRequest,
  TrackingStore,
  UpdateRunRequest,
} from '../store';
import {
  LIMITS,
  validateBatch,
  validateDatasetInputs,
  validateMetric,
  validateTag,
} from '../validation';
import { deleteAllArtifacts } from './artifacts';
import { checkMaxResults, stagesFor, storageError } from './base';
import { isStorageFull, retryLater, withReserve, type WriteReserve } from '../storage-full';
import { purgeExperimentRows } from './usage';
import { DexieHistoryStore } from './history-store';
import { appendMetrics, deleteMetricChunks, readMetricArrays } from './metrics';
import { bumpRunsEpoch, stampRuns } from './run-cache';
import { toRun, toRunInfo } from './rows';
import type { RunRow, SearchRow } from './schema';

export type { DexieStoreOptions } from './base';

/** What setTagIfUnchanged did: saved, or not because the tag now reads `current`. */
export interface TagSwap {
  saved: boolean;
  /** The tag's value after the call (undefined: absent). */
  current: string | undefined;
}

/** Also the UI's summary reads (reads.ts), answered from the rows so liveQuery tracks them. */
export class DexieStore extends DexieHistoryStore implements TrackingStore, RunSummaryReads {
  // ---- runs --------------------------------------------------------------------------------

  async createRun(request: CreateRunRequest): Promise<Run> {
    const tags = (request.tags ?? []).map((t, i) => validateTag(t, `tags[${i}]`));
    const nameTag = tags.find((t) => t.key === TAGS.runName)?.value;
    if (request.runName && nameTag && request.runName !== nameTag) {
      throw invalid(
        `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${request.runName}', mlflow.runName='${nameTag}').`,
      );
    }
    const runName = request.runName || nameTag || generateRunName();
    if (!nameTag) tags.push({ key: TAGS.runName, value: runName });
    const { experiments, runs, meta } = this.db;
    return this.rw([experiments, runs, meta], async () => {
      const experiment = await this.experimentRow(request.experimentId ?? '0');
      DexieStore.checkActiveExperiment(experiment);
      const runId = generateRunId();
      const row: RunRow = {
        run_id: runId,
        experiment_id: experiment.experiment_id,
        run_name: runName,
        user_id: request.userId ?? tags.find((t) => t.key === TAGS.user)?.value ?? '',
        status: 'RUNNING',
        start_time: request.startTime ?? this.now(),
        end_time: null,
        artifact_uri: `${experiment.artifact_location.replace(/\/$/, '')}/${runId}/artifacts`,
        lifecycle_stage: 'active',
        deleted_time: null,
        version: await stampRuns(this.db),
        metrics: new Map(),
        metricInfo: new Map(),
        params: new Map(),
        tags: new Map(tags.map((t) => [t.key, t.value])),
        inputs: [],
      };
      await runs.add(row);
      return toRun(row);
    });
  }

  async getRun(runId: string): Promise<Run> {
    return toRun(await this.runRow(runId));
  }

  async updateRun(runId: string, request: UpdateRunRequest): Promise<RunInfo> {
    return this.rw([this.db.runs, this.db.meta], async () => {
      const row = await this.activeRunRow(runId);
      if (request.status) row.status = request.status;
      if (request.endTime !== undefined && request.endTime !== null) row.end_time = request.endTime;
      if (request.runName) {
        row.run_name = request.runName;
        row.tags.set(TAGS.runName, request.runName);
      }
      await this.putRun(row);
      return toRunInfo(row);
    });
  }

  private async setRunStage(runId: string, stage: 'active' | 'deleted'): Promise<void> {
    await this.rw([this.db.runs, this.db.meta], async () => {
      const row = await this.runRow(runId);
      row.lifecycle_stage = stage;
      row.deleted_time = stage === 'deleted' ? this.now() : null;
      await this.putRun(row);
    });
  }

  deleteRun(runId: string): Promise<void> {
    return this.setRunStage(runId, 'deleted');
  }

  restoreRun(runId: string): Promise<void> {
    return this.setRunStage(runId, 'active');
  }

  /** Removes a run and everything it logged (MLflow's `gc`); not part of the REST API. */
  async purgeRun(runId: string): Promise<void> {
    const { runs, metricChunks, metricExtremes, artifacts, artifactChunks, meta } = this.db;
    await this.rw(
      [runs, metricChunks, metricExtremes, artifacts, artifactChunks, meta],
      async () => {
        await deleteMetricChunks(this.db, runId);
        await deleteAllArtifacts(this.db, runId);
        await runs.delete(runId);
        await bumpRunsEpoch(this.db);
      },
    );
  }

  /**
   * Removes an experiment, its runs and everything they logged, for good (usage.ts). Works on a
   * full disk: the deletes need no space, and the epoch bump after them (a write that drops
   * search caches) spends the reserve if the deletes did not free enough.
   */
  /**
   * Deletes an experiment's rows for good: a delete-only transaction, which a full disk lets
   * through. Other tabs' search caches then need the epoch bumped, a small put: on a disk still
   * full (Chromium counts the freed room only a little later) it is tried again in the background
   * rather than reported as a failed delete. This tab's cache forgets the experiment at once.
   */
  async purgeExperiment(experimentId: string, reserve?: WriteReserve): Promise<void> {
    await this.experimentRow(experimentId);
    await purgeExperimentRows(this.db, experimentId).catch(storageError);
    this.runCache.forget(experimentId);
    const bump = () =>
      withReserve(reserve, () => this.rw([this.db.meta], () => bumpRunsEpoch(this.db)));
    await bump().catch((e: unknown) => {
      if (!isStorageFull(e)) throw e;
      retryLater(bump);
    });
  }

  async logBatch(runId: string, batch: LogBatchRequest): Promise<void> {
    const metrics = batch.metrics ?? [];
    const { params, tags } = validateBatch(metrics, batch.params ?? [], batch.tags ?? []);
    await this.write(runId, metrics, params, tags);
  }

  /**
   * Logs any number of metric points in one transaction. MLflow's 1,000-per-request limit is a
   * limit of its REST API, not of the data, and each IndexedDB write transaction has a fixed cost,
   * so the fluent ActiveRun flushes its buffer through this. Every point is still validated.
   */
  async appendMetrics(runId: string, metrics: Metric[]): Promise<void> {
    metrics.forEach((m, i) => validateMetric(m, `metrics[${i}]`));
    await this.write(runId, metrics, [], []);
  }

  private async write(
    runId: string,
    metrics: Metric[],
    params: KeyValue[],
    tags: KeyValue[],
  ): Promise<void> {
    const { runs, metricChunks, metricExtremes, meta } = this.db;
    const written = await this.rw([runs, metricChunks, metricExtremes, meta], async () => {
      const row = await this.activeRunRow(runId);
      const changed = params.filter(
        (p) => row.params.has(p.key) && row.params.get(p.key) !== p.value,
      );
      if (changed.length) {
        const p = changed[0];
        throw invalid(
          `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${row.params.get(p.key)}' for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
        );
      }
      for (const p of params) row.params.set(p.key, p.value);
      for (const t of tags) {
        row.tags.set(t.key, t.value);
        if (t.key === TAGS.runName) row.run_name = t.value;
      }
      const chunks = await appendMetrics(this.db, row, metrics, this.lastChunks);
      await this.putRun(row);
      return chunks;
    });
    this.lastChunks.remember(written);
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.rw([this.db.runs, this.db.meta], async () => {
      const row = await this.activeRunRow(runId);
      if (!row.tags.has(key)) throw notFound(`No tag with name: ${key} in run with id ${runId}`);
      row.tags.delete(key);
      await this.putRun(row);
    });
  }

  /**
   * Compare-and-set of one tag, for editors that must not overwrite a change they never saw (a
   * run's note edited in two tabs): in one transaction, sets the tag to `value` (or removes it when
   * `value` is undefined) only if it still reads `expected` (undefined: absent). Otherwise changes
   * nothing and answers what is there now. The text is its own version stamp: if the tag was
   * changed and changed back, writing over it loses nothing. Not part of MLflow's REST API.
   */
  async setTagIfUnchanged(
    runId: string,
    key: string,
    expected: string | undefined,
    value: string | undefined,
  ): Promise<TagSwap> {
    const tag = value === undefined ? undefined : validateTag({ key, value });
    return this.rw([this.db.runs, this.db.meta], async () => {
      const row = await this.activeRunRow(runId);
      const current = row.tags.get(key);
      if (current !== expected) return { saved: false, current };
      if (tag) row.tags.set(key, tag.value);
      else row.tags.delete(key);
      await this.putRun(row);
      return { saved: true, current: tag?.value };
    });
  }

  async logInputs(runId: string, datasets: DatasetInput[]): Promise<void> {
    validateDatasetInputs(datasets);
    await this.rw([this.db.runs, this.db.meta], async () => {
      const row = await this.activeRunRow(runId);
      for (const input of datasets) {
        const { name, digest } = input.dataset;
        // One input per dataset and run, as the SQL store's unique (source, destination) key.
        if (row.inputs.some((i) => i.dataset.name === name && i.dataset.digest === digest))
          continue;
        row.inputs.push(structuredClone({ tags: input.tags ?? [], dataset: input.dataset }));
      }
      await this.putRun(row);
    });
  }

  async searchRuns(request: SearchRunsRequest): Promise<PagedList<Run>> {
    const maxResults = request.maxResults ?? 1000;
    checkMaxResults(maxResults, LIMITS.searchMaxResults);
    const found = await this.searchRows(request);
    const page = paginate(found, request.pageToken, maxResults);
    return { items: page.items.map(toRun), next_page_token: page.next_page_token };
  }

  /** The cached rows a search matches, in its order (shared rows: read, never change). */
  private async searchRows(search: RunSummarySearch): Promise<SearchRow[]> {
    const predicate = compileFilter(parseFilter(search.filterString));
    const order = parseOrderBy(search.orderBy);
    const stages = stagesFor(search.runViewType);
    const ids = [...new Set(search.experimentIds.map(String))];
    const rows = await this.runCache.rows(ids);
    return sortRuns(
      rows.filter((r) => stages.includes(r.lifecycle_stage) && predicate(r)),
      order,
    );
  }

  /**
   * The same search as searchRuns with no paging, as views over the cached rows: no Run objects
   * (toRun copies every metric, param and tag into an object of its own).
   */
  async searchRunSummaries(search: RunSummarySearch): Promise<RunSummary[]> {
    return (await this.searchRows(search)).map((row) => ({
      info: toRunInfo(row),
      metrics: row.metrics,
      params: row.params,
      tags: row.tags,
    }));
  }

  /** Active runs per experiment, for lists that show a run count. */
  async countRuns(experimentIds: string[]): Promise<Map<string, number>> {
    const counts = new Map(experimentIds.map((id) => [id, 0]));
    await Promise.all(
      experimentIds.map(async (id) => {
        counts.set(
          id,
          await this.db.runs
            .where('[experiment_id+lifecycle_stage]')
            .equals([id, 'active'])
            .count(),
        );
      }),
    );
    return counts;
  }

  /**
   * Active-run count and the metric, param and tag keys used in one experiment, read straight from
   * the rows (no Run objects), for column pickers and search hints.
   */
  async runKeys(experimentId: string): Promise<RunKeys> {
    // From the search cache: 10k run rows deserialize in 0.3–1 s, the cached copy is in memory.
    // Kept with the cached rows until one of them changes: the runs page asks on every refresh.
    const keys = await this.runCache.derive(experimentId, 'runKeys', (rows) => {
      const collector = new KeyCollector();
      for (const row of rows) {
        if (row.lifecycle_stage === 'active') collector.add(row.metrics, row.params, row.tags);
      }
      return collector.result();
    });
    return structuredClone(keys);
  }

  /**
   * Ranges come with the cached rows (kept as points are appended); a key written before ranges
   * were kept is read from its chunks once per call.
   */
  async metricRanges(runs: readonly RunRef[], keys: readonly string[]): Promise<MetricRanges> {
    const experimentIds = [...new Set(runs.map((r) => r.experimentId))];
    const rows = new Map((await this.runCache.rows(experimentIds)).map((r) => [r.run_id, r]));
    const out: MetricRanges = new Map();
    for (const { runId } of runs) {
      const row = rows.get(runId);
      const ranges = new Map<string, MetricRange>();
      out.set(runId, ranges);
      if (!row) continue;
      for (const key of keys) {
        if (!row.metrics.has(key)) continue;
        const info = row.metricInfo.get(key);
        if (info?.min !== undefined && info.max !== undefined) {
          ranges.set(key, { min: info.min, max: info.max });
        } else {
          ranges.set(key, rangeOf((await readMetricArrays(this.db, runId, key)).values));
        }
      }
    }
    return out;
  }
}
