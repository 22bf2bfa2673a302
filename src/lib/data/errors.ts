/**
 * A problem with a data file, said so a person can fix it: what is wrong, where (row and column
 * when known), what to do, and — when a different way of reading the file fixes it — those read
 * options as one-click fixes. Nothing of a file that fails is saved.
 */
import type { ReadFix } from './read-options';

export class DataError extends Error {
  readonly row?: number;
  readonly column?: string;
  readonly fixes?: ReadFix[];
  constructor(message: string, where: { row?: number; column?: string } = {}, fixes?: ReadFix[]) {
    super(message);
    this.name = 'DataError';
    this.row = where.row;
    this.column = where.column;
    if (fixes?.length) this.fixes = fixes;
  }
}

/** A DataError as the page shows it: plain data, with the file it is about. */
export interface LoadError {
  /** The file as the person knows it: the dropped file's name, or the dataset's. */
  file?: string;
  message: string;
  row?: number;
  column?: string;
  fixes?: ReadFix[];
}
