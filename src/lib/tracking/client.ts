/**
 * MlflowClient: Python's MlflowClient in camelCase over any TrackingStore, plus the fluent
 * `startRun` helper. Conveniences (logMetric, logParam, setTag, logParams, logMetrics) are written
 * once on logBatch, as in MLflow.
 */
import {
  type DatasetInput,
  type Experiment,
  type FileInfo,
  type Metric,
  type PagedList,
  type Run,
  type RunInfo,
  type RunStatus,
  type ViewType,
} from './entities';
import { TAGS } from './tags';
import { splitBatch, type Batch } from './batching';
import type {
  ArtifactBody,
  SearchExperimentsRequest,
  SearchRunsRequest,
  TrackingStore,
} from './store';
import { ActiveRun, endOf, type StartRunOptions } from './fluent';
import type { WriteReserve } from './storage-full';
import { searchRunsTable, type RunsTable } from './runs-table';
import { invalid } from './errors';

/** A search that returns every run it finds (no paging). */
type TableSearch = Omit<SearchRunsRequest, 'pageToken'>;

export type Tags = Record<string, string>;

/** A store that takes metric points without MLflow's per-request limit (DexieStore). */
export interface MetricAppender {
  appendMetrics(runId: string, metrics: Metric[]): Promise<void>;
}
const toKeyValues = (record: Record<string, unknown> = {}) =>
  Object.entries(record).map(([key, value]) => ({ key, value: String(value) }));

export interface ClientOptions {
  now?: () => number;
  /** Default user for new runs (the mlflow.user tag), e.g. from Settings. */
  user?: () => string | undefined;
  /** Space released to write a run's end record on a full disk (ActiveRun.end). */
  reserve?: WriteReserve;
}

export class MlflowClient {
  readonly store: TrackingStore;
  private readonly now: () => number;
  private readonly user: () => string | undefined;
  readonly reserve: WriteReserve | undefined;

  constructor(store: TrackingStore, options: ClientOptions = {}) {
    this.store = store;
    this.reserve = options.reserve;
    this.now = options.now ?? Date.now;
    this.user = options.user ?? (() => undefined);
  }

