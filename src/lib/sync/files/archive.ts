/**
 * The Tracklab archive: a zip that carries chosen experiments from one browser to another with
 * nothing lost. Layout (format 1):
 *
 *   tracklab-archive.json            {format, version, created, sourceStore, counts}
 *   experiments/<id>.json            the experiment, tags included
 *   runs/<run_id>/run.json           info, params, tags, latest metrics, dataset inputs
 *   runs/<run_id>/metrics.json       {key: [[timestamp, step, value], …]} in logged order;
 *                                    NaN and ±Inf as "nan", "inf", "-inf"
 *   runs/<run_id>/artifacts/<path>   each artifact's bytes
 *   registry.json                    {models, versions}: the models of the exported runs
 *
 * Import reads it into a SnapshotStore (read-only) and copies from there (import.ts), so an
 * archive imported twice copies nothing the second time.
 */
import type { Experiment, Metric, Run } from '$lib/tracking/entities';
import type { TrackingStore } from '$lib/tracking/store';
import type { ModelVersion, RegisteredModel } from '$lib/registry/entities';
import {
  abortIfStopped,
  artifactPaths,
  histories,
  parseValue,
  beginExport,
  selectRegistry,
  valueText,
  type DatasetFile,
  type ExportOptions,
  type ExportReport,
} from './export-source';
import type { SnapshotContent } from './snapshot-store';
import { ArchiveError, ZipWriter, type ZipReader } from './zip';

export const ARCHIVE_MANIFEST = 'tracklab-archive.json';
export const ARCHIVE_FORMAT = 'tracklab-archive';
export const ARCHIVE_VERSION = 1;

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  created: number;
  sourceStore: string;
  experiments: number;
  runs: number;
}

/** Writes the chosen experiments as a Tracklab archive into `sink`, chunk by chunk. */
export async function exportArchive(
  store: TrackingStore,
  options: ExportOptions,
  sink: (chunk: Uint8Array<ArrayBuffer>) => void,
): Promise<ExportReport> {
  const zip = new ZipWriter(sink);
  const { experiments, runs, report } = await beginExport(store, options);
  const notes = report.notes;
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    created: Date.now(),
    sourceStore: options.sourceStore,
    experiments: experiments.length,
    runs: runs.length,
  };
  zip.add(ARCHIVE_MANIFEST, JSON.stringify(manifest, null, 1));
  for (const e of experiments) zip.add(`experiments/${e.experiment_id}.json`, JSON.stringify(e));
  let done = 0;
  for (const run of runs) {
    abortIfStopped(options.signal);
    const id = run.info.run_id;
    const metricsLatest = run.data.metrics.map((m) => ({ ...m, value: jsonValue(m.value) }));
    zip.add(
      `runs/${id}/run.json`,
      JSON.stringify({ ...run, data: { ...run.data, metrics: metricsLatest } }),
    );
    // No prototype: a metric named __proto__ or constructor is a key like any other.
    const metrics: Record<string, [number, number, number | string][]> = Object.create(null);
    for (const [key, points] of await histories(store, run)) {
      metrics[key] = points.map((p) => [p.timestamp, p.step, jsonValue(p.value)]);
      report.points += points.length;
    }
    zip.add(`runs/${id}/metrics.json`, JSON.stringify(metrics));
    for (const path of await artifactPaths(store, id)) {
      zip.add(`runs/${id}/artifacts/${path}`, await store.downloadArtifact(id, path));
      report.artifacts++;
    }
    options.onProgress?.({ runsDone: ++done, runsTotal: runs.length, bytes: zip.written });
  }
  const registry = await selectRegistry(
    options.registry,
    new Set(runs.map((r) => r.info.run_id)),
    notes,
  );
  report.models = registry.models.length;
  report.versions = registry.versions.length;
  zip.add('registry.json', JSON.stringify(registry));
  // The data files behind the runs' dataset inputs, so another browser can train on them too.
  if (options.datasets) {
    const digests = new Set(
      runs.flatMap((r) => r.inputs.dataset_inputs.map((d) => d.dataset.digest)),
    );
    for (const record of await options.datasets.list()) {
      if (!digests.has(record.digest)) continue;
      abortIfStopped(options.signal);
      zip.add(`datasets/${record.sha256}.json`, JSON.stringify(record));
      zip.add(`datasets/${record.sha256}.data`, await options.datasets.bytes(record.sha256));
      report.datasets++;
    }
  }
  await zip.end();
  report.bytes = zip.written;
  return report;
}

const jsonValue = (v: number): number | string => (Number.isFinite(v) ? v : valueText(v));

/** Reads a Tracklab archive's contents (metadata now, histories and bytes when asked). */
/** A data file carried in an archive: its saved record, and its bytes when asked. */
export interface ArchivedDataset {
  sha256: string;
  meta: DatasetFile;
  read(): Promise<Uint8Array>;
}

