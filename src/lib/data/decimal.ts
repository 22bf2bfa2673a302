/**
 * Decimal commas (1,70 for 1.70), as files from much of Europe write numbers: a column whose
 * present cells are all numbers written that way is rewritten with decimal points when the file
 * is read, so profiling, preparing, prediction and evaluation all see numbers. Grouping points
 * (1.234,5) are allowed in such a column and dropped. Pure.
 */
import { isInfinite, isMissing } from './columns';
import type { DecimalMark } from './read-options';

/** A number with an optional decimal comma, its integer part plain or grouped by points. */
const DECIMAL_COMMA = /^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;

const fits = (cell: string) =>
  isMissing(cell) || isInfinite(cell) || DECIMAL_COMMA.test(cell.trim());

/**
 * The columns (by index) to read with decimal commas: those with at least one comma in a cell and
 * every present cell a decimal-comma number (or infinite). 'auto' looks only in files that are
 * not comma-separated, where a comma inside a number needs no quotes.
 */
export function decimalCommaColumns(
  rows: string[][],
  width: number,
  mode: DecimalMark,
  delimiter: string,
): number[] {
  if (mode === 'point' || (mode === 'auto' && delimiter === ',')) return [];
  const found: number[] = [];
  for (let c = 0; c < width; c++) {
    if (!rows.some((r) => r[c].includes(','))) continue;
    if (rows.every((r) => fits(r[c]))) found.push(c);
  }
  return found;
}

/** "1.234,5" → "1234.5"; missing and infinite cells stay as they are. */
export function toPointDecimal(cell: string): string {
  const t = cell.trim();
  if (!DECIMAL_COMMA.test(t)) return cell;
  return t.replace(/\./g, '').replace(',', '.');
}

/** Rewrites the given columns' cells with decimal points, in place. */
export function applyDecimalCommas(rows: string[][], columns: number[]): void {
  for (const row of rows) for (const c of columns) row[c] = toPointDecimal(row[c]);
}
