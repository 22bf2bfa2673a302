/**
 * How a file is read: which lines to skip, whether the first line read names the columns, which
 * decimal separator numbers use, and (once detected) the delimiter and quote character. A dataset
 * record keeps the options it was read with, so opening, preparing and re-opening it after a
 * reload read exactly the same table; a person changes them from the preview or an error's fixes.
 */

export type DecimalMark = 'auto' | 'point' | 'comma';

export interface ReadOptions {
  /** Records (lines) at the top of the file that are not read: a title, scikit-learn's counts. */
  skip: number;
  /** Whether the first record read names the columns; without, they are column_1, column_2, … */
  header: boolean;
  /**
   * 'auto': in a file not separated by commas, a column whose numbers all use a decimal comma
   * (1,70) is read as numbers. 'comma': such columns in any file. 'point': never.
   */
  decimal: DecimalMark;
  /** ',', '\t' or ';'; detected when absent. */
  delimiter?: string;
  /** '"' or "'"; detected when absent (from a header whose every name is quoted with it). */
  quoteChar?: string;
}

/** The options a table was read with, everything detected filled in. */
export type ResolvedRead = Required<ReadOptions>;

/** What a new file is read with. */
export const DEFAULT_READ: ReadOptions = { skip: 0, header: true, decimal: 'auto' };

/**
 * A dataset saved before read options existed was read this way (no decimal commas, double quotes
 * only); it re-opens the same until a person chooses otherwise.
 */
export function legacyRead(delimiter: string): ResolvedRead {
  return { skip: 0, header: true, decimal: 'point', delimiter, quoteChar: '"' };
}

/** A change a person can make with one click, offered beside an error or a note. */
export interface ReadFix {
  label: string;
  read: Partial<ReadOptions>;
}

/** Something the reader decided or noticed that a person should know, with fixes if any. */
export interface ReadNote {
  message: string;
  fixes?: ReadFix[];
}

export function sameRead(a: ReadOptions | undefined, b: ReadOptions | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.skip === b.skip &&
    a.header === b.header &&
    a.decimal === b.decimal &&
    a.delimiter === b.delimiter &&
    a.quoteChar === b.quoteChar
  );
}

/** The generated name of column i (0-based) of a file without a header row. */
export const generatedName = (i: number) => `column_${i + 1}`;
