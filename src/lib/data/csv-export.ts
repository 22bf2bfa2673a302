/**
 * CSV that is safe to open in a spreadsheet. A cell that begins with =, +, -, @, a tab or a
 * carriage return is a formula to Excel, LibreOffice and Google Sheets (`=cmd|' /C calc'!A0`), so
 * every CSV Tracklab writes for a person — predictions, run tables, search results — neutralises
 * such cells as OWASP's "CSV Injection" page describes: the cell gets a leading `'` and is quoted.
 * Numbers (`-1.5`, `+3e-2`, `-Infinity`) stay numbers. Tracklab's own readers undo the prefix
 * (restoreCell), so a predictions file it wrote still evaluates to the same labels.
 */
import { csvField } from './csv';

/** What a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?((\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|inf|infinity)$/i;

/** The cell as written to a CSV meant for people: formula-like text prefixed with `'`. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

/** One neutralised CSV field: prefixed cells are always quoted, as OWASP recommends. */
export function safeCsvField(value: string): string {
  const cell = neutralise(value);
  return cell === value ? csvField(value) : `"${cell.replace(/"/g, '""')}"`;
}

/** Rows of fields as spreadsheet-safe CSV text, one line each, ending with a newline. */
export function toSafeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(safeCsvField).join(',')).join('\n') + '\n';
}

/** Undoes neutralise: `'=x` reads back as `=x`; any other cell is returned as it is. */
export function restoreCell(cell: string): string {
  if (cell[0] !== "'") return cell;
  const value = cell.slice(1);
  return neutralise(value) === cell ? value : cell;
}