export async function readArchive(zip: ZipReader): Promise<{
  manifest: ArchiveManifest;
  content: SnapshotContent;
  datasets: ArchivedDataset[];
}> {
  const manifest = parseJson<ArchiveManifest | null>(
    await zip.text(ARCHIVE_MANIFEST),
    ARCHIVE_MANIFEST,
  );
  if (!manifest || typeof manifest !== 'object' || manifest.format !== ARCHIVE_FORMAT)
    throw new ArchiveError(`${ARCHIVE_MANIFEST} does not describe a Tracklab archive.`);
  if (manifest.version > ARCHIVE_VERSION)
    throw new ArchiveError(
      `This archive was made by a newer Tracklab (format ${manifest.version}; this one reads up to ${ARCHIVE_VERSION}). Update Tracklab, then import it.`,
    );
  const experiments = new Map<string, Experiment>();
  const runs: Run[] = [];
  const artifacts = new Map<string, Map<string, number>>();
  for (const name of zip.names()) {
    if (/^experiments\/[^/]+\.json$/.test(name)) {
      const e = checkExperiment(parseJson(await zip.text(name), name), name);
      if (experiments.has(e.experiment_id))
        throw new ArchiveError(`Two experiments in this archive have the id ${e.experiment_id}.`);
      experiments.set(e.experiment_id, e);
    }
    const m = /^runs\/([^/]+)\/(run\.json|artifacts\/(.+))$/.exec(name);
    if (!m) continue;
    if (m[2] === 'run.json') runs.push(checkRun(parseJson(await zip.text(name), name), m[1], name));
    else if (!safePath(m[3]))
      throw new ArchiveError(`${name}: an artifact path may not hold empty, "." or ".." parts.`);
    else {
      if (!artifacts.has(m[1])) artifacts.set(m[1], new Map());
      artifacts.get(m[1])!.set(m[3], zip.size(name));
    }
  }
  const registry = zip.has('registry.json')
    ? parseJson<{ models: RegisteredModel[]; versions: ModelVersion[] }>(
        await zip.text('registry.json'),
        'registry.json',
      )
    : { models: [], versions: [] };
  let cached:
    { runId: string; metrics: Record<string, [number, number, number | string][]> } | undefined;
  const content: SnapshotContent = {
    experiments: [...experiments.values()],
    runs,
    async history(runId, key): Promise<Metric[]> {
      if (cached?.runId !== runId) {
        const name = `runs/${runId}/metrics.json`;
        cached = { runId, metrics: zip.has(name) ? parseJson(await zip.text(name), name) : {} };
        if (!cached.metrics || typeof cached.metrics !== 'object')
          throw new ArchiveError(`${name} is not a map of metric keys to points.`);
      }
      const points = Object.hasOwn(cached.metrics, key) ? cached.metrics[key] : [];
      if (!Array.isArray(points))
        throw new ArchiveError(`runs/${runId}/metrics.json: "${key}" is not a list of points.`);
      return points.map(([timestamp, step, value]) => ({
        key,
        timestamp,
        step,
        value: typeof value === 'number' ? value : parseValue(value),
      }));
    },
    artifacts: (runId) => artifacts.get(runId) ?? new Map(),
    readArtifact: (runId, path) => zip.read(`runs/${runId}/artifacts/${path}`),
    models: Array.isArray(registry?.models) ? registry.models : [],
    versions: Array.isArray(registry?.versions) ? registry.versions : [],
  };
  const datasets: ArchivedDataset[] = [];
  for (const name of zip.names()) {
    const d = /^datasets\/([0-9a-f]{64})\.json$/.exec(name);
    if (!d || !zip.has(`datasets/${d[1]}.data`)) continue;
    const meta = parseJson<DatasetFile | null>(await zip.text(name), name);
    if (!meta || typeof meta !== 'object' || typeof meta.name !== 'string')
      throw new ArchiveError(`${name} in this archive does not describe a data file.`);
    datasets.push({ sha256: d[1], meta, read: () => zip.read(`datasets/${d[1]}.data`) });
  }
  return { manifest, content, datasets };
}

function parseJson<T>(text: string, name: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ArchiveError(`${name} in this archive is not valid JSON: the archive is damaged.`);
  }
}

function checkExperiment(e: Experiment, name: string): Experiment {
  if (typeof e?.experiment_id !== 'string' || typeof e.name !== 'string')
    throw new ArchiveError(`${name} in this archive is not an experiment.`);
  return { ...e, tags: Array.isArray(e.tags) ? e.tags : [] };
}

function checkRun(run: Run, id: string, name: string): Run {
  if (run?.info?.run_id !== id || typeof run.info.experiment_id !== 'string')
    throw new ArchiveError(`${name} in this archive is not the run its folder names.`);
  const list = <T>(value: T[] | undefined, what: string): T[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new ArchiveError(`${name}: its ${what} are not a list.`);
    return value;
  };
  return {
    info: run.info,
    data: {
      metrics: list(run.data?.metrics, 'metrics').map((m) => ({ ...m, value: revive(m.value) })),
      params: list(run.data?.params, 'params'),
      tags: list(run.data?.tags, 'tags'),
    },
    inputs: { dataset_inputs: list(run.inputs?.dataset_inputs, 'dataset inputs') },
  };
}

/** A run-relative path a store can hold: no empty, "." or ".." parts. */
export const safePath = (path: string) =>
  path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');

/** JSON.stringify writes NaN and ±Inf as null; run.json's latest values come back as NaN then. */
const revive = (v: number | string | null): number =>
  v === null ? NaN : typeof v === 'string' ? parseValue(v) : v;
