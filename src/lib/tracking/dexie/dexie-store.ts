/**
 * The embedded tracking store: MLflow's AbstractStore over IndexedDB through Dexie. It runs on the
 * main thread and in workers; several writers (tabs, workers) stay correct because every
 * read-modify-write happens inside one IndexedDB transaction.
 */
import Dexie from 'dexie';
import {
  TAGS,
  type DatasetInput,
  type Experiment,
  type ExperimentTag,
  type FileInfo,
  type KeyValue,
  type Metric,
  type PagedList,
  type Run,
  type RunInfo,
  type ViewType,
} from '../entities';
import { MlflowError, alreadyExists, invalid, notFound } from '../errors';
import { generateRunId, generateRunName } from '../names';
import {
  compareRuns,
  compileFilter,
  filterExperiments,
  paginate,
  parseFilter,
  parseOrderBy,
  sortExperiments,
} from '../search';
import type {
  ArtifactBody,
  CreateRunRequest,
  LogBatchRequest,
  MetricHistoryRequest,
  SearchExperimentsRequest,
  SearchRunsRequest,
  TrackingStore,
  UpdateRunRequest,
} from '../store';
import {
  LIMITS,
  validateBatch,
  validateDatasetInputs,
  validateExperimentName,
  validateExperimentTag,
  validateMetric,
  validateTag,
} from '../validation';
import {
  deleteAllArtifacts,
  deleteArtifacts,
  listFolder,
  normaliseArtifactPath,
  putArtifact,
  readArtifact,
  toBytes,
} from './artifacts';
import {
  LastChunkCache,
  appendMetrics,
  deleteMetricChunks,
  readMetricArrays,
  toMetrics,
  type MetricArrays,
} from './metrics';
import { RunRowCache, bumpRunsEpoch, stampRuns } from './run-cache';
import { toExperiment, toRun, toRunInfo } from './rows';
import { LOCAL_ARTIFACT_SCHEME, TrackingDB, type ExperimentRow, type RunRow } from './schema';

export interface DexieStoreOptions {
  /** IndexedDB database name; tests pass a fresh one. */
  name?: string;
  /** Dexie options, e.g. { indexedDB, IDBKeyRange } from fake-indexeddb. */
  dexie?: ConstructorParameters<typeof Dexie>[1];
  now?: () => number;
}

const stagesFor = (view: ViewType = 'ACTIVE_ONLY') =>
  view === 'ALL' ? ['active', 'deleted'] : view === 'DELETED_ONLY' ? ['deleted'] : ['active'];

function checkMaxResults(maxResults: number, limit: number): void {
  if (!Number.isInteger(maxResults) || maxResults <= 0) {
    throw invalid(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer`,
    );
  }
  if (maxResults > limit) {
    throw invalid(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most ${limit}`,
    );
  }
}

/** Turns IndexedDB failures into MlflowErrors that say what to do. */
function storageError(e: unknown): never {
  if (e instanceof MlflowError) throw e;
  const name = (e as { name?: string })?.name ?? '';
  const inner = (e as { inner?: { name?: string } })?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    throw new MlflowError(
      'RESOURCE_EXHAUSTED',
      "The browser's storage for Tracklab is full, so nothing of this write was saved. Delete old runs or artifacts, or export and remove an experiment, then try again.",
    );
  }
  throw new MlflowError(
    'INTERNAL_ERROR',
    `Storage error (${name || 'unknown'}): ${(e as Error)?.message ?? e}`,
  );
}

export class DexieStore implements TrackingStore {
  readonly db: TrackingDB;
  private readonly now: () => number;
  private readonly runCache: RunRowCache;
  private readonly lastChunks = new LastChunkCache();

  constructor(options: DexieStoreOptions = {}) {
    this.db = new TrackingDB(options.name ?? 'tracklab', options.dexie);
    this.now = options.now ?? Date.now;
    this.runCache = new RunRowCache(this.db);
  }

  /** Writes a run row, stamped for the search cache. Inside a rw transaction over runs and meta. */
  private async putRun(row: RunRow): Promise<void> {
    row.version = await stampRuns(this.db);
    await this.db.runs.put(row);
  }

  close(): void {
    this.db.close();
  }

