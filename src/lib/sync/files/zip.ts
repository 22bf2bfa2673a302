/**
 * Zip archives for export and import. Writing streams through fflate's Zip (each file deflated
 * as it is added, the archive handed on in chunks: never one string or one buffer). Reading is
 * random access over a Blob (a File the person chose): the central directory is read once, then
 * each entry is sliced, inflated and checked (size and CRC-32) only when asked for, so a large
 * archive is never read into memory whole.
 */
import { Zip, ZipDeflate, ZipPassThrough, inflateSync } from 'fflate';

/** What an archive could not be read for, in words a person can act on. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** Writes a zip, handing each finished piece to `sink` as it is made. */
export class ZipWriter {
  private readonly zip: Zip;
  private failure: Error | null = null;
  private done: () => void = () => {};
  private readonly finished: Promise<void>;
  private entries = 0;
  /** Bytes handed to the sink so far. */
  written = 0;

  constructor(sink: (chunk: Uint8Array<ArrayBuffer>) => void) {
    this.finished = new Promise((resolve) => (this.done = resolve));
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.failure = error;
        this.done();
        return;
      }
      this.written += chunk.length;
      if (this.written > MAX_ZIP_BYTES && !this.failure)
        this.failure = new ArchiveError(
          'This export passes 4 GB, the most a zip without ZIP64 holds: export fewer experiments at a time.',
        );
      sink(chunk as Uint8Array<ArrayBuffer>);
      if (final) this.done();
    });
  }

  /** Adds one file. Text is written as UTF-8; `store` skips compression (already compressed data). */
  add(path: string, data: Uint8Array | string, options: { store?: boolean } = {}): void {
    if (this.failure) throw this.failure;
    if (++this.entries > MAX_ZIP_ENTRIES)
      throw (this.failure = new ArchiveError(
        'This export has more than 65,535 files, the most a zip without ZIP64 holds: export fewer experiments at a time.',
      ));
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const file = options.store ? new ZipPassThrough(path) : new ZipDeflate(path, { level: 6 });
    this.zip.add(file);
    file.push(bytes, true);
  }

  /** Writes the central directory; resolves when the last chunk has been handed on. */
  async end(): Promise<void> {
    this.zip.end();
    await this.finished;
    if (this.failure) throw this.failure;
  }
}

/** The part of a Blob the reader needs (a File, a Blob, or a test's stand-in). */
export interface BlobLike {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

interface Entry {
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Entries larger than this are refused rather than inflated into memory. */
const MAX_ENTRY = 1 << 30;
/** Text entries (JSON, YAML, metric files) larger than this are refused: no string that long. */
const MAX_TEXT = 64 << 20;
/** Without ZIP64 (fflate writes none) a zip holds at most this many entries and bytes. */
const MAX_ZIP_ENTRIES = 0xffff;
const MAX_ZIP_BYTES = 0xffffffff;

/** Reads a zip by its central directory; entries are read on demand. */
export class ZipReader {
  private constructor(
    private readonly blob: BlobLike,
    private readonly entries: Map<string, Entry>,
  ) {}

