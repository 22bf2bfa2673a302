/**
 * TrackingStore over a real MLflow tracking server (REST API 2.0, the same calls as MLflow's own
 * RestStore in mlflow/store/tracking/rest_store.py), with artifacts through the server's
 * mlflow-artifacts proxy. Encoding and error mapping live in http.ts, response shapes in wire.ts.
 */
import type {
  DatasetInput,
  Experiment,
  ExperimentTag,
  FileInfo,
  Metric,
  PagedList,
  Run,
  RunInfo,
} from '../entities';
import { MlflowError, invalid, isMlflowError } from '../errors';
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
import { HttpClient, type CredentialsProvider } from './http';
import * as wire from './wire';
import type { Wire } from './wire';

export type { Credentials, CredentialsProvider } from './http';

export interface RestStoreOptions {
  /** The server root, e.g. http://127.0.0.1:5000 (without /api/2.0). */
  baseUrl: string;
  fetch?: typeof fetch;
  credentials?: CredentialsProvider;
}

/** MLflow's own page size when a caller gives none; the server needs some value for experiments. */
const DEFAULT_MAX_RESULTS = 1000;
const PROXY_SCHEME = 'mlflow-artifacts:';

export class RestStore implements TrackingStore {
  private readonly http: HttpClient;
  /** run id → artifact_uri; it never changes for a run, so one getRun per run is enough. */
  private readonly artifactUris = new Map<string, string>();

