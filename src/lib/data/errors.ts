/**
 * A problem with a data file, said so a person can fix it: what is wrong, where (row and column
 * when known), and what to do. Nothing of a file that fails is saved.
 */
export class DataError extends Error {
  readonly row?: number;
  readonly column?: string;
  constructor(message: string, where: { row?: number; column?: string } = {}) {
    super(message);
    this.name = 'DataError';
    this.row = where.row;
    this.column = where.column;
  }
}
