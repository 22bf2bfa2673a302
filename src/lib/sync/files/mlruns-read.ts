/**
 * Reads an MLflow `mlruns/` tree from a zip (one Tracklab exported, or one MLflow's FileStore
 * wrote and a person zipped), as the FileStore itself reads it (mlflow/store/tracking/file_store.py,
 * mlflow/store/model_registry/file_store.py): experiments are the integer-named folders with a
 * meta.yaml, runs the folders inside them with a meta.yaml whose experiment_id is that folder's;
 * params, tags and metrics are files named by key ('/' in a key is a subfolder); a metric file
 * has one "timestamp value step" line per point. Artifacts are found beside the run
 * (`<run>/artifacts/`, MLflow's default) or in `mlartifacts/` beside mlruns/ (the server's proxy
 * folder, which Tracklab's export uses). Deleted runs and experiments are read as deleted, so an
 * import leaves them out.
 */
import { parse } from 'yaml';
import type { DatasetInput, Experiment, Metric, Run, RunStatus } from '$lib/tracking/entities';
import { isLaterMetric } from '$lib/tracking/entities';
import type { ModelVersion, ModelVersionStage, RegisteredModel } from '$lib/registry/entities';
import { safePath } from './archive';
import { parseValue } from './export-source';
import { MLRUNS_MANIFEST } from './mlruns-write';
import type { SnapshotContent } from './snapshot-store';
import { ArchiveError, type ZipReader } from './zip';

const STATUS: Record<number, RunStatus> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
};
const NOT_RUNS = new Set(['tags', 'datasets', 'traces', 'models']);

/** Where the tree's experiments are ('' or 'some/folder/mlruns/'), or null when there are none. */
export function findMlruns(zip: ZipReader): string | null {
  let best: string | null = null;
  for (const name of zip.names()) {
    const m = /^((?:[^/]+\/)*?)\d+\/meta\.yaml$/.exec(name);
    if (m && !m[1].startsWith('__MACOSX') && (best === null || m[1].length < best.length))
      best = m[1];
  }
  return best;
}

type Meta = Record<string, unknown>;

/** A meta.yaml as a map; null when absent, empty or not a map (MLflow skips such a folder). */
async function meta(zip: ZipReader, name: string): Promise<Meta | null> {
  if (!zip.has(name)) return null;
  const text = await zip.text(name);
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    throw new ArchiveError(`${name} is not valid YAML: the mlruns folder is damaged.`);
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Meta) : null;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

/** The sorted names that start with `prefix` (a binary search, then a walk). */
function under(names: string[], prefix: string): string[] {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < names.length && names[i].startsWith(prefix); i++) out.push(names[i]);
  return out;
}

/** Files under `dir/` as key → path (keys keep their '/'). */
function filesUnder(names: string[], dir: string): Map<string, string> {
  return new Map(under(names, dir).map((n) => [n.slice(dir.length), n]));
}

