/**
 * A run's artifacts as a path-addressed tree (MLflow's artifact repository idea), each file stored
 * in chunks so a large model never needs one huge record.
 */
import type { FileInfo } from '../entities';
import { invalid, notFound } from '../errors';
import type { ArtifactBody } from '../store';
import { ARTIFACT_CHUNK_BYTES, type ArtifactRow, type TrackingDB } from './schema';

/** Normalises a run-relative artifact path; refuses traversal as MLflow's validate_path_is_safe. */
export function normaliseArtifactPath(path: string | undefined, allowRoot = false): string {
  const raw = (path ?? '').replace(/\\/g, '/');
  if (raw.startsWith('/') || /^[a-zA-Z]:/.test(raw) || raw.includes('\0')) {
    throw invalid(
      `Invalid artifact path '${path}': use a path relative to the run's artifact root, such as 'model/model.json'.`,
    );
  }
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    throw invalid(`Invalid artifact path '${path}': '..' is not allowed.`);
  }
  const normal = parts.join('/');
  if (!normal && !allowRoot)
    throw invalid('An artifact path must name a file, such as plots/loss.png.');
  return normal;
}

export async function toBytes(body: ArtifactBody): Promise<Uint8Array> {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(await body.arrayBuffer());
}

function fileRange(db: TrackingDB, runId: string, path: string) {
  return db.artifactChunks
    .where('[run_id+path+chunk]')
    .between([runId, path, 0], [runId, path, Infinity], true, true);
}

/** Writes (or replaces) one file. Call inside a transaction over artifacts and artifactChunks. */
export async function putArtifact(
  db: TrackingDB,
  runId: string,
  path: string,
  bytes: Uint8Array,
): Promise<void> {
  const files = await db.artifacts.where('run_id').equals(runId).toArray();
  for (const f of files) {
    if (path.startsWith(`${f.path}/`)) {
      throw invalid(`Cannot write artifact '${path}': '${f.path}' is a file, not a folder.`);
    }
    if (f.path.startsWith(`${path}/`)) {
      throw invalid(`Cannot write artifact '${path}': it is a folder holding '${f.path}'.`);
    }
  }
  await fileRange(db, runId, path).delete();
  const chunks = Math.ceil(bytes.length / ARTIFACT_CHUNK_BYTES);
  const rows = Array.from({ length: chunks }, (_, i) => ({
    run_id: runId,
    path,
    chunk: i,
    // slice() copies: a subarray view would store its whole backing buffer.
    data: bytes.slice(i * ARTIFACT_CHUNK_BYTES, (i + 1) * ARTIFACT_CHUNK_BYTES),
  }));
  await db.artifactChunks.bulkPut(rows);
  await db.artifacts.put({
    run_id: runId,
    path,
    size: bytes.length,
    chunks,
    modified: Date.now(),
  } satisfies ArtifactRow);
}

export async function readArtifact(
  db: TrackingDB,
  runId: string,
  path: string,
): Promise<Uint8Array> {
  const file = await db.artifacts.get([runId, path]);
  if (!file) throw notFound(`No artifact '${path}' in run ${runId}.`);
  const chunks = await fileRange(db, runId, path).toArray();
  const out = new Uint8Array(file.size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c.data, offset);
    offset += c.data.length;
  }
  return out;
}

/** Lists the direct children of a folder, files with sizes, folders without, sorted by path. */
export async function listFolder(
  db: TrackingDB,
  runId: string,
  folder: string,
): Promise<FileInfo[]> {
  const prefix = folder ? `${folder}/` : '';
  const files = await db.artifacts.where('run_id').equals(runId).toArray();
  const entries = new Map<string, FileInfo>();
  for (const f of files) {
    if (!f.path.startsWith(prefix)) continue;
    const rest = f.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) entries.set(f.path, { path: f.path, is_dir: false, file_size: f.size });
    else {
      const dir = prefix + rest.slice(0, slash);
      entries.set(dir, { path: dir, is_dir: true });
    }
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Deletes a file, or a folder and everything under it. */
export async function deleteArtifacts(db: TrackingDB, runId: string, path: string): Promise<void> {
  const files = await db.artifacts.where('run_id').equals(runId).toArray();
  const doomed = files.filter((f) => !path || f.path === path || f.path.startsWith(`${path}/`));
  // Deleting a missing artifact succeeds, as on MLflow's artifact proxy.
  for (const f of doomed) await fileRange(db, runId, f.path).delete();
  await db.artifacts.bulkDelete(doomed.map((f) => [runId, f.path] as [string, string]));
}

export async function deleteAllArtifacts(db: TrackingDB, runId: string): Promise<void> {
  await db.artifactChunks.where('[run_id+path+chunk]').between([runId], [runId, []]).delete();
  await db.artifacts.where('run_id').equals(runId).delete();
}