  constructor(options: RestStoreOptions) {
    this.http = new HttpClient(options);
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  // ---- experiments -------------------------------------------------------------------------

  async createExperiment(
    name: string,
    artifactLocation?: string,
    tags?: ExperimentTag[],
  ): Promise<string> {
    const res = await this.http.post<{ experiment_id?: string }>('/mlflow/experiments/create', {
      name,
      artifact_location: artifactLocation,
      tags,
    });
    return String(res.experiment_id ?? '');
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const res = await this.http.get<{ experiment?: Wire<Experiment> }>('/mlflow/experiments/get', {
      experiment_id: experimentId,
    });
    return wire.experiment(res.experiment ?? {});
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    try {
      const res = await this.http.get<{ experiment?: Wire<Experiment> }>(
        '/mlflow/experiments/get-by-name',
        {
          experiment_name: name,
        },
      );
      return wire.experiment(res.experiment ?? {});
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return null;
      throw e;
    }
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<PagedList<Experiment>> {
    // max_results has no server default: an omitted value reads as 0 and is rejected.
    const res = await this.http.post<{
      experiments?: Wire<Experiment>[];
      next_page_token?: string;
    }>('/mlflow/experiments/search', {
      max_results: request.maxResults ?? DEFAULT_MAX_RESULTS,
      page_token: request.pageToken,
      filter: request.filterString,
      order_by: request.orderBy,
      view_type: request.viewType,
    });
    return paged((res.experiments ?? []).map(wire.experiment), res.next_page_token);
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.http.post('/mlflow/experiments/update', {
      experiment_id: experimentId,
      new_name: newName,
    });
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.http.post('/mlflow/experiments/delete', { experiment_id: experimentId });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.http.post('/mlflow/experiments/restore', { experiment_id: experimentId });
  }

  async setExperimentTag(experimentId: string, tag: ExperimentTag): Promise<void> {
    await this.http.post('/mlflow/experiments/set-experiment-tag', {
      experiment_id: experimentId,
      key: tag.key,
      value: tag.value,
    });
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.http.post('/mlflow/experiments/delete-experiment-tag', {
      experiment_id: experimentId,
      key,
    });
  }

  // ---- runs --------------------------------------------------------------------------------

  async createRun(request: CreateRunRequest): Promise<Run> {
    const res = await this.http.post<{ run?: Wire<Run> }>('/mlflow/runs/create', {
      experiment_id: request.experimentId,
      user_id: request.userId,
      // The proto default is 0 (1970), not "now", so always send it.
      start_time: request.startTime ?? Date.now(),
      tags: request.tags,
      run_name: request.runName,
    });
    return this.remember(wire.run(res.run ?? {}));
  }

  async getRun(runId: string): Promise<Run> {
    const res = await this.http.get<{ run?: Wire<Run> }>('/mlflow/runs/get', { run_id: runId });
    return this.remember(wire.run(res.run ?? {}));
  }

  async updateRun(runId: string, request: UpdateRunRequest): Promise<RunInfo> {
    const res = await this.http.post<{ run_info?: Wire<RunInfo> }>('/mlflow/runs/update', {
      run_id: runId,
      status: request.status,
      end_time: request.endTime,
      run_name: request.runName,
    });
    return wire.runInfo(res.run_info ?? {});
  }

  async deleteRun(runId: string): Promise<void> {
    await this.http.post('/mlflow/runs/delete', { run_id: runId });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.http.post('/mlflow/runs/restore', { run_id: runId });
  }

  async logBatch(runId: string, batch: LogBatchRequest): Promise<void> {
    await this.http.post('/mlflow/runs/log-batch', {
      run_id: runId,
      // Only the proto fields: a Metric from elsewhere may carry extras the server would ignore.
      metrics: batch.metrics?.map(({ key, value, timestamp, step }) => ({
        key,
        value,
        timestamp,
        step,
      })),
      params: batch.params,
      tags: batch.tags,
    });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.http.post('/mlflow/runs/delete-tag', { run_id: runId, key });
  }

  async logInputs(runId: string, datasets: DatasetInput[]): Promise<void> {
    await this.http.post('/mlflow/runs/log-inputs', { run_id: runId, datasets });
  }

  async getMetricHistory(
    runId: string,
    key: string,
    request: MetricHistoryRequest = {},
  ): Promise<PagedList<Metric>> {
    // Without max_results the server returns the whole history, ordered by (timestamp, step, value).
    const res = await this.http.get<{ metrics?: Wire<Metric>[]; next_page_token?: string }>(
      '/mlflow/metrics/get-history',
      {
        run_id: runId,
        metric_key: key,
        max_results: request.maxResults,
        page_token: request.pageToken,
      },
    );
    return paged((res.metrics ?? []).map(wire.metric), res.next_page_token);
  }

  async searchRuns(request: SearchRunsRequest): Promise<PagedList<Run>> {
    const res = await this.http.post<{ runs?: Wire<Run>[]; next_page_token?: string }>(
      '/mlflow/runs/search',
      {
        experiment_ids: request.experimentIds,
        filter: request.filterString,
        run_view_type: request.runViewType,
        max_results: request.maxResults ?? DEFAULT_MAX_RESULTS,
        order_by: request.orderBy,
        page_token: request.pageToken,
      },
    );
    return paged(
      (res.runs ?? []).map((r) => this.remember(wire.run(r))),
      res.next_page_token,
    );
  }

  // ---- artifacts ---------------------------------------------------------------------------

  async logArtifact(runId: string, path: string, body: ArtifactBody): Promise<void> {
    const url = await this.artifactUrl(runId, path);
    await this.http.send('PUT', url, {}, toBody(body));
  }

  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    // The server lists the run's root itself and answers with run-relative paths, so this works
    // without resolving the artifact URI here.
    const files: FileInfo[] = [];
    let pageToken: string | undefined;
    do {
      const res = await this.http.get<{ files?: Wire<FileInfo>[]; next_page_token?: string }>(
        '/mlflow/artifacts/list',
        { run_id: runId, path: path || undefined, page_token: pageToken },
      );
      files.push(...(res.files ?? []).map(wire.fileInfo));
      pageToken = res.next_page_token || undefined;
    } while (pageToken);
    return files;
  }

  async downloadArtifact(runId: string, path: string): Promise<Uint8Array> {
    const url = await this.artifactUrl(runId, path);
    return this.http.bytes(await this.http.send('GET', url), 'GET', url);
  }

  async deleteArtifact(runId: string, path: string): Promise<void> {
    await this.http.send('DELETE', await this.artifactUrl(runId, path));
  }

  private remember(run: Run): Run {
    if (run.info.run_id && run.info.artifact_uri)
      this.artifactUris.set(run.info.run_id, run.info.artifact_uri);
    return run;
  }

  /**
   * `mlflow-artifacts:/P` (optionally `mlflow-artifacts://host/P`; the host is ignored, as in
   * MlflowArtifactsRepository.resolve_uri) → `${baseUrl}/api/2.0/mlflow-artifacts/artifacts/P/<path>`.
   */
  private async artifactUrl(runId: string, path: string): Promise<string> {
    let uri = this.artifactUris.get(runId);
    if (uri === undefined) uri = (await this.getRun(runId)).info.artifact_uri;
    if (!uri.startsWith(PROXY_SCHEME)) {
      throw new MlflowError(
        'NOT_IMPLEMENTED',
        `run ${runId} stores its artifacts at ${uri}, which a browser cannot reach; start the MLflow server with --serve-artifacts (the default) and --artifacts-destination, so artifacts go through its mlflow-artifacts proxy`,
      );
    }
    // The URL parser would resolve '..' before the server could reject it; mirror the server's
    // validate_path_is_safe (mlflow/utils/uri.py) so traversal never leaves the run's root.
    if (
      path.startsWith('/') ||
      path.includes('#') ||
      path.includes('\\') ||
      path.split('/').includes('..')
    ) {
      throw invalid('Invalid path');
    }
    let root = uri.slice(PROXY_SCHEME.length);
    if (root.startsWith('//')) root = root.slice(2).replace(/^[^/]*/, '');
    const segments = [...root.split('/'), ...path.split('/')].filter((s) => s !== '' && s !== '.');
    return this.http.api(
      `/mlflow-artifacts/artifacts/${segments.map(encodeURIComponent).join('/')}`,
    );
  }
}

function paged<T>(items: T[], token: string | undefined): PagedList<T> {
  return token ? { items, next_page_token: token } : { items };
}

/** Raw bytes for the PUT; a string is sent as UTF-8 with no text/plain Content-Type added. */
function toBody(body: ArtifactBody): BodyInit {
  if (typeof body === 'string') return new TextEncoder().encode(body) as Uint8Array<ArrayBuffer>;
  if (body instanceof Uint8Array) return body as Uint8Array<ArrayBuffer>;
  return body;
}
