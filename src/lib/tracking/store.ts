/**
 * The TrackingStore interface, after MLflow's AbstractStore (mlflow/store/tracking/abstract_store.py)
 * plus the artifact repository of a run. Every backend (IndexedDB, a real MLflow server over REST)
 * implements it, and one contract suite (contract.ts) runs against each.
 */
import type {
  Experiment,
  ExperimentTag,
  FileInfo,
  DatasetInput,
  Metric,
  PagedList,
  Param,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
  ViewType,
} from './entities';

export interface SearchExperimentsRequest {
  viewType?: ViewType;
  maxResults?: number;
  filterString?: string;
  orderBy?: string[];
  pageToken?: string;
}

export interface SearchRunsRequest {
  experimentIds: string[];
  filterString?: string;
  runViewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateRunRequest {
  experimentId: string;
  userId?: string;
  startTime?: number;
  tags?: RunTag[];
  runName?: string;
}

export interface UpdateRunRequest {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface LogBatchRequest {
  metrics?: Metric[];
  params?: Param[];
  tags?: RunTag[];
}

export interface MetricHistoryRequest {
  maxResults?: number;
  pageToken?: string;
}

export type ArtifactBody = Uint8Array | ArrayBuffer | Blob | string;

export interface TrackingStore {
  createExperiment(
    name: string,
    artifactLocation?: string,
    tags?: ExperimentTag[],
  ): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Resolves to null when no experiment has that name (MLflow's client does the same). */
  getExperimentByName(name: string): Promise<Experiment | null>;
  searchExperiments(request?: SearchExperimentsRequest): Promise<PagedList<Experiment>>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  deleteExperiment(experimentId: string): Promise<void>;
  restoreExperiment(experimentId: string): Promise<void>;
  setExperimentTag(experimentId: string, tag: ExperimentTag): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;

  createRun(request: CreateRunRequest): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  updateRun(runId: string, request: UpdateRunRequest): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  /** All or nothing: a batch that fails validation writes none of its entries. */
  logBatch(runId: string, batch: LogBatchRequest): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  logInputs(runId: string, datasets: DatasetInput[]): Promise<void>;
  getMetricHistory(
    runId: string,
    key: string,
    request?: MetricHistoryRequest,
  ): Promise<PagedList<Metric>>;
  searchRuns(request: SearchRunsRequest): Promise<PagedList<Run>>;

  logArtifact(runId: string, path: string, body: ArtifactBody): Promise<void>;
  /** Several files, all or none (stores that can; the client falls back to one at a time). */
  logArtifacts?(runId: string, files: { path: string; body: ArtifactBody }[]): Promise<void>;
  /** Lists one folder of a run's artifact tree (run-relative paths, as MLflow's list endpoint). */
  listArtifacts(runId: string, path?: string): Promise<FileInfo[]>;
  downloadArtifact(runId: string, path: string): Promise<Uint8Array>;
  deleteArtifact(runId: string, path: string): Promise<void>;
}