  private async rw<T>(tables: Dexie.Table[], body: () => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction('rw', tables, body);
    } catch (e) {
      return storageError(e);
    }
  }

  private async experimentRow(id: string, view: ViewType = 'ALL'): Promise<ExperimentRow> {
    const row = await this.db.experiments.get(String(id));
    if (!row || !stagesFor(view).includes(row.lifecycle_stage)) {
      throw notFound(`No Experiment with id=${id} exists`);
    }
    return row;
  }

  private async runRow(runId: string): Promise<RunRow> {
    const row = await this.db.runs.get(runId);
    if (!row) throw notFound(`Run with id=${runId} not found`);
    return row;
  }

  private async activeRunRow(runId: string): Promise<RunRow> {
    const row = await this.runRow(runId);
    if (row.lifecycle_stage !== 'active') {
      throw invalid(
        `The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`,
      );
    }
    return row;
  }

  private static checkActiveExperiment(row: ExperimentRow): void {
    if (row.lifecycle_stage !== 'active') {
      throw invalid(
        `The experiment ${row.experiment_id} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`,
      );
    }
  }

  // ---- experiments -------------------------------------------------------------------------

  async createExperiment(
    name: string,
    artifactLocation?: string,
    tags: ExperimentTag[] = [],
  ): Promise<string> {
    validateExperimentName(name);
    tags.forEach(validateExperimentTag);
    const { experiments, meta } = this.db;
    return this.rw([experiments, meta], async () => {
      if (await experiments.where('name').equals(name).first()) {
        throw alreadyExists(`Experiment(name=${name}) already exists.`);
      }
      const counter = (await meta.get('nextExperimentId'))?.value ?? 1;
      const id = String(counter);
      await meta.put({ key: 'nextExperimentId', value: counter + 1 });
      const now = this.now();
      await experiments.add({
        experiment_id: id,
        name,
        artifact_location: artifactLocation || `${LOCAL_ARTIFACT_SCHEME}${id}`,
        lifecycle_stage: 'active',
        creation_time: now,
        last_update_time: now,
        tags: tags.map((t) => ({ key: t.key, value: t.value })),
      });
      return id;
    });
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return toExperiment(await this.experimentRow(experimentId));
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const row = await this.db.experiments.where('name').equals(name).first();
    return row ? toExperiment(row) : null;
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<PagedList<Experiment>> {
    const maxResults = request.maxResults ?? 1000;
    checkMaxResults(maxResults, LIMITS.experimentsPerPage);
    const rows = await this.db.experiments
      .where('lifecycle_stage')
      .anyOf(stagesFor(request.viewType))
      .toArray();
    const found = sortExperiments(
      filterExperiments(rows.map(toExperiment), request.filterString),
      request.orderBy,
    );
    return paginate(found, request.pageToken, maxResults);
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    validateExperimentName(newName);
    await this.rw([this.db.experiments], async () => {
      const row = await this.experimentRow(experimentId);
      if (row.lifecycle_stage !== 'active')
        throw new MlflowError('INVALID_STATE', 'Cannot rename a non-active experiment.');
      const clash = await this.db.experiments.where('name').equals(newName).first();
      if (clash && clash.experiment_id !== row.experiment_id)
        // The SQL store answers a rename onto a taken name with BAD_REQUEST (a unique-index error).
        throw new MlflowError(
          'BAD_REQUEST',
          `Cannot rename: an experiment named '${newName}' already exists (deleted ones count too).`,
        );
      await this.db.experiments.update(row.experiment_id, {
        name: newName,
        last_update_time: this.now(),
      });
    });
  }

  /** Deleting an experiment marks its runs deleted, and restoring it restores them (as MLflow). */
  private async setExperimentStage(
    experimentId: string,
    from: ViewType,
    to: 'active' | 'deleted',
  ): Promise<void> {
    const { experiments, runs, meta } = this.db;
    await this.rw([experiments, runs, meta], async () => {
      const row = await this.experimentRow(experimentId, from);
      const now = this.now();
      const version = await stampRuns(this.db);
      await experiments.update(row.experiment_id, { lifecycle_stage: to, last_update_time: now });
      await runs
        .where('experiment_id')
        .equals(row.experiment_id)
        .modify((r) => {
          r.lifecycle_stage = to;
          r.version = version;
          r.deleted_time = to === 'deleted' ? now : null;
        });
    });
  }

  deleteExperiment(experimentId: string): Promise<void> {
    return this.setExperimentStage(experimentId, 'ACTIVE_ONLY', 'deleted');
  }

  restoreExperiment(experimentId: string): Promise<void> {
    return this.setExperimentStage(experimentId, 'DELETED_ONLY', 'active');
  }

  async setExperimentTag(experimentId: string, tag: ExperimentTag): Promise<void> {
    validateExperimentTag(tag);
    await this.rw([this.db.experiments], async () => {
      const row = await this.experimentRow(experimentId);
      DexieStore.checkActiveExperiment(row);
      const tags = row.tags
        .filter((t) => t.key !== tag.key)
        .concat({ key: tag.key, value: tag.value });
      await this.db.experiments.update(row.experiment_id, { tags });
    });
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.rw([this.db.experiments], async () => {
      const row = await this.experimentRow(experimentId);
      DexieStore.checkActiveExperiment(row);
      if (!row.tags.some((t) => t.key === key)) {
        throw notFound(`No tag with name: ${key} in experiment with id ${experimentId}`);
      }
      await this.db.experiments.update(row.experiment_id, {
        tags: row.tags.filter((t) => t.key !== key),
      });
    });
  }

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
    const { runs, metricChunks, artifacts, artifactChunks, meta } = this.db;
    await this.rw([runs, metricChunks, artifacts, artifactChunks, meta], async () => {
      await deleteMetricChunks(this.db, runId);
      await deleteAllArtifacts(this.db, runId);
      await runs.delete(runId);
      await bumpRunsEpoch(this.db);
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
    const { runs, metricChunks, meta } = this.db;
    const written = await this.rw([runs, metricChunks, meta], async () => {
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

  /** The whole history of one key as typed arrays (charts read this; no per-point objects). */
  async getMetricHistoryArrays(runId: string, key: string): Promise<MetricArrays> {
    const { runs, metricChunks } = this.db;
    return this.db.transaction('r', [runs, metricChunks], async () => {
      // Counting by primary key checks the run exists without deserializing its row.
      const [exists, history] = await Promise.all([
        runs.where(':id').equals(runId).count(),
        readMetricArrays(this.db, runId, key),
      ]);
      if (!exists) throw notFound(`Run with id=${runId} not found`);
      return history;
    });
  }

  async getMetricHistory(
    runId: string,
    key: string,
    request: MetricHistoryRequest = {},
  ): Promise<PagedList<Metric>> {
    const arrays = await this.getMetricHistoryArrays(runId, key);
    if (request.maxResults === undefined) return { items: toMetrics(key, arrays) };
    const page = paginate(
      Array.from({ length: arrays.values.length }, (_, i) => i),
      request.pageToken,
      request.maxResults,
    );
    const from = page.items[0] ?? 0;
    return {
      items: toMetrics(key, arrays, from, from + page.items.length),
      next_page_token: page.next_page_token,
    };
  }

  async searchRuns(request: SearchRunsRequest): Promise<PagedList<Run>> {
    const maxResults = request.maxResults ?? 1000;
    checkMaxResults(maxResults, LIMITS.searchMaxResults);
    const predicate = compileFilter(parseFilter(request.filterString));
    const order = compareRuns(parseOrderBy(request.orderBy));
    const stages = stagesFor(request.runViewType);
    const ids = [...new Set(request.experimentIds.map(String))];
    const rows = await this.runCache.rows(ids);
    const found = rows
      .filter((r) => stages.includes(r.lifecycle_stage) && predicate(r))
      .sort(order);
    const page = paginate(found, request.pageToken, maxResults);
    return { items: page.items.map(toRun), next_page_token: page.next_page_token };
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
  async runKeys(
    experimentId: string,
  ): Promise<{ count: number; metrics: string[]; params: string[]; tags: string[] }> {
    const keys = { metrics: new Set<string>(), params: new Set<string>(), tags: new Set<string>() };
    let count = 0;
    await this.db.runs
      .where('[experiment_id+lifecycle_stage]')
      .equals([experimentId, 'active'])
      .each((row) => {
        count += 1;
        for (const k of row.metrics.keys()) keys.metrics.add(k);
        for (const k of row.params.keys()) keys.params.add(k);
        for (const k of row.tags.keys()) keys.tags.add(k);
      });
    const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
    return {
      count,
      metrics: sorted(keys.metrics),
      params: sorted(keys.params),
      tags: sorted(keys.tags),
    };
  }

  // ---- artifacts ---------------------------------------------------------------------------

  async logArtifact(runId: string, path: string, body: ArtifactBody): Promise<void> {
    const normal = normaliseArtifactPath(path);
    const bytes = await toBytes(body);
    const { runs, artifacts, artifactChunks } = this.db;
    await this.rw([runs, artifacts, artifactChunks], async () => {
      await this.activeRunRow(runId);
      await putArtifact(this.db, runId, normal, bytes);
    });
  }

  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    await this.runRow(runId);
    return listFolder(this.db, runId, normaliseArtifactPath(path, true));
  }

  async downloadArtifact(runId: string, path: string): Promise<Uint8Array> {
    await this.runRow(runId);
    return readArtifact(this.db, runId, normaliseArtifactPath(path));
  }

  async deleteArtifact(runId: string, path: string): Promise<void> {
    const { runs, artifacts, artifactChunks } = this.db;
    await this.rw([runs, artifacts, artifactChunks], async () => {
      await this.runRow(runId);
      await deleteArtifacts(this.db, runId, normaliseArtifactPath(path, true));
    });
  }
}