export async function readMlruns(
  zip: ZipReader,
  root: string,
): Promise<{ sourceStore: string | undefined; content: SnapshotContent; notes: string[] }> {
  const notes: string[] = [];
  const names = zip.names().sort();
  const base = root.replace(/mlruns\/$/, '');
  let manifest: { sourceStore?: unknown } = {};
  if (zip.has(base + MLRUNS_MANIFEST))
    try {
      manifest = JSON.parse(await zip.text(base + MLRUNS_MANIFEST)) ?? {};
    } catch {
      notes.push(`${MLRUNS_MANIFEST} is unreadable; the folder is imported as of unknown origin.`);
    }
  const experiments: Experiment[] = [];
  const runs: Run[] = [];
  const artifacts = new Map<string, Map<string, string>>();
  const metricFiles = new Map<string, Map<string, string>>();
  const artifactSizes = new Map<string, Map<string, number>>();
  for (const name of names) {
    const m = new RegExp(`^${escape(root)}(\\d+)/meta\\.yaml$`).exec(name);
    if (!m) continue;
    const eid = m[1];
    const e = await meta(zip, name);
    if (!e || str(e.experiment_id) !== eid) {
      notes.push(`Folder ${eid} is skipped: its meta.yaml does not describe experiment ${eid}.`);
      continue;
    }
    const dir = `${root}${eid}/`;
    experiments.push({
      experiment_id: eid,
      name: str(e.name),
      artifact_location: str(e.artifact_location),
      lifecycle_stage: e.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
      creation_time: num(e.creation_time ?? 0),
      last_update_time: num(e.last_update_time ?? e.creation_time ?? 0),
      tags: await keyValues(zip, filesUnder(names, `${dir}tags/`)),
    });
    const runIds = new Set<string>();
    for (const n of under(names, dir)) {
      const r = new RegExp(`^${escape(dir)}([^/]+)/meta\\.yaml$`).exec(n);
      if (r && !NOT_RUNS.has(r[1])) runIds.add(r[1]);
    }
    for (const runId of runIds) {
      const runDir = `${dir}${runId}/`;
      const info = await meta(zip, `${runDir}meta.yaml`);
      if (!info || str(info.experiment_id) !== eid || str(info.run_id || info.run_uuid) !== runId) {
        notes.push(`Run folder ${eid}/${runId} is skipped: its meta.yaml names another run.`);
        continue;
      }
      const metrics = filesUnder(names, `${runDir}metrics/`);
      metricFiles.set(runId, metrics);
      const latest: Metric[] = [];
      for (const [key, file] of metrics) {
        const points = parseMetric(await zip.text(file), key, file);
        let last: Metric | undefined;
        for (const p of points) if (!last || isLaterMetric(p, last)) last = p;
        if (last) latest.push(last);
      }
      const artifactUri = str(info.artifact_uri);
      const files = artifactFiles(names, runDir, base, artifactUri);
      for (const path of files.keys())
        if (!safePath(path)) {
          files.delete(path);
          notes.push(
            `Artifact "${path}" of run ${runId} is left out: its path has empty, "." or ".." parts.`,
          );
        }
      artifacts.set(runId, files);
      artifactSizes.set(runId, new Map([...files].map(([path, file]) => [path, zip.size(file)])));
      runs.push({
        info: {
          run_id: runId,
          run_uuid: runId,
          run_name: str(info.run_name),
          experiment_id: eid,
          user_id: str(info.user_id),
          status: STATUS[num(info.status)] ?? 'RUNNING',
          start_time: num(info.start_time ?? 0),
          ...(info.end_time === null || info.end_time === undefined
            ? {}
            : { end_time: num(info.end_time) }),
          artifact_uri: artifactUri,
          lifecycle_stage: info.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
        },
        data: {
          metrics: latest,
          params: await keyValues(zip, filesUnder(names, `${runDir}params/`)),
          tags: await keyValues(zip, filesUnder(names, `${runDir}tags/`)),
        },
        inputs: { dataset_inputs: await inputs(zip, names, dir, runDir) },
      });
    }
  }
  const registry = await readRegistry(zip, names, root);
  return {
    sourceStore: typeof manifest.sourceStore === 'string' ? manifest.sourceStore : undefined,
    notes,
    content: {
      experiments,
      runs,
      async history(runId, key) {
        const file = metricFiles.get(runId)?.get(key);
        return file ? parseMetric(await zip.text(file), key, file) : [];
      },
      artifacts: (runId) => artifactSizes.get(runId) ?? new Map(),
      readArtifact: (runId, path) => zip.read(artifacts.get(runId)!.get(path)!),
      ...registry,
    },
  };
}

function parseMetric(text: string, key: string, file: string): Metric[] {
  const out: Metric[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const f = line.trim().split(/\s+/);
    // As MLflow's reader: 2 fields have no step; 5 (with a dataset) are read with step 0.
    const step = f.length === 3 ? Number(f[2]) : 0;
    const value = parseValue(f[1] ?? '');
    const ok =
      (f.length === 2 || f.length === 3 || f.length === 5) &&
      Number.isInteger(Number(f[0])) &&
      Number.isInteger(step) &&
      (!Number.isNaN(value) || f[1].toLowerCase() === 'nan');
    if (!ok)
      throw new ArchiveError(
        `${file}, line ${i + 1}, is not "timestamp value step": ${line.slice(0, 80)}`,
      );
    out.push({ key, timestamp: Number(f[0]), value, step });
  }
  return out;
}

async function keyValues(zip: ZipReader, files: Map<string, string>) {
  const out: { key: string; value: string }[] = [];
  for (const [key, file] of files) out.push({ key, value: await zip.text(file) });
  return out;
}

