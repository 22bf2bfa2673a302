import { MlflowError } from '../errors';

/** An INVALID_PARAMETER_VALUE that knows where in the filter string it went wrong. */
export class SearchSyntaxError extends MlflowError {
  readonly start: number;
  readonly end: number;
  constructor(message: string, start: number, end: number) {
    super('INVALID_PARAMETER_VALUE', message);
    this.start = start;
    this.end = end;
  }
}
