/**
 * Reads a delimited text file (CSV, TSV or semicolon-separated, detected) into a header and rows
 * of strings, refusing what a person must fix first, with the row or column at fault: an empty
 * file, a header without rows, empty or duplicate column names, and rows with the wrong number of
 * fields (a first line that alone disagrees is named as such, with fixes). Quoted fields may hold
 * the delimiter, quotes and newlines. How it reads — lines to skip, header or not, decimal commas,
 * delimiter and quote character — is a ReadOptions (read-options.ts); the table says what it was
 * read with, so the same file reads the same again. Pure: the worker streams big files through
 * the same checks.
 */
import Papa from 'papaparse';
import { applyDecimalCommas, decimalCommaColumns } from './decimal';
import { DELIMITER_NAMES, SAMPLE_CHARS, detectDelimiter, detectQuote } from './dialect';
import { DataError } from './errors';
import { firstLineMismatch, headerNotes } from './header';
import { checkFirstRecord } from './limits';
import {
  DEFAULT_READ,
  generatedName,
  type ReadNote,
  type ReadOptions,
  type ResolvedRead,
} from './read-options';
import { decodeText } from './text';

export interface Table {
  /** The detected delimiter: ',', '\t' or ';'. */
  delimiter: string;
  columns: string[];
  /** Row-major cells, each row exactly columns.length long. */
  rows: string[][];
}

/** A table as read from a file: how it was read, and what the reader decided that a person should know. */
export interface ReadTable extends Table {
  read: ResolvedRead;
  notes: ReadNote[];
}

/**
 * Decodes a file's bytes to text (UTF-8, or UTF-16 with its byte-order mark or NUL pattern),
 * refusing binary files and other encodings with what the file is and what to do (text.ts).
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return decodeText(bytes).text;
}

/** Checks and cleans the header row (record `row` of the file): trimmed names, none empty, none repeated. */
export function checkColumns(header: string[], row = 1): string[] {
  const columns = header.map((c) => c.trim());
  const empty = columns.findIndex((c) => c === '');
  if (empty >= 0) {
    throw new DataError(
      `Column ${empty + 1} has no name. Give every column a name in the ${row === 1 ? 'first row of the file' : `header row (row ${row})`}.`,
      { row },
    );
  }
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    const first = seen.get(c);
    if (first !== undefined) {
      throw new DataError(
        `Column name "${c}" appears twice (columns ${first + 1} and ${i + 1}). Rename one of them so every column name is unique.`,
        { row, column: c },
      );
    }
    seen.set(c, i);
  });
  return columns;
}

/** Progress callback: the fraction of the text parsed so far, from 0 to 1. */
export type Progress = (fraction: number) => void;

/** The dialect to read with: as given, else detected on the first 64 KB after the skipped lines. */
function resolve(body: string, options: Partial<ReadOptions>): ResolvedRead {
  const read = { ...DEFAULT_READ, ...options };
  const sample = body.slice(0, SAMPLE_CHARS);
  const quoteChar = read.quoteChar ?? detectQuote(sample, read.skip);
  const delimiter =
    read.delimiter ?? detectDelimiter(sample, quoteChar, read.skip, sample.length < body.length);
  return { ...read, delimiter, quoteChar };
}

/**
 * Parses in chunks of about 1 MB so a big file reports progress (call it in a worker: the work is
 * synchronous). Errors are the same as for a small file, with the same row numbers (records of
 * the file, counted from 1, skipped lines included).
 */
export function parseTable(
  text: string,
  options: Partial<ReadOptions> = {},
  onProgress?: Progress,
): ReadTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim())
    throw new DataError(
      'The file is empty. Choose a CSV file with a header row and at least one data row.',
    );
  const read = resolve(body, options);
  const { delimiter } = read;
  let columns: string[] | null = null;
  const rows: string[][] = [];
  const skipped: string[][] = [];
  let records = 0;
  let failure: DataError | null = null;
  const mismatch = (data: string[][], k: number): DataError => {
    const record = data[k];
    const width = columns!.length;
    // Line one alone at odds with every row after it (in this chunk) is not a header.
    const first = records - 1 === read.skip + 1 && k > 0 ? data[k - 1] : null;
    const rest = data.slice(k);
    if (first && rest.length >= 2 && rest.every((r) => r.length === record.length))
      return firstLineMismatch(read, read.skip + 1, first, record.length, rest.length);
    const against = read.header ? 'the header has' : `row ${read.skip + 1} has`;
    return new DataError(
      `Row ${records} has ${record.length} ${record.length === 1 ? 'field' : 'fields'} but ${against} ${width} (${DELIMITER_NAMES[delimiter]}-separated). Fix that row, or quote fields that contain a ${DELIMITER_NAMES[delimiter]}.`,
      { row: records },
    );
  };
  // PapaParse streams strings in chunks too; its type definitions only admit that for files.
  const streaming: Papa.ParseConfig<string[]> & {
    chunkSize: number;
    chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser): void;
  } = {
    delimiter,
    quoteChar: read.quoteChar,
    skipEmptyLines: 'greedy',
    chunkSize: 1024 * 1024,
    chunk(results, parser) {
      try {
        const quoteError = results.errors.find((e) => e.type === 'Quotes');
        if (quoteError) {
          const row = records + (quoteError.row ?? 0) + 1;
          throw new DataError(
            `Row ${row} has a quote that is never closed. Check the quotes in that row: a quote inside a quoted field is written as two quotes (${read.quoteChar.repeat(2)}).`,
            { row },
          );
        }
        const data = results.data;
        for (let k = 0; k < data.length; k++) {
          const record = data[k];
          records += 1;
          if (skipped.length < read.skip) {
            skipped.push(record);
            continue;
          }
          if (!columns) {
            checkFirstRecord(record, records, read.header);
            columns = read.header
              ? checkColumns(record, records)
              : record.map((_, i) => generatedName(i));
            if (read.header) continue;
          }
          if (record.length !== columns.length) throw mismatch(data, k);
          rows.push(record);
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
  if (!columns)
    throw new DataError(
      read.skip
        ? `The file has ${records} ${records === 1 ? 'line' : 'lines'}, and the first ${read.skip} are skipped: nothing is left to read. Skip fewer lines.`
        : 'The file has no header row.',
    );
  const names: string[] = columns;
  if (!rows.length) {
    throw new DataError(
      `The file has a header (${names.length} columns) but no data rows. Add rows below the header.`,
      { row: records + 1 },
    );
  }
  const notes = headerNotes(read, names, rows.length, skipped);
  if (read.quoteChar !== '"')
    notes.push({
      message: `Every column name is in single quotes (${read.quoteChar}${names[0]}${read.quoteChar}): the names and cells are read without them.`,
    });
  const decimal = decimalCommaColumns(rows, names.length, read.decimal, delimiter);
  if (decimal.length) {
    applyDecimalCommas(rows, decimal);
    notes.push({
      message: `Read decimal commas as numbers in ${decimal.length === 1 ? 'column' : 'columns'} ${decimal.map((c) => `"${names[c]}"`).join(', ')} (1,5 as 1.5).`,
      fixes:
        read.decimal === 'point'
          ? []
          : [{ label: 'Read them as text', read: { decimal: 'point' } }],
    });
  }
  return { delimiter, columns: names, rows, read, notes };
}

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows of fields as CSV text, one line each, ending with a newline. */
export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}