  // ---- experiments
  createExperiment(
    name: string,
    options: { artifactLocation?: string; tags?: Tags } = {},
  ): Promise<string> {
    return this.store.createExperiment(name, options.artifactLocation, toKeyValues(options.tags));
  }
  getExperiment(experimentId: string): Promise<Experiment> {
    return this.store.getExperiment(experimentId);
  }
  getExperimentByName(name: string): Promise<Experiment | null> {
    return this.store.getExperimentByName(name);
  }
  searchExperiments(request: SearchExperimentsRequest = {}): Promise<PagedList<Experiment>> {
    return this.store.searchExperiments(request);
  }
  renameExperiment(experimentId: string, newName: string): Promise<void> {
    return this.store.renameExperiment(experimentId, newName);
  }
  deleteExperiment(experimentId: string): Promise<void> {
    return this.store.deleteExperiment(experimentId);
  }
  restoreExperiment(experimentId: string): Promise<void> {
    return this.store.restoreExperiment(experimentId);
  }
  setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    return this.store.setExperimentTag(experimentId, { key, value });
  }

  // ---- runs
  createRun(
    experimentId: string,
    options: { startTime?: number; tags?: Tags; runName?: string } = {},
  ): Promise<Run> {
    const tags = { ...options.tags };
    const user = tags[TAGS.user] ?? this.user();
    if (user) tags[TAGS.user] = user;
    return this.store.createRun({
      experimentId,
      startTime: options.startTime ?? this.now(),
      tags: toKeyValues(tags),
      runName: options.runName,
      userId: user,
    });
  }
  getRun(runId: string): Promise<Run> {
    return this.store.getRun(runId);
  }
  updateRun(
    runId: string,
    options: { status?: RunStatus; endTime?: number; name?: string },
  ): Promise<RunInfo> {
    return this.store.updateRun(runId, {
      status: options.status,
      endTime: options.endTime,
      runName: options.name,
    });
  }
  setTerminated(runId: string, status: RunStatus = 'FINISHED', endTime?: number): Promise<RunInfo> {
    return this.store.updateRun(runId, { status, endTime: endTime ?? this.now() });
  }
  deleteRun(runId: string): Promise<void> {
    return this.store.deleteRun(runId);
  }
  restoreRun(runId: string): Promise<void> {
    return this.store.restoreRun(runId);
  }
  /**
   * One page of runs; with `outputFormat: 'table'`, every run the search finds as the rows of
   * `mlflow.search_runs()`'s DataFrame (as `searchRunsTable`, whose paging it follows).
   */
  searchRuns(request: SearchRunsRequest & { outputFormat?: 'list' }): Promise<PagedList<Run>>;
  searchRuns(request: TableSearch & { outputFormat: 'table' }): Promise<RunsTable>;
  searchRuns(
    request: SearchRunsRequest & { outputFormat?: 'list' | 'table' },
  ): Promise<PagedList<Run> | RunsTable> {
    const { outputFormat = 'list', ...search } = request;
    if (outputFormat === 'table') {
      if (search.pageToken !== undefined)
        return Promise.reject(
          invalid("outputFormat 'table' follows every page itself: leave pageToken out."),
        );
      return this.searchRunsTable(search);
    }
    if (outputFormat !== 'list')
      return Promise.reject(
        invalid(`outputFormat must be 'list' or 'table' (got ${JSON.stringify(outputFormat)}).`),
      );
    return this.store.searchRuns(search);
  }
  /**
   * Every run the search finds (all pages, up to maxResults, default 100,000) as rows with the
   * columns of `mlflow.search_runs()`'s DataFrame: run_id, experiment_id, status, artifact_uri,
   * start_time, end_time, metrics.*, params.*, tags.* (runs-table.ts).
   */
  searchRunsTable(request: TableSearch): Promise<RunsTable> {
    return searchRunsTable((r) => this.store.searchRuns(r), request);
  }

  // ---- logging, all on logBatch
  /** Logs any number of entries, split into requests within MLflow's batch limits. */
  async logBatch(runId: string, batch: Partial<Batch>): Promise<void> {
    for (const part of splitBatch(batch)) await this.store.logBatch(runId, part);
  }
  /**
   * Logs metric points: in one write where the store can take any number (the local store), else
   * in requests within MLflow's limits.
   */
  logMetricPoints(runId: string, metrics: Metric[]): Promise<void> {
    const store = this.store as TrackingStore & Partial<MetricAppender>;
    return store.appendMetrics
      ? store.appendMetrics(runId, metrics)
      : this.logBatch(runId, { metrics });
  }
  logMetric(
    runId: string,
    key: string,
    value: number,
    options: { timestamp?: number; step?: number } = {},
  ): Promise<void> {
    return this.logBatch(runId, {
      metrics: [
        { key, value, timestamp: options.timestamp ?? this.now(), step: options.step ?? 0 },
      ],
    });
  }
  logMetrics(
    runId: string,
    metrics: Record<string, number>,
    options: { timestamp?: number; step?: number } = {},
  ): Promise<void> {
    const timestamp = options.timestamp ?? this.now();
    const step = options.step ?? 0;
    return this.logBatch(runId, {
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp, step })),
    });
  }
  async logParam<T>(runId: string, key: string, value: T): Promise<T> {
    await this.logBatch(runId, { params: [{ key, value: String(value) }] });
    return value;
  }
  logParams(runId: string, params: Record<string, unknown>): Promise<void> {
    return this.logBatch(runId, { params: toKeyValues(params) });
  }
  setTag(runId: string, key: string, value: unknown): Promise<void> {
    return this.logBatch(runId, { tags: [{ key, value: String(value) }] });
  }
  setTags(runId: string, tags: Record<string, unknown>): Promise<void> {
    return this.logBatch(runId, { tags: toKeyValues(tags) });
  }
  deleteTag(runId: string, key: string): Promise<void> {
    return this.store.deleteTag(runId, key);
  }
  logInputs(runId: string, datasets: DatasetInput[]): Promise<void> {
    return this.store.logInputs(runId, datasets);
  }
  /** Every point of one metric, following pages. */
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.store.getMetricHistory(
        runId,
        key,
        pageToken ? { pageToken, maxResults: 25000 } : undefined,
      );
      out.push(...page.items);
      pageToken = page.next_page_token;
    } while (pageToken);
    return out;
  }

  // ---- artifacts
  logArtifact(runId: string, artifactPath: string, body: ArtifactBody): Promise<void> {
    return this.store.logArtifact(runId, artifactPath, body);
  }
  /**
   * Several files at once, as `log_artifacts` logs a folder; all or none where the store can do
   * that (the IndexedDB store), else one after another.
   */
  async logArtifacts(runId: string, files: { path: string; body: ArtifactBody }[]): Promise<void> {
    if (this.store.logArtifacts) return this.store.logArtifacts(runId, files);
    for (const f of files) await this.store.logArtifact(runId, f.path, f.body);
  }
  logText(runId: string, text: string, artifactFile: string): Promise<void> {
    return this.store.logArtifact(runId, artifactFile, text);
  }
  /** Writes JSON; for a .yaml/.yml file the JSON text is also valid YAML. */
  logDict(runId: string, dictionary: unknown, artifactFile: string): Promise<void> {
    return this.store.logArtifact(runId, artifactFile, `${JSON.stringify(dictionary, null, 2)}\n`);
  }
  listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    return this.store.listArtifacts(runId, path);
  }
  downloadArtifact(runId: string, path: string): Promise<Uint8Array> {
    return this.store.downloadArtifact(runId, path);
  }

  /** An existing run made RUNNING again (if it had ended) with these tags added. */
  private async resumeRun(runId: string, tags: Tags): Promise<Run> {
    const run = await this.getRun(runId);
    if (run.info.lifecycle_stage !== 'active') {
      throw new Error(`Run ${runId} is deleted; restore it before logging to it.`);
    }
    if (Object.keys(tags).length) await this.setTags(runId, tags);
    if (run.info.status !== 'RUNNING') await this.updateRun(runId, { status: 'RUNNING' });
    return this.getRun(runId);
  }

  // ---- fluent
  /**
   * The one run lifecycle (training, evaluation, a tuning trial): starts a run with its parent and
   * tags, passes it to `body`, and ends it FINISHED — or, when `body` throws, KILLED or FAILED as
   * the error says (RunStopped) with its message in `tracklab.error`, and rethrows. Everything
   * logged before stays. Metrics logged through the ActiveRun are buffered and flushed in batches;
   * a nested run is `run.startRun(...)` and carries mlflow.parentRunId.
   */
  async startRun<T>(
    options: StartRunOptions,
    body: (run: ActiveRun) => Promise<T> | T,
  ): Promise<T> {
    const tags: Tags = { ...options.tags };
    if (options.parentRunId) tags[TAGS.parentRunId] = options.parentRunId;
    const created = options.runId
      ? await this.resumeRun(options.runId, tags)
      : await this.createRun(options.experimentId ?? '0', { runName: options.runName, tags });
    const run = new ActiveRun(this, created, this.now);
    try {
      options.onStart?.(run);
      const result = await body(run);
      await run.end('FINISHED');
      return result;
    } catch (e) {
      const { status, reason } = endOf(e);
      await run.end(status, reason).catch(() => undefined);
      throw e;
    }
  }
}

export type { ViewType };
