/**
 * Response decoding: MLflow omits every empty or unset field (message_to_json), so each array is
 * optional on the wire. These functions rebuild the exact shapes of entities.ts, keeping only
 * their fields, so a run read over REST deep-equals the same run read from a local store.
 */
import type {
  Dataset,
  DatasetInput,
  Experiment,
  FileInfo,
  KeyValue,
  LifecycleStage,
  Metric,
  Run,
  RunInfo,
  RunStatus,
} from '../entities';
import { decodeDouble } from './http';

/** A message as MLflow sends it: any field may be missing. */
export type Wire<T> = {
  [K in keyof T]?: T[K] extends (infer U)[]
    ? Wire<U>[]
    : T[K] extends object
      ? Wire<T[K]>
      : unknown;
};

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
/** int64 normally arrives as a number, but protobuf JSON also allows a string. */
const int = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0;

export function keyValues(list: readonly Wire<KeyValue>[] | undefined): KeyValue[] {
  return (list ?? []).map((t) => ({ key: str(t.key), value: str(t.value) }));
}

export function experiment(e: Wire<Experiment>): Experiment {
  return {
    experiment_id: str(e.experiment_id),
    name: str(e.name),
    artifact_location: str(e.artifact_location),
    lifecycle_stage: (str(e.lifecycle_stage) || 'active') as LifecycleStage,
    creation_time: int(e.creation_time),
    last_update_time: int(e.last_update_time),
    tags: keyValues(e.tags),
  };
}

export function metric(m: Wire<Metric>): Metric {
  return {
    key: str(m.key),
    value: decodeDouble(m.value),
    timestamp: int(m.timestamp),
    step: int(m.step),
  };
}

export function runInfo(i: Wire<RunInfo>): RunInfo {
  const info: RunInfo = {
    run_id: str(i.run_id ?? i.run_uuid),
    run_uuid: str(i.run_uuid ?? i.run_id),
    run_name: str(i.run_name),
    experiment_id: str(i.experiment_id),
    user_id: str(i.user_id),
    status: (str(i.status) || 'RUNNING') as RunStatus,
    start_time: int(i.start_time),
    artifact_uri: str(i.artifact_uri),
    lifecycle_stage: (str(i.lifecycle_stage) || 'active') as LifecycleStage,
  };
  // end_time is absent while a run is running; keep it absent rather than 0.
  if (i.end_time !== undefined && i.end_time !== null) info.end_time = int(i.end_time);
  return info;
}

function dataset(d: Wire<Dataset> | undefined): Dataset {
  const out: Dataset = {
    name: str(d?.name),
    digest: str(d?.digest),
    source_type: str(d?.source_type),
    source: str(d?.source),
  };
  if (d?.schema !== undefined) out.schema = str(d.schema);
  if (d?.profile !== undefined) out.profile = str(d.profile);
  return out;
}

export function datasetInput(d: Wire<DatasetInput>): DatasetInput {
  return { tags: keyValues(d.tags), dataset: dataset(d.dataset) };
}

export function run(r: Wire<Run>): Run {
  return {
    info: runInfo(r.info ?? {}),
    data: {
      metrics: (r.data?.metrics ?? []).map(metric),
      params: keyValues(r.data?.params),
      tags: keyValues(r.data?.tags),
    },
    inputs: { dataset_inputs: (r.inputs?.dataset_inputs ?? []).map(datasetInput) },
  };
}

export function fileInfo(f: Wire<FileInfo>): FileInfo {
  const isDir = f.is_dir === true;
  // Directories carry no size; a file's size of 0 may be omitted as a default.
  return isDir
    ? { path: str(f.path), is_dir: true }
    : { path: str(f.path), is_dir: false, file_size: int(f.file_size) };
}
