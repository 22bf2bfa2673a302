/**
 * "Test connection" for an MLflow server (issue 14): which MLflow it is, and whether this page
 * may write to it. Reads are open to any origin on MLflow ≥ 3.5, writes only to allowed origins,
 * and the Host header must be an allowed host (shared/reference/mlflow.md §8), so the test reads
 * the version and then makes one harmless POST (an experiments search of one). A refusal comes
 * back with the exact `mlflow server` line that lets this page in.
 */
import { HttpClient, type CredentialsProvider } from '$lib/tracking/rest/http';

export type { Credentials } from '$lib/tracking/rest/http';
import { isMlflowError } from '$lib/tracking/errors';

export interface ConnectionCheck {
  ok: boolean;
  /** The server's MLflow version, when it said. */
  version?: string;
  /** What worked or what is wrong, and what to do. */
  message: string;
  /** The command line to start the server with, when the browser is not let in. */
  command?: string;
}

export interface ConnectionOptions {
  baseUrl: string;
  credentials?: CredentialsProvider;
  fetch?: typeof fetch;
  /** This page's origin (location.origin in the page). */
  origin?: string;
}

/** A server address as typed, without a trailing slash or a user:password@ part. */
export function serverRoot(typed: string): string {
  const raw = typed.trim();
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return raw.replace(/\/+$/, '');
  }
}

/** The `mlflow server` flags that let a page at `origin` write to a server at `baseUrl`. */
export function serverCommand(baseUrl: string, origin: string | undefined): string {
  const url = new URL(baseUrl);
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  // On this machine only, or reachable from others.
  const flags = [`--host ${loopback ? '127.0.0.1' : '0.0.0.0'}`];
  if (url.port) flags.push(`--port ${url.port}`);
  if (origin) flags.push(`--cors-allowed-origins ${origin}`);
  // The Host header a browser sends carries the port when it is not the scheme's default.
  flags.push(`--allowed-hosts ${[...new Set([url.hostname, url.host])].join(',')}`);
  return `mlflow server ${flags.join(' ')}`;
}

export async function checkConnection(options: ConnectionOptions): Promise<ConnectionCheck> {
  let base: string;
  try {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    base = url.href.replace(/\/+$/, '');
  } catch {
    return {
      ok: false,
      message: `"${options.baseUrl}" is not a server address; enter one like http://127.0.0.1:5000.`,
    };
  }
  const http = new HttpClient({
    baseUrl: base,
    credentials: options.credentials,
    fetch: options.fetch,
  });
  const command = serverCommand(base, options.origin);
  let version: string | undefined;
  try {
    const res = await http.send('GET', `${base}/version`);
    const text = new TextDecoder().decode(await http.bytes(res, 'GET', `${base}/version`)).trim();
    // An MLflow server answers with its version alone ("3.17.2"); anything else is not one.
    if (/^\d+\.\d+[\w.+-]*$/.test(text)) version = text;
  } catch (e) {
    if (isMlflowError(e, 'TEMPORARILY_UNAVAILABLE'))
      return {
        ok: false,
        message: `Could not reach ${base}: is the server running, and does the browser reach it? Start it so this page may use it:`,
        command,
      };
    // Some servers (behind a proxy, or auth) guard /version too: go on to the API check.
  }
  try {
    await http.post('/mlflow/experiments/search', { max_results: 1 });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (isMlflowError(e, 'PERMISSION_DENIED') && /cross-origin|Host header/i.test(message))
      return { ok: false, version, message: `${message}. Start the server with:`, command };
    if (isMlflowError(e, 'UNAUTHENTICATED')) return { ok: false, version, message };
    if (isMlflowError(e, 'TEMPORARILY_UNAVAILABLE'))
      return {
        ok: false,
        version,
        message: `The browser was stopped from writing to ${base} (most often CORS). Start the server with:`,
        command,
      };
    return { ok: false, version, message };
  }
  return {
    ok: true,
    version,
    message: `Connected to ${version ? `MLflow ${version}` : 'an MLflow server'} at ${base}; this page may write to it.`,
  };
}
