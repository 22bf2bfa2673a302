/**
 * What each experiment keeps on disk, and deleting one for good. Sizes are counted from the rows'
 * own bookkeeping (metric point counts, artifact sizes), so measuring never reads the data itself.
 * The permanent delete only deletes: on a full disk Chromium aborts any transaction that also
 * writes (even a one-row counter bump), and MLflow's soft delete is such a write.
 */
import { deleteAllArtifacts, deleteArtifacts } from './artifacts';
import { deleteMetricChunks } from './metrics';
import { DEFAULT_EXPERIMENT_ID, type TrackingDB } from './schema';

/**
 * A stored metric point: step, timestamp and value, each a float64 (schema.ts), and its share of
 * its chunk's extremes (extremes.ts: about 2 points of every 8).
 */
export const BYTES_PER_POINT = 30;

export interface ExperimentUsage {
  experimentId: string;
  name: string;
  /** Soft-deleted (in the trash), still taking space. */
  deleted: boolean;
  runs: number;
  metricBytes: number;
  artifactBytes: number;
  /** Registered model versions made from its runs: their files go with a permanent delete. */
  modelVersions: number;
}

/** What an experiment keeps in all: its metric points and artifact files. */
export const experimentBytes = (e: ExperimentUsage): number => e.metricBytes + e.artifactBytes;

/** Every experiment, the largest first. */
export async function experimentUsage(db: TrackingDB): Promise<ExperimentUsage[]> {
  const usage = new Map<string, ExperimentUsage>();
  for (const e of await db.experiments.toArray()) {
    usage.set(e.experiment_id, {
      experimentId: e.experiment_id,
      name: e.name,
      deleted: e.lifecycle_stage === 'deleted',
      runs: 0,
      metricBytes: 0,
      artifactBytes: 0,
      modelVersions: 0,
    });
  }
  const experimentOf = new Map<string, ExperimentUsage>();
  await db.runs.each((run) => {
    const e = usage.get(run.experiment_id);
    if (!e) return;
    experimentOf.set(run.run_id, e);
    e.runs += 1;
    for (const info of run.metricInfo.values()) e.metricBytes += info.count * BYTES_PER_POINT;
  });
  await db.artifacts.each((a) => {
    const e = experimentOf.get(a.run_id);
    if (e) e.artifactBytes += a.size;
  });
  await db.modelVersions.each((v) => {
    const e = experimentOf.get(v.run_id);
    if (e) e.modelVersions += 1;
  });
  return [...usage.values()].sort(
    (a, b) => experimentBytes(b) - experimentBytes(a) || a.name.localeCompare(b.name),
  );
}

/** One stored artifact file, with where it belongs. */
export interface ArtifactUsage {
  runId: string;
  runName: string;
  experimentName: string;
  path: string;
  size: number;
}

/** The `limit` largest artifact files of all runs, the largest first (a model's weights, a report). */
export async function largestArtifacts(db: TrackingDB, limit = 10): Promise<ArtifactUsage[]> {
  const files = (await db.artifacts.toArray()).sort((a, b) => b.size - a.size).slice(0, limit);
  const out: ArtifactUsage[] = [];
  for (const f of files) {
    const run = await db.runs.get(f.run_id);
    const experiment = run && (await db.experiments.get(run.experiment_id));
    out.push({
      runId: f.run_id,
      runName: run?.run_name ?? f.run_id,
      experimentName: experiment?.name ?? '',
      path: f.path,
      size: f.size,
    });
  }
  return out;
}

/** Deletes one artifact file of a run for good, in a delete-only transaction (see above). */
export async function purgeArtifactRows(db: TrackingDB, runId: string, path: string) {
  await db.transaction('rw', [db.artifacts, db.artifactChunks], () =>
    deleteArtifacts(db, runId, path),
  );
}

/**
 * Removes an experiment's runs with their metrics and artifacts, and the experiment itself (the
 * Default experiment stays, emptied, as MLflow keeps id 0), in one delete-only transaction. The
 * experiment's search snapshot goes too, so a cache can never bring the runs back; the caller
 * then bumps the runs epoch (a write, possible once space is free).
 */
export async function purgeExperimentRows(db: TrackingDB, experimentId: string): Promise<void> {
  const { runs, metricChunks, metricExtremes, artifacts, artifactChunks } = db;
  const { searchSnapshots, experiments } = db;
  const tables = [runs, metricChunks, metricExtremes, artifacts, artifactChunks, searchSnapshots];
  await db.transaction('rw', [...tables, experiments], async () => {
    const ids = await runs.where('experiment_id').equals(experimentId).primaryKeys();
    for (const runId of ids) {
      await deleteMetricChunks(db, runId);
      await deleteAllArtifacts(db, runId);
    }
    await runs.bulkDelete(ids);
    await searchSnapshots.delete(experimentId);
    if (experimentId !== DEFAULT_EXPERIMENT_ID) await experiments.delete(experimentId);
  });
}
