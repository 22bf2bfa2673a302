/**
 * What the Data page will read, refused up front with what is wrong and what to do, so a hostile
 * or mistaken file (a 2 GB export, a million columns, one 100 MB line) ends in a message instead
 * of an out-of-memory worker or an IndexedDB error nobody can act on.
 */
import { DataError } from './errors';

export const FILE_LIMITS = {
  /**
   * The data worker holds a file's bytes, its decoded text and its cells at once, and V8 strings
   * stop at about 512 M characters: 256 MB leaves room for all three on an ordinary laptop.
   */
  bytes: 256 * 1024 * 1024,
  /** A dataset's record (its schema) is one IndexedDB value; 10,000 columns keep it small. */
  columns: 10_000,
  /** Longer than any real column name; a longer "name" is a file that is not a CSV with a header. */
  columnName: 1_000,
  /** Characters of one cell sent to the page for the preview table. */
  previewCell: 1_000,
} as const;

const count = (n: number) => n.toLocaleString('en-US');

/** "2.0 GB", "300 MB": sizes as the file manager shows them. */
function size(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** Refuses a file over the size limit before any of it is read. */
export function checkFileSize(bytes: number): void {
  if (bytes <= FILE_LIMITS.bytes) return;
  throw new DataError(
    `It is ${size(bytes)}; Tracklab reads files up to ${size(FILE_LIMITS.bytes)} in the browser. Drop a sample of its rows instead (for example the first 100,000 lines).`,
  );
}

/** Refuses a first record (header or first row) too wide, or with a name too long, to be a table. */
export function checkFirstRecord(record: string[], row: number, header: boolean): void {
  if (record.length > FILE_LIMITS.columns) {
    throw new DataError(
      `It has ${count(record.length)} columns; Tracklab reads up to ${count(FILE_LIMITS.columns)}. Keep the columns you need (in a spreadsheet, or with cut -d, -f1-100 on the command line) and drop that file.`,
      { row },
    );
  }
  if (!header) return;
  const long = record.findIndex((name) => name.length > FILE_LIMITS.columnName);
  if (long >= 0) {
    const what = row === 1 ? 'Its first line' : `Line ${row}`;
    throw new DataError(
      `${what} is ${count(record[long].length)} characters long in column ${long + 1}, which cannot be a column name (at most ${count(FILE_LIMITS.columnName)} characters). Check that the file is a CSV with a header row.`,
      { row },
    );
  }
}

/** Preview rows as the page gets them: a huge cell is cut, so the table stays quick to draw. */
export function previewRows(rows: string[][]): string[][] {
  const max = FILE_LIMITS.previewCell;
  return rows.map((r) => r.map((c) => (c.length > max ? `${c.slice(0, max)}…` : c)));
}
