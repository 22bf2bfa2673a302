/**
 * Saved datasets, in their own IndexedDB database beside the tracking store (the tracking store
 * stays exactly MLflow's shape; a dataset is referenced from runs by name and digest, as MLflow's
 * dataset inputs are). The file's bytes are kept, in chunks, so a dataset re-opens exactly as it
 * was dropped. One transaction per save: a full disk keeps nothing half-written.
 */
import Dexie, { type Table as DexieTable } from 'dexie';
import type { ColumnProfile } from './columns';
import { DataError } from './errors';
import type { ReadNote, ResolvedRead } from './read-options';
import { closeWhenUpgraded } from '$lib/tracking/version-change';

export interface DatasetRecord {
  /** SHA-256 of the file's bytes, hex: the dataset's identity. */
  sha256: string;
  /** MLflow's digest field is at most 36 characters; the first 16 hex digits of the SHA-256. */
  digest: string;
  name: string;
  /** Where it came from: the dropped file's name, or the bundled dataset's URL. */
  source: string;
  sourceType: 'upload' | 'bundled' | 'generated';
  size: number;
  rows: number;
  columns: string[];
  delimiter: string;
  profiles: ColumnProfile[];
  created: number;
  chunks: number;
  /**
   * How the bytes were read (lines skipped, header, decimal mark, delimiter, quote): every later
   * read of this dataset uses it. Absent in records saved before it was kept (see legacyRead).
   */
  read?: ResolvedRead;
  /** What the reader decided that a person should know, shown with the preview. */
  notes?: ReadNote[];
}

/** What reading the bytes again changes in a record. */
export type ReadResult = Pick<
  DatasetRecord,
  'rows' | 'columns' | 'delimiter' | 'profiles' | 'read' | 'notes'
>;

interface ChunkRow {
  sha256: string;
  chunk: number;
  data: Uint8Array;
}

class DatasetDB extends Dexie {
  datasets!: DexieTable<DatasetRecord, string>;
  chunks!: DexieTable<ChunkRow, [string, number]>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ datasets: 'sha256, name, created', chunks: '[sha256+chunk]' });
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** MLflow's dataset digest as Tracklab writes it: the first 16 hex digits of the SHA-256. */
export async function datasetDigest(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return (await sha256Hex(bytes)).slice(0, 16);
}

function quotaMessage(e: unknown): never {
  const name = (e as { name?: string; inner?: { name?: string } }).inner?.name ?? (e as Error).name;
  if (name === 'QuotaExceededError') {
    throw new DataError(
      'The browser has no room left to save this dataset. Free space in Settings → Storage (delete datasets or experiments you no longer need for good), then drop the file again. Nothing was saved.',
    );
  }
  throw e;
}

export class DatasetLibrary {
  readonly db: DatasetDB;

  /** `chunkBytes`: the file is stored in records of this size (1 MB). */
  constructor(
    name = 'tracklab-datasets',
    private readonly chunkBytes = 1024 * 1024,
  ) {
    this.db = new DatasetDB(name);
    closeWhenUpgraded(this.db);
  }

  /** Saves a dataset (once per content: the same bytes again return the saved record). */
  async save(
    bytes: Uint8Array,
    meta: Omit<DatasetRecord, 'sha256' | 'digest' | 'size' | 'created' | 'chunks'>,
    sha256?: string,
  ): Promise<DatasetRecord> {
    const hash = sha256 ?? (await sha256Hex(bytes));
    const existing = await this.db.datasets.get(hash);
    if (existing) return existing;
    const chunks = Math.ceil(bytes.length / this.chunkBytes);
    const record: DatasetRecord = {
      ...meta,
      sha256: hash,
      digest: hash.slice(0, 16),
      size: bytes.length,
      created: Date.now(),
      chunks,
    };
    try {
      await this.db.transaction('rw', this.db.datasets, this.db.chunks, async () => {
        await this.db.chunks.bulkPut(
          Array.from({ length: chunks }, (_, i) => ({
            sha256: hash,
            chunk: i,
            data: bytes.slice(i * this.chunkBytes, (i + 1) * this.chunkBytes),
          })),
        );
        await this.db.datasets.put(record);
      });
    } catch (e) {
      quotaMessage(e);
    }
    return record;
  }

  get(sha256: string): Promise<DatasetRecord | undefined> {
    return this.db.datasets.get(sha256);
  }

  /** Newest first. */
  list(): Promise<DatasetRecord[]> {
    return this.db.datasets.orderBy('created').reverse().toArray();
  }

  async bytes(sha256: string): Promise<Uint8Array> {
    const record = await this.db.datasets.get(sha256);
    if (!record) throw new DataError('That dataset is no longer saved; drop the file again.');
    const rows = await this.db.chunks
      .where('[sha256+chunk]')
      .between([sha256, 0], [sha256, Infinity])
      .toArray();
    const out = new Uint8Array(record.size);
    let at = 0;
    for (const r of rows) {
      out.set(r.data, at);
      at += r.data.length;
    }
    return out;
  }

  /** Keeps the result of reading the saved bytes with other read options; the bytes stay. */
  async reread(sha256: string, result: ReadResult): Promise<DatasetRecord> {
    try {
      await this.db.datasets.update(sha256, result);
    } catch (e) {
      quotaMessage(e);
    }
    const record = await this.db.datasets.get(sha256);
    if (!record) throw new DataError('That dataset is no longer saved; drop the file again.');
    return record;
  }

  async rename(sha256: string, name: string): Promise<void> {
    await this.db.datasets.update(sha256, { name });
  }

  async delete(sha256: string): Promise<void> {
    await this.db.transaction('rw', this.db.datasets, this.db.chunks, async () => {
      await this.db.chunks
        .where('[sha256+chunk]')
        .between([sha256, 0], [sha256, Infinity])
        .delete();
      await this.db.datasets.delete(sha256);
    });
  }
}
