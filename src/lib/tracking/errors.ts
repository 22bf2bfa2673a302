/**
 * MLflow's error model: every failure carries an `error_code` from databricks.proto and a message
 * that says what to fix. The REST store maps HTTP bodies onto the same class, so callers handle
 * local and remote failures alike.
 */

export type ErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'BAD_REQUEST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'INVALID_STATE'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'RESOURCE_EXHAUSTED'
  | 'TEMPORARILY_UNAVAILABLE'
  | 'INTERNAL_ERROR'
  | 'ENDPOINT_NOT_FOUND'
  | 'NOT_IMPLEMENTED';

const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  RESOURCE_EXHAUSTED: 429,
  INVALID_STATE: 500,
  INTERNAL_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
};

export class MlflowError extends Error {
  readonly error_code: ErrorCode;
  constructor(error_code: ErrorCode, message: string) {
    super(message);
    this.name = 'MlflowError';
    this.error_code = error_code;
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.error_code] ?? 500;
  }
  toJSON(): { error_code: ErrorCode; message: string } {
    return { error_code: this.error_code, message: this.message };
  }
}

export function isMlflowError(e: unknown, code?: ErrorCode): e is MlflowError {
  return e instanceof MlflowError && (code === undefined || e.error_code === code);
}

export const invalid = (message: string) => new MlflowError('INVALID_PARAMETER_VALUE', message);
export const notFound = (message: string) => new MlflowError('RESOURCE_DOES_NOT_EXIST', message);
export const alreadyExists = (message: string) =>
  new MlflowError('RESOURCE_ALREADY_EXISTS', message);
