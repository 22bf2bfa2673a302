/**
 * The data worker: reads, checks, profiles and saves dropped files, and encodes datasets for
 * training, so a 100 MB file never blocks the page. It keeps the parsed tables; the page only
 * ever receives summaries, a preview and transferable typed arrays.
 */
import { profileTable, type ColumnProfile } from './columns';
import { decodeUtf8, parseTable, type Table } from './csv';
import { DataError } from './errors';
import { DatasetLibrary, sha256Hex } from './library';
import type { DataRequest, DataReply } from './protocol';
import { prepareData } from '$lib/data/prepare';

const scope = globalThis as unknown as {
  postMessage(message: DataReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<DataRequest>) => void) | null;
};
const post = (m: DataReply, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

const PREVIEW_ROWS = 100;
const tables = new Map<string, { table: Table; profiles: ColumnProfile[] }>();
const libraries = new Map<string, DatasetLibrary>();
const library = (name: string) => {
  let lib = libraries.get(name);
  if (!lib) libraries.set(name, (lib = new DatasetLibrary(name)));
  return lib;
};

function remember(sha: string, entry: { table: Table; profiles: ColumnProfile[] }) {
  tables.delete(sha);
  tables.set(sha, entry);
  // Keep the two most recent tables in memory; older ones re-open from IndexedDB.
  while (tables.size > 2) tables.delete(tables.keys().next().value!);
}

function parse(id: string, bytes: Uint8Array) {
  post({ type: 'progress', id, stage: 'Checking the encoding', fraction: 0 });
  const text = decodeUtf8(bytes);
  const table = parseTable(text, (fraction) =>
    post({ type: 'progress', id, stage: 'Reading rows', fraction }),
  );
  post({ type: 'progress', id, stage: 'Profiling columns', fraction: 1 });
  return { table, profiles: profileTable(table) };
}

async function tableOf(libraryName: string, sha: string, id: string) {
  const cached = tables.get(sha);
  if (cached) return cached;
  const entry = parse(id, await library(libraryName).bytes(sha));
  remember(sha, entry);
  return entry;
}

async function handle(m: DataRequest): Promise<void> {
  switch (m.type) {
    case 'load': {
      post({ type: 'progress', id: m.id, stage: 'Reading the file', fraction: 0 });
      const bytes =
        m.file instanceof Uint8Array ? m.file : new Uint8Array(await m.file.arrayBuffer());
      const entry = parse(m.id, bytes);
      post({ type: 'progress', id: m.id, stage: 'Saving', fraction: 1 });
      const sha = await sha256Hex(bytes);
      const record = await library(m.library).save(
        bytes,
        {
          name: m.name,
          source: m.source,
          sourceType: m.sourceType,
          rows: entry.table.rows.length,
          columns: entry.table.columns,
          delimiter: entry.table.delimiter,
          profiles: entry.profiles,
        },
        sha,
      );
      remember(sha, entry);
      post({ type: 'loaded', id: m.id, record, preview: entry.table.rows.slice(0, PREVIEW_ROWS) });
      return;
    }
    case 'open': {
      const record = await library(m.library).get(m.sha256);
      if (!record) throw new DataError('That dataset is no longer saved; drop the file again.');
      const entry = await tableOf(m.library, m.sha256, m.id);
      post({ type: 'loaded', id: m.id, record, preview: entry.table.rows.slice(0, PREVIEW_ROWS) });
      return;
    }
    case 'prepare': {
      const { table } = await tableOf(m.library, m.sha256, m.id);
      const data = prepareData(table, m.choice);
      const s = data.splits;
      post({ type: 'prepared', id: m.id, data }, [
        ...[s.train, s.validation, s.test].flatMap((p) => [p.x.buffer, p.y.buffer, p.rows.buffer]),
      ] as ArrayBuffer[]);
      return;
    }
  }
}

scope.onmessage = (event) => {
  const m = event.data;
  handle(m).catch((e: unknown) => {
    const error = e as Error & { row?: number; column?: string };
    post({
      type: 'failed',
      id: m.id,
      message: error.message || String(e),
      row: error.row,
      column: error.column,
    });
  });
};
