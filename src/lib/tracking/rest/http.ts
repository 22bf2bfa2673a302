/**
 * The wire layer of the REST store: request encoding, authentication and the mapping of every
 * failure (JSON error body, proxy/security-middleware text, network error) onto MlflowError, so
 * callers handle a remote failure exactly like a local one. See shared/reference/mlflow.md §1.
 */
import { MlflowError, type ErrorCode } from '../errors';

export type Credentials = { username: string; password: string } | { token: string };
export type CredentialsProvider = () =>
  Promise<Credentials | null | undefined> | Credentials | null | undefined;

export type QueryValue =
  string | number | boolean | undefined | null | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

export interface HttpOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  credentials?: CredentialsProvider;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'INVALID_PARAMETER_VALUE',
  'BAD_REQUEST',
  'RESOURCE_ALREADY_EXISTS',
  'RESOURCE_DOES_NOT_EXIST',
  'INVALID_STATE',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  'RESOURCE_EXHAUSTED',
  'TEMPORARILY_UNAVAILABLE',
  'INTERNAL_ERROR',
  'ENDPOINT_NOT_FOUND',
  'NOT_IMPLEMENTED',
]);

/**
 * JSON.stringify turns NaN and ±Infinity into null, which the server reads as "no value";
 * protobuf JSON spells them as strings instead, in both directions.
 */
export function encodeJson(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value)
      ? Number.isNaN(value)
        ? 'NaN'
        : value > 0
          ? 'Infinity'
          : '-Infinity'
      : value,
  );
}

/** Reads a protobuf-JSON double: a number, or one of the strings "NaN", "Infinity", "-Infinity". */
export function decodeDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return NaN;
}

