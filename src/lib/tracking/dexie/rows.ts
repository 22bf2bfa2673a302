/** Converts stored rows to MLflow's wire entities. */
import type { Experiment, Metric, Run, RunInfo } from '../entities';
import type { MetricArrays } from '../reads';
import type { ExperimentRow, SearchRow } from './schema';

export function toExperiment(row: ExperimentRow): Experiment {
  return {
    experiment_id: row.experiment_id,
    name: row.name,
    artifact_location: row.artifact_location,
    lifecycle_stage: row.lifecycle_stage,
    creation_time: row.creation_time,
    last_update_time: row.last_update_time,
    tags: row.tags.map((t) => ({ ...t })),
  };
}

export function toRunInfo(row: SearchRow): RunInfo {
  const info: RunInfo = {
    run_id: row.run_id,
    run_uuid: row.run_id,
    run_name: row.run_name,
    experiment_id: row.experiment_id,
    user_id: row.user_id,
    status: row.status,
    start_time: row.start_time,
    artifact_uri: row.artifact_uri,
    lifecycle_stage: row.lifecycle_stage,
  };
  if (row.end_time !== undefined && row.end_time !== null) info.end_time = row.end_time;
  return info;
}

export function toRun(row: SearchRow): Run {
  const metrics: Metric[] = [];
  for (const [key, value] of row.metrics) {
    const meta = row.metricInfo.get(key);
    metrics.push({ key, value, timestamp: meta?.timestamp ?? 0, step: meta?.step ?? 0 });
  }
  return {
    info: toRunInfo(row),
    data: {
      metrics,
      params: [...row.params].map(([key, value]) => ({ key, value })),
      tags: [...row.tags].map(([key, value]) => ({ key, value })),
    },
    inputs: { dataset_inputs: row.inputs.map((i) => structuredClone(i)) },
  };
}

/** Rows of steps, timestamps and values (metric chunks, or their extremes) as one history. */
export function joinArrays(rows: readonly MetricArrays[]): MetricArrays {
  const n = rows.reduce((s, r) => s + r.values.length, 0);
  const out: MetricArrays = {
    steps: new Float64Array(n),
    timestamps: new Float64Array(n),
    values: new Float64Array(n),
  };
  let offset = 0;
  for (const r of rows) {
    out.steps.set(r.steps, offset);
    out.timestamps.set(r.timestamps, offset);
    out.values.set(r.values, offset);
    offset += r.values.length;
  }
  return out;
}
