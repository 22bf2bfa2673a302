/**
 * A read-only TrackingStore and RegistryStore over the contents of an archive (a Tracklab archive
 * or an MLflow mlruns tree), so importing one is copyExperiments from it into the browser's store:
 * the same mechanism, ledger and guarantees as a pull. The runs' metadata is held in memory;
 * metric histories and artifact bytes are read from the archive when the copy asks for them.
 * Searches use the same filter and order code as the IndexedDB store.
 */
import type {
  Experiment,
  FileInfo,
  Metric,
  PagedList,
  Run,
  ViewType,
} from '$lib/tracking/entities';
import { MlflowError, notFound } from '$lib/tracking/errors';
import {
  compileFilter,
  filterExperiments,
  paginate,
  parseFilter,
  parseOrderBy,
  sortExperiments,
  sortRuns,
} from '$lib/tracking/search';
import type { SearchableRun } from '$lib/tracking/search/evaluate';
import type {
  SearchExperimentsRequest,
  SearchRunsRequest,
  TrackingStore,
} from '$lib/tracking/store';
import type { ModelVersion, RegisteredModel } from '$lib/registry/entities';
import { compareBy, parseRegistryOrderBy } from '$lib/registry/order-by';
import { filterRegistry, parseRegistryFilter } from '$lib/registry/search';
import type {
  RegistryStore,
  SearchModelVersionsRequest,
  SearchRegisteredModelsRequest,
} from '$lib/registry/store';

/** What an archive holds, as a reader (archive.ts, mlruns.ts) makes it available. */
export interface SnapshotContent {
  experiments: Experiment[];
  runs: Run[];
  /** One metric key's history, in the order it was logged. */
  history(runId: string, key: string): Promise<Metric[]>;
  /** Every artifact file of a run (run-relative path → size in bytes). */
  artifacts(runId: string): Map<string, number>;
  readArtifact(runId: string, path: string): Promise<Uint8Array>;
  models: RegisteredModel[];
  versions: ModelVersion[];
}

/** Every write to an archive: it is what it is. */
const refuse = async (): Promise<never> => {
  throw new MlflowError(
    'PERMISSION_DENIED',
    'An archive is read-only: import it to change its runs.',
  );
};

const stages = (view: ViewType = 'ACTIVE_ONLY') =>
  view === 'ALL' ? ['active', 'deleted'] : view === 'DELETED_ONLY' ? ['deleted'] : ['active'];

interface Row extends SearchableRun {
  run: Run;
  experiment_id: string;
  lifecycle_stage: string;
}

function row(run: Run): Row {
  const i = run.info;
  return {
    run,
    run_id: i.run_id,
    run_name: i.run_name,
    user_id: i.user_id,
    status: i.status,
    artifact_uri: i.artifact_uri,
    start_time: i.start_time,
    end_time: i.end_time ?? null,
    experiment_id: i.experiment_id,
    lifecycle_stage: i.lifecycle_stage,
    metrics: new Map(run.data.metrics.map((m) => [m.key, m.value])),
    params: new Map(run.data.params.map((p) => [p.key, p.value])),
    tags: new Map(run.data.tags.map((t) => [t.key, t.value])),
    inputs: run.inputs.dataset_inputs,
  };
}

export class SnapshotStore implements TrackingStore {
  private readonly rows: Row[];
  private readonly byId: Map<string, Row>;
  /** The last history read, for the pages after the first. */
  private lastHistory: { runId: string; key: string; points: Promise<Metric[]> } | undefined;

