/**
 * What an export reads from the browser's store, shared by both formats (archive.ts, mlruns.ts):
 * the chosen experiments' active runs with their ancestors (the same selection a push makes, in
 * the same order: parents first), then one run at a time its full metric histories and artifact
 * files, so an export holds one run's data in memory, never the whole lab. The registry part is
 * every model with a version whose run is exported (versions of other runs are left out, said in
 * the notes).
 */
import type { Experiment, Metric, Run } from '$lib/tracking/entities';
import type { TrackingStore } from '$lib/tracking/store';
import type { ModelVersion, RegisteredModel } from '$lib/registry/entities';
import type { RegistryStore } from '$lib/registry/store';
import { order, selectRuns } from '../select';

/** A saved data file's record as export and import see it (the DatasetLibrary's has more). */
export interface DatasetFile {
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** What runs' dataset inputs name it by. */
  digest: string;
  name: string;
}

/** The fields a shelf sets itself when saving. */
export const SHELF_FIELDS = new Set(['sha256', 'digest', 'size', 'created', 'chunks']);

/**
 * The browser's saved data files (the DatasetLibrary, passed in from app/), as export and import
 * use them.
 */
export interface DatasetShelf {
  list(): Promise<DatasetFile[]>;
  bytes(sha256: string): Promise<Uint8Array>;
  save(bytes: Uint8Array, meta: Omit<DatasetFile, 'sha256' | 'digest'>): Promise<DatasetFile>;
}

export interface ExportOptions {
  /** The experiments to export; every active one when left out. */
  experimentIds?: string[];
  registry?: RegistryStore;
  /** The data files the exported runs were trained on (Tracklab archive only; MLflow keeps none). */
  datasets?: DatasetShelf;
  /** This browser's install id, recorded in the archive (an import knows where it came from). */
  sourceStore: string;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
}

export interface ExportProgress {
  runsDone: number;
  runsTotal: number;
  /** Archive bytes written so far. */
  bytes: number;
}

export interface ExportReport {
  experiments: number;
  runs: number;
  points: number;
  artifacts: number;
  models: number;
  versions: number;
  /** Data files carried (Tracklab archive). */
  datasets: number;
  /** Size of the archive in bytes. */
  bytes: number;
  notes: string[];
}

export interface Selection {
  experiments: Experiment[];
  /** Parents before children. */
  runs: Run[];
}

const direct = <T>(fn: () => Promise<T>) => fn();

/** What both formats start with: the selection, and a report with nothing written yet. */
export async function beginExport(
  store: TrackingStore,
  options: ExportOptions,
): Promise<Selection & { report: ExportReport }> {
  const notes: string[] = [];
  const selection = await selectExport(store, options, notes);
  const report: ExportReport = {
    experiments: selection.experiments.length,
    runs: selection.runs.length,
    points: 0,
    artifacts: 0,
    models: 0,
    versions: 0,
    datasets: 0,
    bytes: 0,
    notes,
  };
  return { ...selection, report };
}

export async function selectExport(
  store: TrackingStore,
  options: ExportOptions,
  notes: string[],
): Promise<Selection> {
  const runs = order(
    await selectRuns(store, { experimentIds: options.experimentIds }, direct, notes),
  );
  const ids = new Set([...(options.experimentIds ?? []), ...runs.map((r) => r.info.experiment_id)]);
  const experiments: Experiment[] = [];
  for (const id of [...ids].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1)))
    experiments.push(await store.getExperiment(id));
  return { experiments, runs };
}

/** Every point of every metric key the run has. */
export async function histories(store: TrackingStore, run: Run): Promise<Map<string, Metric[]>> {
  const out = new Map<string, Metric[]>();
  for (const key of run.data.metrics.map((m) => m.key).sort()) {
    const points: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.getMetricHistory(run.info.run_id, key, { pageToken });
      points.push(...page.items);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    out.set(key, points);
  }
  return out;
}

/** Every artifact file of the run (run-relative paths, sorted). */
export async function artifactPaths(store: TrackingStore, runId: string): Promise<string[]> {
  const files: string[] = [];
  const dirs: (string | undefined)[] = [undefined];
  while (dirs.length) {
    const dir = dirs.pop();
    for (const f of await store.listArtifacts(runId, dir)) (f.is_dir ? dirs : files).push(f.path);
  }
  return files.sort();
}

export interface RegistrySelection {
  models: RegisteredModel[];
  versions: ModelVersion[];
}

/** The models with a version whose run is exported, and those versions. */
export async function selectRegistry(
  registry: RegistryStore | undefined,
  runIds: Set<string>,
  notes: string[],
): Promise<RegistrySelection> {
  const out: RegistrySelection = { models: [], versions: [] };
  if (!registry) return out;
  let pageToken: string | undefined;
  const models: RegisteredModel[] = [];
  do {
    const page = await registry.searchRegisteredModels({ maxResults: 1000, pageToken });
    models.push(...page.items);
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  for (const model of models) {
    const all = (
      await registry.searchModelVersions({
        filterString: `name = '${model.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
        orderBy: ['version_number ASC'],
      })
    ).items;
    const kept = all.filter((v) => v.run_id && runIds.has(v.run_id));
    if (!kept.length) {
      if (all.length)
        notes.push(
          `Model "${model.name}" is left out: none of its versions' runs is in this export.`,
        );
      continue;
    }
    if (kept.length < all.length)
      notes.push(
        `Model "${model.name}": ${all.length - kept.length} version(s) left out, their runs are not in this export.`,
      );
    const keptNumbers = new Set(kept.map((v) => v.version));
    out.models.push({
      ...model,
      aliases: model.aliases.filter((a) => keptNumbers.has(a.version)),
    });
    out.versions.push(...kept);
  }
  return out;
}

export function abortIfStopped(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The export was stopped.', 'AbortError');
}

/** A metric value as text that both JSON and Python's float() read back: NaN and ±Inf spelled out. */
export const valueText = (v: number) =>
  Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);

export function parseValue(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === 'infinity' || t === '+inf') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return Number(text);
}