/** UTF-8 safe base64 (btoa alone only takes Latin-1). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function pageOrigin(): string | undefined {
  const loc = (globalThis as { location?: { origin?: string } }).location;
  return loc?.origin && loc.origin !== 'null' ? loc.origin : undefined;
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly credentials?: CredentialsProvider;

  constructor(options: HttpOptions) {
    // A trailing slash would make `${baseUrl}/api/...` a double slash, which Flask routes 404.
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Bound so a method reference to window.fetch does not throw "Illegal invocation".
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.credentials = options.credentials;
  }

  /** GET /api/2.0<path> with a query string; arrays become repeated keys. */
  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.json<T>('GET', `${this.api(path)}${queryString(query)}`);
  }

  post<T>(path: string, body: object): Promise<T> {
    return this.json<T>('POST', this.api(path), body);
  }

  /** MLflow parses a DELETE from its JSON body, never from query args. */
  delete<T>(path: string, body: object): Promise<T> {
    return this.json<T>('DELETE', this.api(path), body);
  }

  api(path: string): string {
    return `${this.baseUrl}/api/2.0${path}`;
  }

  async json<T>(method: string, url: string, body?: object): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await this.send(
      method,
      url,
      headers,
      body === undefined ? undefined : encodeJson(body),
    );
    const text = await this.read(res, method, url);
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new MlflowError(
        'INTERNAL_ERROR',
        `the MLflow server at ${this.baseUrl} answered ${method} ${url} with something that is not JSON: ${snippet(text)}`,
      );
    }
  }

  /** Sends a request and throws MlflowError unless the answer is 2xx. */
  async send(
    method: string,
    url: string,
    headers: Record<string, string> = {},
    body?: BodyInit,
  ): Promise<Response> {
    const auth = await this.authorization();
    if (auth) headers = { ...headers, Authorization: auth };
    let res: Response;
    try {
      // 'omit': authentication is explicit (the Authorization header); cookies of the page's own
      // origin must not leak to the tracking server, and CORS rules are simpler without them.
      res = await this.fetchImpl(url, { method, headers, body, credentials: 'omit' });
    } catch (e) {
      const origin = pageOrigin();
      const hint = origin
        ? ` (check that it is running and was started with --cors-allowed-origins ${origin})`
        : ' (check that it is running and the URL is right)';
      throw new MlflowError(
        'TEMPORARILY_UNAVAILABLE',
        `could not reach the MLflow server at ${this.baseUrl}: ${e instanceof Error ? e.message : String(e)}${hint}`,
      );
    }
    if (!res.ok) throw await this.errorFrom(res, method, url);
    return res;
  }

  private async authorization(): Promise<string | undefined> {
    const creds = await this.credentials?.();
    if (!creds) return undefined;
    if ('token' in creds) return `Bearer ${creds.token}`;
    return `Basic ${base64(`${creds.username}:${creds.password}`)}`;
  }

  /**
   * The answer's text. A body cut short (the connection dropped mid-answer) is a failure that may
   * pass, not an empty answer: read as empty, a cut 404 would look like "no such endpoint".
   */
  private async read(res: Response, method: string, url: string): Promise<string> {
    return new TextDecoder().decode(await this.bytes(res, method, url));
  }

  /** The answer's bytes (an artifact download); a body cut short fails as read() does. */
  async bytes(res: Response, method: string, url: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new MlflowError(
        'TEMPORARILY_UNAVAILABLE',
        `the answer of the MLflow server at ${this.baseUrl} to ${method} ${url} was cut short (${e instanceof Error ? e.message : String(e)}); try again`,
      );
    }
  }

  private async errorFrom(res: Response, method: string, url: string): Promise<MlflowError> {
    let text: string;
    try {
      text = await this.read(res, method, url);
    } catch (e) {
      return e as MlflowError;
    }
    const parsed = parseErrorBody(text);
    if (parsed) {
      // Codes outside our union (e.g. ABORTED, FEATURE_DISABLED) fall back to the HTTP status,
      // keeping the server's code in the message so nothing is lost.
      if (KNOWN_CODES.has(parsed.error_code)) {
        return new MlflowError(parsed.error_code as ErrorCode, parsed.message);
      }
      return new MlflowError(codeForStatus(res.status), `${parsed.error_code}: ${parsed.message}`);
    }
    return this.errorFromText(res.status, text, method, url);
  }

  private errorFromText(status: number, text: string, method: string, url: string): MlflowError {
    const server = `the MLflow server at ${this.baseUrl}`;
    const detail = text.trim() ? `: ${snippet(text)}` : '';
    if (status === 401) {
      const advice = this.credentials
        ? 'check the username and password (or token) in the connection settings'
        : 'add a username and password (or token) to the connection settings';
      return new MlflowError(
        'UNAUTHENTICATED',
        `${server} requires authentication; ${advice}${detail}`,
      );
    }
    if (status === 403) {
      if (text.includes('Cross-origin request blocked')) {
        const origin = pageOrigin() ?? '<this page origin>';
        return new MlflowError(
          'PERMISSION_DENIED',
          `${server} blocked a cross-origin request from ${origin}; start it with --cors-allowed-origins ${origin}`,
        );
      }
      if (text.includes('Invalid Host header')) {
        const host = new URL(this.baseUrl).host;
        return new MlflowError(
          'PERMISSION_DENIED',
          `${server} rejected the Host header ${host}; start it with --allowed-hosts ${host}`,
        );
      }
      return new MlflowError('PERMISSION_DENIED', `${server} denied ${method} ${url}${detail}`);
    }
    if (status === 404) {
      return new MlflowError(
        'ENDPOINT_NOT_FOUND',
        `${server} has no endpoint ${method} ${url}; check that the URL points at an MLflow tracking server (without /api/2.0) and that its version supports this call`,
      );
    }
    const code = codeForStatus(status);
    const what =
      code === 'TEMPORARILY_UNAVAILABLE'
        ? 'is unavailable; try again later'
        : `failed ${method} ${url}`;
    return new MlflowError(code, `${server} ${what} (HTTP ${status})${detail}`);
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'BAD_REQUEST';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 404) return 'RESOURCE_DOES_NOT_EXIST';
  if (status === 429) return 'RESOURCE_EXHAUSTED';
  if (status === 501) return 'NOT_IMPLEMENTED';
  if (status === 502 || status === 503 || status === 504) return 'TEMPORARILY_UNAVAILABLE';
  return 'INTERNAL_ERROR';
}

function parseErrorBody(text: string): { error_code: string; message: string } | null {
  try {
    const body: unknown = JSON.parse(text);
    if (
      body &&
      typeof body === 'object' &&
      typeof (body as { error_code?: unknown }).error_code === 'string'
    ) {
      const { error_code, message } = body as { error_code: string; message?: unknown };
      return { error_code, message: typeof message === 'string' ? message : '' };
    }
  } catch {
    // Not JSON: a proxy, the security middleware or Flask's HTML 404 page answered.
  }
  return null;
}

function snippet(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
