/**
 * The artifact half of the Dexie tracking store: a run's files as a path-addressed tree
 * (artifacts.ts), written in one transaction per call so a file, or a model folder, is listed
 * only once it is whole. DexieStore adds the runs on top.
 */
import type { FileInfo } from '../entities';
import type { ArtifactBody } from '../store';
import {
  deleteArtifacts,
  listFolder,
  normaliseArtifactPath,
  putArtifact,
  readArtifact,
  toBytes,
} from './artifacts';
import { storageError } from './base';
import { DexieExperimentStore } from './experiments';
import { purgeArtifactRows } from './usage';

export class DexieArtifactStore extends DexieExperimentStore {
  async logArtifact(runId: string, path: string, body: ArtifactBody): Promise<void> {
    const normal = normaliseArtifactPath(path);
    const bytes = await toBytes(body);
    const { runs, artifacts, artifactChunks } = this.db;
    await this.rw([runs, artifacts, artifactChunks], async () => {
      await this.activeRunRow(runId);
      await putArtifact(this.db, runId, normal, bytes);
    });
  }

  /**
   * Writes several files in one transaction: all of them appear together or none does, so a
   * reader never sees a model folder that is half written (a tab closed in between).
   */
  async logArtifacts(runId: string, files: { path: string; body: ArtifactBody }[]): Promise<void> {
    // Paths are checked and bodies read before the transaction: awaiting a Blob inside it would
    // let IndexedDB commit it early.
    const prepared = await Promise.all(
      files.map(async (f) => ({
        path: normaliseArtifactPath(f.path),
        bytes: await toBytes(f.body),
      })),
    );
    const { runs, artifacts, artifactChunks } = this.db;
    await this.rw([runs, artifacts, artifactChunks], async () => {
      await this.activeRunRow(runId);
      for (const f of prepared) await putArtifact(this.db, runId, f.path, f.bytes);
    });
  }

  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    await this.runRow(runId);
    return listFolder(this.db, runId, normaliseArtifactPath(path, true));
  }

  async downloadArtifact(runId: string, path: string): Promise<Uint8Array> {
    await this.runRow(runId);
    return readArtifact(this.db, runId, normaliseArtifactPath(path));
  }

  async deleteArtifact(runId: string, path: string): Promise<void> {
    const { runs, artifacts, artifactChunks } = this.db;
    await this.rw([runs, artifacts, artifactChunks], async () => {
      await this.runRow(runId);
      await deleteArtifacts(this.db, runId, normaliseArtifactPath(path, true));
    });
  }

  /** Deletes one artifact file for good; deletes only, so it works on a full disk (usage.ts). */
  async purgeArtifact(runId: string, path: string): Promise<void> {
    await purgeArtifactRows(this.db, runId, normaliseArtifactPath(path)).catch(storageError);
  }
}
