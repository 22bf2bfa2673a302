/**
 * Files whose first line is not a header: scikit-learn's raw data files begin with
 * `n_samples,n_features,class names…`, other files have no header row at all. This says so when a
 * file shows it — line 1 alone disagrees with the width every other row shares, every column name
 * is a number, or line 1 counts the rows and features — and offers the read options that fix it.
 */
import { parseNumber } from './columns';
import { DELIMITER_NAMES } from './dialect';
import { DataError } from './errors';
import type { ReadFix, ReadNote, ResolvedRead } from './read-options';

const count = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
const isInteger = (cell: string | undefined) =>
  cell !== undefined && /^\d+$/.test(cell.trim()) && Number(cell) >= 0;

/**
 * scikit-learn's counts line (`150,4,setosa,versicolor,virginica`) for a table of `rows` rows and
 * `width` columns (the features and the target), as { samples, features, classes }, or null.
 */
export function sklearnCounts(line: string[], rows: number, width: number) {
  if (!isInteger(line[0]) || !isInteger(line[1])) return null;
  const samples = Number(line[0]);
  const features = Number(line[1]);
  if (samples !== rows || features !== width - 1) return null;
  return { samples, features, classes: line.slice(2).map((c) => c.trim()) };
}

/** The fixes for a first line (1-based `line`) that is not the header. */
function skipFixes(line: number, header: boolean): ReadFix[] {
  const fixes: ReadFix[] = [
    { label: `Skip line ${line}; no header row`, read: { skip: line, header: false } },
  ];
  if (header)
    fixes.push({
      label: `Skip line ${line}; line ${line + 1} is the header`,
      read: { skip: line, header: true },
    });
  return fixes;
}

/**
 * The error for a first record (1-based `line`, `first` its fields) that alone disagrees with the
 * width `width` of the `others` records after it.
 */
export function firstLineMismatch(
  read: ResolvedRead,
  line: number,
  first: string[],
  width: number,
  others: number,
): DataError {
  const sklearn =
    isInteger(first[0]) && isInteger(first[1])
      ? ` It reads like scikit-learn's first line: ${first[0].trim()} samples, ${first[1].trim()} features${first.length > 2 ? ', then the class names' : ''}.`
      : '';
  const what = read.header ? 'the header of this table' : 'a row of this table';
  return new DataError(
    `Line ${line} has ${count(first.length, 'field')}, but all ${others} lines after it have ${width} (${DELIMITER_NAMES[read.delimiter]}-separated): line ${line} is not ${what}.${sklearn} Skip it, and read the file without a header row (columns named column_1, column_2, …)${read.header ? ` or with line ${line + 1} as the header` : ''}.`,
    { row: line },
    skipFixes(line, read.header),
  );
}

/** Notes about the header the table was read with, or about the line skipped before it. */
export function headerNotes(
  read: ResolvedRead,
  columns: string[],
  rows: number,
  skipped: string[][],
): ReadNote[] {
  const notes: ReadNote[] = [];
  const line = read.skip + 1;
  if (read.skip > 0) {
    const counts = skipped.length === 1 ? sklearnCounts(skipped[0], rows, columns.length) : null;
    const classes = counts?.classes.length
      ? ` The class names it lists stand for the values of the last column: ${counts.classes.map((c, i) => `${i} = ${c}`).join(', ')}.`
      : '';
    notes.push({
      message: counts
        ? `Skipped line 1, scikit-learn's counts line (${counts.samples} samples, ${counts.features} features).${classes}`
        : `Skipped the first ${count(read.skip, 'line')}.`,
    });
  }
  if (!read.header) {
    notes.push({
      message: `No header row: the columns are named column_1 to column_${columns.length}.`,
      fixes: [{ label: `Line ${line} is the header`, read: { header: true } }],
    });
    return notes;
  }
  const counts = sklearnCounts(columns, rows, columns.length);
  if (counts) {
    notes.push({
      message: `Line ${line} reads like scikit-learn's counts line (${counts.samples} samples, ${counts.features} features, then the class names), not a header: the column names are "${columns.join('", "')}".`,
      fixes: skipFixes(line, true).slice(0, 1),
    });
  } else if (columns.every((c) => parseNumber(c) !== undefined)) {
    notes.push({
      message: `Every column name is a number ("${columns.slice(0, 4).join('", "')}"${columns.length > 4 ? ', …' : ''}): line ${line} may be data, not a header.`,
      fixes: [{ label: 'No header row', read: { header: false } }],
    });
  }
  return notes;
}
