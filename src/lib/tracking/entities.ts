/**
 * MLflow's tracking entities in their REST wire shapes (snake_case, string ids, ms timestamps),
 * so a run read from IndexedDB and a run read from an MLflow server are the same object.
 * Source: mlflow/protos/service.proto; see ../shared/reference/mlflow.md §1–2.
 */

export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const VIEW_TYPES = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const;
export type ViewType = (typeof VIEW_TYPES)[number];

export type LifecycleStage = 'active' | 'deleted';

export const SOURCE_TYPES = ['NOTEBOOK', 'JOB', 'PROJECT', 'LOCAL', 'UNKNOWN'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface KeyValue {
  key: string;
  value: string;
}
export type RunTag = KeyValue;
export type Param = KeyValue;
export type ExperimentTag = KeyValue;
export type InputTag = KeyValue;

export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  creation_time: number;
  last_update_time: number;
  tags: ExperimentTag[];
}

export interface RunInfo {
  run_id: string;
  /** Deprecated alias of run_id that MLflow still sends. */
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: RunStatus;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface Dataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  tags: InputTag[];
  dataset: Dataset;
}

export interface RunData {
  /** The latest value per key: max by (step, timestamp, value). */
  metrics: Metric[];
  params: Param[];
  tags: RunTag[];
}

export interface RunInputs {
  dataset_inputs: DatasetInput[];
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: RunInputs;
}

export interface FileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

export interface PagedList<T> {
  items: T[];
  next_page_token?: string;
}

export function tagValue(tags: readonly KeyValue[], key: string): string | undefined {
  return tags.find((t) => t.key === key)?.value;
}

/** MLflow's "latest" metric order: compare by step, then timestamp, then value. */
export function isLaterMetric(a: Omit<Metric, 'key'>, b: Omit<Metric, 'key'>): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  // NaN never wins against a number; SQL stores order NaN as is_nan first, then value.
  if (Number.isNaN(b.value)) return !Number.isNaN(a.value);
  return a.value > b.value;
}