  static async open(blob: BlobLike): Promise<ZipReader> {
    const tailSize = Math.min(blob.size, 22 + 0xffff);
    const tail = await read(blob, blob.size - tailSize, blob.size);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (u32(tail, i) === EOCD) {
        at = i;
        break;
      }
    if (at < 0)
      throw new ArchiveError(
        'This file is not a zip archive (or it was cut short): export it again, or choose the .zip file Tracklab or MLflow made.',
      );
    const count = u16(tail, at + 10);
    const dirSize = u32(tail, at + 12);
    const dirOffset = u32(tail, at + 16);
    if (count === 0xffff || dirOffset === 0xffffffff)
      throw new ArchiveError(
        'This archive is in the ZIP64 format (over 4 GB or 65,535 files), which Tracklab cannot read yet: export fewer experiments at a time.',
      );
    if (dirOffset + dirSize > blob.size)
      throw new ArchiveError('This zip archive is damaged (its directory points past its end).');
    const dir = await read(blob, dirOffset, dirOffset + dirSize);
    const entries = new Map<string, Entry>();
    const offsets = new Set<number>();
    const decoder = new TextDecoder();
    let p = 0;
    let n = 0;
    // Walked by the directory's size, not its count: a count past 65,535 wraps around.
    for (; p < dir.length; n++) {
      if (p + 46 > dir.length || u32(dir, p) !== CENTRAL)
        throw new ArchiveError('This zip archive is damaged (its directory is unreadable).');
      const nameLength = u16(dir, p + 28);
      // Windows tools may write '\\' between folders.
      const name = decoder.decode(dir.subarray(p + 46, p + 46 + nameLength)).replace(/\\/g, '/');
      const entry: Entry = {
        method: u16(dir, p + 10),
        crc: u32(dir, p + 16),
        compressedSize: u32(dir, p + 20),
        size: u32(dir, p + 24),
        offset: u32(dir, p + 42),
      };
      if (entry.compressedSize > blob.size || entry.offset >= blob.size)
        throw new ArchiveError(`This zip archive is damaged (${name} points past its end).`);
      if (!name.endsWith('/')) {
        // Two names over the same bytes: the overlapping-entries zip bomb.
        if (offsets.has(entry.offset))
          throw new ArchiveError('This zip archive is malformed (two files share the same bytes).');
        offsets.add(entry.offset);
        entries.set(name, entry);
      }
      p += 46 + nameLength + u16(dir, p + 30) + u16(dir, p + 32);
    }
    if (n % 0x10000 !== count)
      throw new ArchiveError('This zip archive is damaged (its directory and its count disagree).');
    return new ZipReader(blob, entries);
  }

  /** Every file's path (folders left out). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  size(name: string): number {
    return this.entry(name).size;
  }

  async read(name: string): Promise<Uint8Array> {
    const e = this.entry(name);
    if (e.size > MAX_ENTRY)
      throw new ArchiveError(`${name} is too large to import (${e.size} bytes; at most 1 GiB).`);
    const header = await read(this.blob, e.offset, e.offset + 30);
    if (u32(header, 0) !== LOCAL)
      throw new ArchiveError(`This zip archive is damaged (no header for ${name}).`);
    const start = e.offset + 30 + u16(header, 26) + u16(header, 28);
    const raw = await read(this.blob, start, start + e.compressedSize);
    let data: Uint8Array;
    if (e.method === 0) data = raw;
    else if (e.method === 8) {
      try {
        data = inflateSync(raw, { out: new Uint8Array(e.size) });
      } catch {
        throw new ArchiveError(`This zip archive is damaged (${name} does not inflate).`);
      }
    } else
      throw new ArchiveError(
        `${name} is compressed with method ${e.method}; Tracklab reads stored and deflated files (re-zip it with the usual settings).`,
      );
    if (data.length !== e.size || crc32(data) !== e.crc)
      throw new ArchiveError(`This zip archive is damaged (${name} fails its checksum).`);
    return data;
  }

  async text(name: string): Promise<string> {
    if (this.entry(name).size > MAX_TEXT)
      throw new ArchiveError(`${name} is too large to read (over 64 MiB of text).`);
    return new TextDecoder().decode(await this.read(name));
  }

  private entry(name: string): Entry {
    const e = this.entries.get(name);
    if (!e) throw new ArchiveError(`The archive has no file ${name}.`);
    return e;
  }
}

async function read(blob: BlobLike, start: number, end: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
  if (bytes.length !== end - start)
    throw new ArchiveError('This zip archive is cut short: export it again.');
  return bytes;
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) =>
  (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

let table: Uint32Array | undefined;

/** CRC-32 (IEEE), as zip stores it. */
export function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