/** Run-relative artifact path → the zip entry holding it. */
function artifactFiles(
  names: string[],
  runDir: string,
  base: string,
  artifactUri: string,
): Map<string, string> {
  const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+?)\/?$/.exec(artifactUri);
  const dirs = [`${runDir}artifacts/`, ...(proxied ? [`${base}mlartifacts/${proxied[1]}/`] : [])];
  for (const dir of dirs) {
    const files = filesUnder(names, dir);
    if (files.size) return files;
  }
  return new Map();
}

async function inputs(
  zip: ZipReader,
  names: string[],
  expDir: string,
  runDir: string,
): Promise<DatasetInput[]> {
  const out: DatasetInput[] = [];
  for (const name of under(names, `${runDir}inputs/`)) {
    if (!new RegExp(`^${escape(runDir)}inputs/[^/]+/meta\\.yaml$`).test(name)) continue;
    const input = await meta(zip, name);
    if (!input || input.source_type !== 'DATASET') continue;
    const d = await meta(zip, `${expDir}datasets/${str(input.source_id)}/meta.yaml`);
    if (!d) continue;
    const tags = (input.tags ?? {}) as Record<string, unknown>;
    out.push({
      tags: Object.entries(tags).map(([key, value]) => ({ key, value: str(value) })),
      dataset: {
        name: str(d.name),
        digest: str(d.digest),
        source_type: str(d.source_type),
        source: str(d.source),
        ...(d.schema == null ? {} : { schema: str(d.schema) }),
        ...(d.profile == null ? {} : { profile: str(d.profile) }),
      },
    });
  }
  return out;
}

async function readRegistry(
  zip: ZipReader,
  names: string[],
  root: string,
): Promise<{ models: RegisteredModel[]; versions: ModelVersion[] }> {
  const models: RegisteredModel[] = [];
  const versions: ModelVersion[] = [];
  for (const name of under(names, `${root}models/`)) {
    const m = new RegExp(`^${escape(root)}models/([^/]+)/meta\\.yaml$`).exec(name);
    if (!m) continue;
    const dir = `${root}models/${m[1]}/`;
    const model = await meta(zip, name);
    if (!model) continue;
    const aliases = (await keyValues(zip, filesUnder(names, `${dir}aliases/`)))
      .map((a) => ({ alias: a.key, version: a.value.trim() }))
      .sort((a, b) => (a.alias < b.alias ? -1 : 1));
    const own: ModelVersion[] = [];
    for (const n of under(names, dir)) {
      const v = new RegExp(`^${escape(dir)}(version-\\d+)/meta\\.yaml$`).exec(n);
      if (!v) continue;
      const mv = await meta(zip, n);
      if (!mv || mv.current_stage === 'Deleted_Internal') continue;
      const number = str(mv.version);
      own.push({
        name: str(model.name),
        version: number,
        creation_timestamp: num(mv.creation_timestamp ?? 0),
        last_updated_timestamp: num(mv.last_updated_timestamp ?? mv.creation_timestamp ?? 0),
        user_id: str(mv.user_id),
        current_stage: (str(mv.current_stage) || 'None') as ModelVersionStage,
        description: str(mv.description),
        source: str(mv.source),
        run_id: str(mv.run_id),
        status: (str(mv.status) || 'READY') as ModelVersion['status'],
        status_message: str(mv.status_message),
        tags: await keyValues(zip, filesUnder(names, `${dir}${v[1]}/tags/`)),
        run_link: str(mv.run_link),
        aliases: aliases.filter((a) => a.version === number).map((a) => a.alias),
      });
    }
    versions.push(...own);
    const latest = new Map<string, ModelVersion>();
    for (const v of own)
      if (Number(v.version) > Number(latest.get(v.current_stage)?.version ?? 0))
        latest.set(v.current_stage, v);
    models.push({
      name: str(model.name),
      creation_timestamp: num(model.creation_timestamp ?? 0),
      last_updated_timestamp: num(model.last_updated_timestamp ?? model.creation_timestamp ?? 0),
      user_id: str(model.user_id),
      description: str(model.description),
      latest_versions: [...latest.values()].map((v) => ({ ...v, aliases: [] })),
      tags: await keyValues(zip, filesUnder(names, `${dir}tags/`)),
      aliases,
    });
  }
  return { models, versions };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
