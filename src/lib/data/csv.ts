/**
 * Reads a delimited text file (CSV, TSV or semicolon-separated, detected) into a header and rows
 * of strings, refusing what a person must fix first, with the row or column at fault: bytes that
 * are not UTF-8, an empty file, a header without rows, empty or duplicate column names, and rows
 * with the wrong number of fields. Quoted fields may hold the delimiter, quotes and newlines.
 * Pure: the worker streams big files through the same checks (parseRows is incremental-safe).
 */
import Papa from 'papaparse';
import { DataError } from './errors';

export interface Table {
  /** The detected delimiter: ',', '\t' or ';'. */
  delimiter: string;
  columns: string[];
  /** Row-major cells, each row exactly columns.length long. */
  rows: string[][];
}

const DELIMITERS = [',', '\t', ';'];
const NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon' };

/** Decodes bytes as UTF-8, refusing invalid sequences instead of inventing characters. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    throw new DataError(
      `The file is not UTF-8 text (first bad byte on line ${line}). Save it as "CSV UTF-8" from your spreadsheet, or convert it with: iconv -f latin1 -t utf-8 file.csv > file-utf8.csv`,
      { row: line },
    );
  }
}

/** The 1-based line holding the first byte that is not valid UTF-8 (RFC 3629). */
function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    const need =
      b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (!need || i + need >= bytes.length) return i;
    const second = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Picks the delimiter that splits the header into the most fields; among equals, the one that
 * splits the first rows consistently; then comma, tab, semicolon. Ragged rows are reported later,
 * by row, rather than taken as a sign of another delimiter.
 */
function detectDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  let best = { delimiter: ',', fields: 1, consistent: false };
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(sample, {
      delimiter,
      preview: 20,
      skipEmptyLines: 'greedy',
    }).data;
    // The last sampled row may be cut off by the sample's end.
    const full = sample.length < text.length ? rows.slice(0, -1) : rows;
    const fields = full[0]?.length ?? 0;
    const consistent = full.every((r) => r.length === fields);
    if (fields > best.fields || (fields === best.fields && consistent && !best.consistent)) {
      best = { delimiter, fields, consistent };
    }
  }
  return best.delimiter;
}

/** Checks and cleans the header row: trimmed names, none empty, none repeated. */
export function checkColumns(header: string[]): string[] {
  const columns = header.map((c) => c.trim());
  const empty = columns.findIndex((c) => c === '');
  if (empty >= 0) {
    throw new DataError(
      `Column ${empty + 1} has no name. Give every column a name in the first row of the file.`,
      { row: 1 },
    );
  }
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    const first = seen.get(c);
    if (first !== undefined) {
      throw new DataError(
        `Column name "${c}" appears twice (columns ${first + 1} and ${i + 1}). Rename one of them so every column name is unique.`,
        { row: 1, column: c },
      );
    }
    seen.set(c, i);
  });
  return columns;
}

/** Progress callback: the fraction of the text parsed so far, from 0 to 1. */
export type Progress = (fraction: number) => void;

/**
 * Parses in chunks of about 1 MB so a big file reports progress (call it in a worker: the work is
 * synchronous). Errors are the same as for a small file, with the same row numbers.
 */
export function parseTable(text: string, onProgress?: Progress): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim())
    throw new DataError(
      'The file is empty. Choose a CSV file with a header row and at least one data row.',
    );
  const delimiter = detectDelimiter(body);
  let columns: string[] | null = null;
  const rows: string[][] = [];
  let failure: DataError | null = null;
  // PapaParse streams strings in chunks too; its type definitions only admit that for files.
  const streaming: Papa.ParseConfig<string[]> & {
    chunkSize: number;
    chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser): void;
  } = {
    delimiter,
    skipEmptyLines: 'greedy',
    chunkSize: 1024 * 1024,
    chunk(results, parser) {
      try {
        const quoteError = results.errors.find((e) => e.type === 'Quotes');
        if (quoteError) {
          const row = rows.length + (columns ? 1 : 0) + (quoteError.row ?? 0) + 1;
          throw new DataError(
            `Row ${row} has a quote that is never closed. Check the quotes in that row: a quote inside a quoted field is written as two quotes ("").`,
            { row },
          );
        }
        let data = results.data;
        if (!columns) {
          columns = checkColumns(data[0]);
          data = data.slice(1);
        }
        for (const row of data) {
          if (row.length !== columns.length) {
            const at = rows.length + 2;
            throw new DataError(
              `Row ${at} has ${row.length} ${row.length === 1 ? 'field' : 'fields'} but the header has ${columns.length} (${NAMES[delimiter]}-separated). Fix that row, or quote fields that contain a ${NAMES[delimiter]}.`,
              { row: at },
            );
          }
          rows.push(row);
        }
        onProgress?.(Math.min(1, results.meta.cursor / body.length));
      } catch (e) {
        failure = e as DataError;
        parser.abort();
      }
    },
  };
  Papa.parse<string[]>(body, streaming);
  if (failure) throw failure;
  if (!columns) throw new DataError('The file has no header row.');
  const names: string[] = columns;
  if (!rows.length) {
    throw new DataError(
      `The file has a header (${names.length} columns) but no data rows. Add rows below the header.`,
      { row: 2 },
    );
  }
  return { delimiter, columns: names, rows };
}

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows of fields as CSV text, one line each, ending with a newline. */
export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}
