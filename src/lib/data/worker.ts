/**
 * The data worker: reads, checks, profiles and saves dropped files, and encodes datasets for
 * training, so a 100 MB file never blocks the page. It keeps the parsed tables; the page only
 * ever receives summaries, a preview and transferable typed arrays. Every read of a saved
 * dataset uses the read options kept in its record, so it reads the same table each time.
 */
import { profileTable, type ColumnProfile } from './columns';
import { parseTable, type ReadTable } from './csv';
import { DataError } from './errors';
import { checkFileSize, previewRows } from './limits';
import { DatasetLibrary, sha256Hex, type DatasetRecord, type ReadResult } from './library';
import type { DataRequest, DataReply } from './protocol';
import {
  legacyRead,
  sameRead,
  type ReadNote,
  type ReadOptions,
  type ResolvedRead,
} from './read-options';
import { decodeText } from './text';
import { prepareData } from '$lib/data/prepare';
import { withLifeline } from '$lib/workers/lifeline';

const scope = globalThis as unknown as {
  postMessage(message: DataReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<DataRequest>) => void) | null;
};
const post = (m: DataReply, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

interface Entry {
  table: ReadTable;
  profiles: ColumnProfile[];
  notes: ReadNote[];
}

const PREVIEW_ROWS = 100;
const tables = new Map<string, Entry>();
const libraries = new Map<string, DatasetLibrary>();
const library = (name: string) => {
  let lib = libraries.get(name);
  if (!lib) libraries.set(name, (lib = new DatasetLibrary(name)));
  return lib;
};

/** One table per file and way of reading it. */
const keyOf = (sha: string, r: ResolvedRead) =>
  [sha, r.skip, r.header, r.decimal, r.delimiter, r.quoteChar].join('|');

function remember(sha: string, entry: Entry) {
  const key = keyOf(sha, entry.table.read);
  tables.delete(key);
  tables.set(key, entry);
  // Keep the two most recent tables in memory; older ones re-open from IndexedDB.
  while (tables.size > 2) tables.delete(tables.keys().next().value!);
}

function parse(id: string, bytes: Uint8Array, read: Partial<ReadOptions>): Entry {
  post({ type: 'progress', id, stage: 'Checking the encoding', fraction: 0 });
  const { text, encoding } = decodeText(bytes);
  const table = parseTable(text, read, (fraction) =>
    post({ type: 'progress', id, stage: 'Reading rows', fraction }),
  );
  post({ type: 'progress', id, stage: 'Profiling columns', fraction: 1 });
  const notes: ReadNote[] =
    encoding === 'utf-8'
      ? table.notes
      : [
          {
            message: `Read as UTF-16 text (${encoding === 'utf-16le' ? 'little' : 'big'}-endian), as Excel's "Unicode Text" saves it.`,
          },
          ...table.notes,
        ];
  return { table, profiles: profileTable(table), notes };
}

const resultOf = (entry: Entry): ReadResult => ({
  rows: entry.table.rows.length,
  columns: entry.table.columns,
  delimiter: entry.table.delimiter,
  profiles: entry.profiles,
  read: entry.table.read,
  notes: entry.notes,
});

/** The read options a saved record is read with. */
const readOf = (record: DatasetRecord): ResolvedRead => record.read ?? legacyRead(record.delimiter);

async function tableOf(libraryName: string, sha: string, read: ResolvedRead, id: string) {
  const cached = tables.get(keyOf(sha, read));
  if (cached) return cached;
  const entry = parse(id, await library(libraryName).bytes(sha), read);
  remember(sha, entry);
  return entry;
}

async function saved(libraryName: string, sha: string): Promise<DatasetRecord> {
  const record = await library(libraryName).get(sha);
  if (!record) throw new DataError('That dataset is no longer saved; drop the file again.');
  return record;
}

const loaded = (id: string, record: DatasetRecord, entry: Entry) =>
  post({
    type: 'loaded',
    id,
    record,
    preview: previewRows(entry.table.rows.slice(0, PREVIEW_ROWS)),
  });

async function handle(m: DataRequest): Promise<void> {
  switch (m.type) {
    case 'load': {
      // Before reading a byte: a file too big to hold fails here with the limit, not in memory.
      checkFileSize(m.file instanceof Uint8Array ? m.file.byteLength : m.file.size);
      post({ type: 'progress', id: m.id, stage: 'Reading the file', fraction: 0 });
      const bytes =
        m.file instanceof Uint8Array ? m.file : new Uint8Array(await m.file.arrayBuffer());
      const sha = await sha256Hex(bytes);
      const lib = library(m.library);
      const existing = await lib.get(sha);
      // The same bytes again read as they were saved, unless the request says otherwise.
      const entry = parse(m.id, bytes, m.read ?? existing?.read ?? {});
      post({ type: 'progress', id: m.id, stage: 'Saving', fraction: 1 });
      const record = !existing
        ? await lib.save(
            bytes,
            { name: m.name, source: m.source, sourceType: m.sourceType, ...resultOf(entry) },
            sha,
          )
        : sameRead(existing.read, entry.table.read)
          ? existing
          : await lib.reread(sha, resultOf(entry));
      remember(sha, entry);
      loaded(m.id, record, entry);
      return;
    }
    case 'open': {
      const record = await saved(m.library, m.sha256);
      loaded(m.id, record, await tableOf(m.library, m.sha256, readOf(record), m.id));
      return;
    }
    case 'reread': {
      await saved(m.library, m.sha256);
      const entry = parse(m.id, await library(m.library).bytes(m.sha256), m.read);
      const record = await library(m.library).reread(m.sha256, resultOf(entry));
      remember(m.sha256, entry);
      loaded(m.id, record, entry);
      return;
    }
    case 'prepare': {
      // A run's choice names how its data was read; older choices read as the record says.
      const read = m.choice.read ?? readOf(await saved(m.library, m.sha256));
      const { table } = await tableOf(m.library, m.sha256, read, m.id);
      const data = prepareData(table, m.choice);
      const s = data.splits;
      post({ type: 'prepared', id: m.id, data }, [
        ...[s.train, s.validation, s.test].flatMap((p) => [p.x.buffer, p.y.buffer, p.rows.buffer]),
      ] as ArrayBuffer[]);
      return;
    }
  }
}

scope.onmessage = withLifeline((event: MessageEvent<DataRequest>) => {
  const m = event.data;
  handle(m).catch((e: unknown) => {
    const error = e as Error & { row?: number; column?: string; fixes?: DataError['fixes'] };
    post({
      type: 'failed',
      id: m.id,
      message: error.message || String(e),
      row: error.row,
      column: error.column,
      fixes: error.fixes,
    });
  });
});