  constructor(readonly content: SnapshotContent) {
    this.rows = content.runs.map(row);
    this.byId = new Map(this.rows.map((r) => [r.run_id, r]));
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const found = this.content.experiments.find((e) => e.experiment_id === experimentId);
    if (!found) throw notFound(`No Experiment with id=${experimentId} exists`);
    return structuredClone(found);
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const found = this.content.experiments.find((e) => e.name === name);
    return found ? structuredClone(found) : null;
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<PagedList<Experiment>> {
    const wanted = stages(request.viewType);
    const found = sortExperiments(
      filterExperiments(
        this.content.experiments.filter((e) => wanted.includes(e.lifecycle_stage)),
        request.filterString,
      ),
      request.orderBy,
    );
    return paginate(
      found.map((e) => structuredClone(e)),
      request.pageToken,
      request.maxResults ?? 1000,
    );
  }

  async getRun(runId: string): Promise<Run> {
    return structuredClone(this.row(runId).run);
  }

  async searchRuns(request: SearchRunsRequest): Promise<PagedList<Run>> {
    const predicate = compileFilter(parseFilter(request.filterString));
    const wanted = stages(request.runViewType);
    const ids = new Set(request.experimentIds.map(String));
    const found = sortRuns(
      this.rows.filter(
        (r) => ids.has(r.experiment_id) && wanted.includes(r.lifecycle_stage) && predicate(r),
      ),
      parseOrderBy(request.orderBy),
    );
    const page = paginate(found, request.pageToken, request.maxResults ?? 1000);
    return {
      items: page.items.map((r) => structuredClone(r.run)),
      next_page_token: page.next_page_token,
    };
  }

  async getMetricHistory(
    runId: string,
    key: string,
    request: { maxResults?: number; pageToken?: string } = {},
  ): Promise<PagedList<Metric>> {
    this.row(runId);
    if (this.lastHistory?.runId !== runId || this.lastHistory.key !== key)
      this.lastHistory = { runId, key, points: this.content.history(runId, key) };
    const points = await this.lastHistory.points;
    return paginate(points, request.pageToken, request.maxResults ?? 25_000_000);
  }

  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    this.row(runId);
    const prefix = path ? `${path.replace(/\/+$/, '')}/` : '';
    const out = new Map<string, FileInfo>();
    for (const [file, size] of this.content.artifacts(runId)) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) out.set(file, { path: file, is_dir: false, file_size: size });
      else {
        const dir = prefix + rest.slice(0, slash);
        out.set(dir, { path: dir, is_dir: true });
      }
    }
    return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  async downloadArtifact(runId: string, path: string): Promise<Uint8Array> {
    this.row(runId);
    if (!this.content.artifacts(runId).has(path))
      throw notFound(`No artifact ${path} in run ${runId}.`);
    return this.content.readArtifact(runId, path);
  }

  private row(runId: string): Row {
    const r = this.byId.get(runId);
    if (!r) throw notFound(`Run with id=${runId} not found`);
    return r;
  }

  // The archive is what it is: every write is refused.
  createExperiment = refuse;
  renameExperiment = refuse;
  deleteExperiment = refuse;
  restoreExperiment = refuse;
  setExperimentTag = refuse;
  deleteExperimentTag = refuse;
  createRun = refuse;
  updateRun = refuse;
  deleteRun = refuse;
  restoreRun = refuse;
  logBatch = refuse;
  deleteTag = refuse;
  logInputs = refuse;
  logArtifact = refuse;
  deleteArtifact = refuse;
}

/** The archive's model registry, read-only. */
export class SnapshotRegistry implements RegistryStore {
  constructor(private readonly content: SnapshotContent) {}

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    const m = this.content.models.find((x) => x.name === name);
    if (!m) throw notFound(`Registered Model with name=${name} not found`);
    return structuredClone(m);
  }

  async searchRegisteredModels(
    request: SearchRegisteredModelsRequest = {},
  ): Promise<PagedList<RegisteredModel>> {
    const found = filterRegistry(
      this.content.models,
      parseRegistryFilter(request.filterString, 'models'),
    ).sort(compareBy(parseRegistryOrderBy(request.orderBy, 'models')));
    const page = paginate(found, request.pageToken, request.maxResults ?? 100);
    return { ...page, items: page.items.map((m) => structuredClone(m)) };
  }

  async searchModelVersions(
    request: SearchModelVersionsRequest = {},
  ): Promise<PagedList<ModelVersion>> {
    const searchable = this.content.versions.map((v) => ({ ...v, version: Number(v.version), v }));
    const found = filterRegistry(
      searchable,
      parseRegistryFilter(request.filterString, 'versions'),
    ).sort(compareBy(parseRegistryOrderBy(request.orderBy, 'versions')));
    const page = paginate(found, request.pageToken, request.maxResults ?? 200_000);
    return { ...page, items: page.items.map((x) => structuredClone(x.v)) };
  }

  async getModelVersion(name: string, version: string | number): Promise<ModelVersion> {
    const v = this.content.versions.find((x) => x.name === name && x.version === String(version));
    if (!v) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return structuredClone(v);
  }

  async getLatestVersions(name: string): Promise<ModelVersion[]> {
    return (await this.getRegisteredModel(name)).latest_versions;
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const model = await this.getRegisteredModel(name);
    const version = model.aliases.find((a) => a.alias === alias)?.version;
    if (!version) throw notFound(`Registered model alias ${alias} not found.`);
    return this.getModelVersion(name, version);
  }

  async getModelVersionDownloadUri(name: string, version: string | number): Promise<string> {
    return (await this.getModelVersion(name, version)).source;
  }

  createRegisteredModel = refuse;
  renameRegisteredModel = refuse;
  updateRegisteredModel = refuse;
  deleteRegisteredModel = refuse;
  setRegisteredModelTag = refuse;
  deleteRegisteredModelTag = refuse;
  createModelVersion = refuse;
  updateModelVersion = refuse;
  deleteModelVersion = refuse;
  transitionModelVersionStage = refuse;
  setModelVersionTag = refuse;
  deleteModelVersionTag = refuse;
  setRegisteredModelAlias = refuse;
  deleteRegisteredModelAlias = refuse;
}
