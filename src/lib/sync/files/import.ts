/**
 * Opening an archive (a Tracklab archive or an MLflow mlruns tree in a zip) and importing it:
 * copyExperiments from the archive (read-only SnapshotStore) into the browser's store, with the
 * ledger under a target named for the archive's source. So import has pull's guarantees: runs
 * created once (an archive imported again copies nothing; a newer export of the same runs adds
 * only what is new), parents remapped, params write-once, the registry copied with its stages
 * and aliases, and each imported run tagged with where it came from.
 */
import type { Experiment } from '$lib/tracking/entities';
import type { TrackingStore } from '$lib/tracking/store';
import type { RegistryStore } from '$lib/registry/store';
import { copyExperiments, type CopyProgress, type CopyReport } from '../copy';
import { LEDGER_FORMAT, type Ledger } from '../ledger';
import { isMlflowError } from '$lib/tracking/errors';
import { ARCHIVE_MANIFEST, readArchive, type ArchivedDataset } from './archive';
import { SHELF_FIELDS, type DatasetFile, type DatasetShelf } from './export-source';
import { findMlruns, readMlruns } from './mlruns-read';
import { SnapshotRegistry, SnapshotStore, type SnapshotContent } from './snapshot-store';
import { ArchiveError, ZipReader, type BlobLike } from './zip';

export interface OpenedArchive {
  format: 'tracklab' | 'mlruns';
  /** The store the archive was made from (a browser's install id; for a foreign mlruns tree, a digest of its experiments). */
  sourceStore: string;
  tracking: SnapshotStore;
  registry: SnapshotRegistry;
  /** Active experiments, with their active-run counts. */
  experiments: (Experiment & { runs: number })[];
  models: number;
  /** Data files carried (Tracklab archives only). */
  datasets: ArchivedDataset[];
  /** What was skipped while reading (a folder that is not a run…). */
  notes: string[];
}

export async function openArchive(file: BlobLike): Promise<OpenedArchive> {
  const zip = await ZipReader.open(file);
  let format: OpenedArchive['format'];
  let content: SnapshotContent;
  let sourceStore: string | undefined;
  let notes: string[] = [];
  let datasets: ArchivedDataset[] = [];
  if (zip.has(ARCHIVE_MANIFEST)) {
    const read = await readArchive(zip);
    format = 'tracklab';
    content = read.content;
    sourceStore = read.manifest.sourceStore;
    datasets = read.datasets;
  } else {
    const root = findMlruns(zip);
    if (root === null)
      throw new ArchiveError(
        'This zip is neither a Tracklab archive nor an MLflow mlruns folder (no tracklab-archive.json, no <number>/meta.yaml). Choose a file exported from Tracklab, or zip an mlruns folder.',
      );
    format = 'mlruns';
    const read = await readMlruns(zip, root);
    content = read.content;
    sourceStore = read.sourceStore;
    notes = read.notes;
  }
  const active = content.experiments.filter((e) => e.lifecycle_stage === 'active');
  return {
    format,
    sourceStore: sourceStore || (await digestOf(content)),
    tracking: new SnapshotStore(content),
    registry: new SnapshotRegistry(content),
    experiments: active.map((e) => ({
      ...e,
      runs: content.runs.filter(
        (r) => r.info.experiment_id === e.experiment_id && r.info.lifecycle_stage === 'active',
      ).length,
    })),
    models: content.models.length,
    datasets,
    notes,
  };
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer> | Uint8Array): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A name for a store that did not say its own: its experiments' ids and names (FileStore ids are random). */
async function digestOf(content: SnapshotContent): Promise<string> {
  const text = content.experiments
    .map((e) => `${e.experiment_id}\t${e.name}`)
    .sort()
    .join('\n');
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `mlruns:${[...new Uint8Array(hash)]
    .slice(0, 8)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')}`;
}

export interface ImportOptions {
  ledger: Ledger;
  /** The archive's experiments to import; all of them when left out. */
  experimentIds?: string[];
  /** The file's name, recorded on each imported run as its origin. */
  fileName?: string;
  /**
   * This browser's install id. An archive exported from this very browser holds runs that may
   * still be here under the same ids: those are left as they are (not copied a second time),
   * and only runs deleted for good since are brought back, under their old parents.
   */
  localStore?: string;
  onProgress?: (progress: CopyProgress) => void;
  signal?: AbortSignal;
}

export async function importArchive(
  archive: OpenedArchive,
  to: { tracking: TrackingStore; registry?: RegistryStore; datasets?: DatasetShelf },
  options: ImportOptions,
): Promise<CopyReport & { datasets: number }> {
  let { tracking, registry } = archive;
  let ledger = options.ledger;
  if (options.localStore && options.localStore === archive.sourceStore) {
    const own = await ownArchive(archive, to, ledger);
    ({ tracking, registry, ledger } = own);
  }
  const report = await copyExperiments(tracking, to.tracking, {
    target: `import:${archive.sourceStore}`,
    ledger,
    experimentIds: options.experimentIds ?? archive.experiments.map((e) => e.experiment_id),
    sourceStore: archive.sourceStore,
    origin: options.fileName ? `file:${options.fileName}` : `file:${archive.format}`,
    registry: to.registry ? { from: registry, to: to.registry } : undefined,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  return { ...report, datasets: await importDatasets(archive, to.datasets, report.notes) };
}

/** Saves the archive's data files this browser lacks; how many were added. */
async function importDatasets(
  archive: OpenedArchive,
  shelf: DatasetShelf | undefined,
  notes: string[],
): Promise<number> {
  if (!shelf || !archive.datasets.length) return 0;
  const have = new Set((await shelf.list()).map((d) => d.sha256));
  let added = 0;
  for (const d of archive.datasets) {
    if (have.has(d.sha256)) continue;
    const bytes = await d.read();
    if ((await sha256Hex(bytes)) !== d.sha256) {
      notes.push(`Data file "${d.meta.name}" is left out: its bytes do not match its checksum.`);
      continue;
    }
    const meta = Object.fromEntries(
      Object.entries(d.meta).filter(([key]) => !SHELF_FIELDS.has(key)),
    ) as Omit<DatasetFile, 'sha256' | 'digest'>;
    await shelf.save(bytes, meta);
    added++;
  }
  return added;
}

/**
 * An archive this browser exported, imported back into it: the runs still here (same ids) are
 * taken out of the copy and stand for themselves (a child brought back keeps its parent, which
 * the ledger answers with its own id), and models still here are left alone.
 */
async function ownArchive(
  archive: OpenedArchive,
  to: { tracking: TrackingStore; registry?: RegistryStore },
  ledger: Ledger,
): Promise<{ tracking: SnapshotStore; registry: SnapshotRegistry; ledger: Ledger }> {
  const content = archive.tracking.content;
  const present = new Set<string>();
  for (const run of content.runs)
    if (await exists(() => to.tracking.getRun(run.info.run_id))) present.add(run.info.run_id);
  const models = [];
  for (const m of content.models)
    if (!to.registry || !(await exists(() => to.registry!.getRegisteredModel(m.name))))
      models.push(m);
  const names = new Set(models.map((m) => m.name));
  const kept: SnapshotContent = {
    ...content,
    runs: content.runs.filter((r) => !present.has(r.info.run_id)),
    models,
    versions: content.versions.filter((v) => names.has(v.name)),
  };
  const identity: Ledger = {
    get: async (target, kind, sourceId) =>
      kind === 'run' && present.has(sourceId)
        ? {
            format: LEDGER_FORMAT,
            target,
            kind,
            source_id: sourceId,
            copy_id: sourceId,
            updated: 0,
          }
        : ledger.get(target, kind, sourceId),
    put: (entry) => ledger.put(entry),
    list: (target, kind) => ledger.list(target, kind),
    delete: (target, kind, sourceId) => ledger.delete(target, kind, sourceId),
  };
  return {
    tracking: new SnapshotStore(kept),
    registry: new SnapshotRegistry(kept),
    ledger: identity,
  };
}

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (e) {
    if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return false;
    throw e;
  }
}
