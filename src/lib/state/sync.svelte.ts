/**
 * The MLflow server this browser syncs with, and the push to it (issue 14).
 *
 * ServerConnection: the URL and how to sign in (none, HTTP Basic, a bearer token). The URL, the
 * kind of sign-in and the user name are remembered in this browser; a password or token stays in
 * this tab's sessionStorage unless the person asks to remember it. Secrets are only ever put in
 * the Authorization header: never in a run, an artifact, an export, a log line or a message.
 *
 * SyncSession: pushes chosen experiments (or all) with copyExperiments, the ledger kept in the
 * browser's store, showing runs, points and bytes as they go. A push under way is noted in
 * localStorage until it ends, so a reload (or a crash) offers to resume it; pushing again sends
 * only what is new. A pull is the same copy the other way (a teacher's baselines into a class's
 * browsers), each pulled run tagged with the server it came from.
 */
import type { App } from '$lib/app/create-app';
import {
  checkConnection,
  serverRoot,
  type ConnectionCheck,
  type Credentials,
} from '$lib/sync/connection';
import { copyExperiments, type CopyProgress, type CopyReport } from '$lib/sync/copy';
import { browserFetch, browserStorage, JsonStorage, type KeyValueStore } from './browser';

export type AuthKind = 'none' | 'basic' | 'token';

const SERVER = 'tracklab.mlflowServer';
const SECRET = 'tracklab.mlflowSecret';
const PENDING = 'tracklab.pendingPush';
const INSTALL = 'tracklab.installId';

/**
 * This browser's own id (made once, kept in localStorage): recorded on model versions it pushes,
 * so versions of one model pushed from two browsers stay two.
 */
export function installId(storage: KeyValueStore | undefined): string {
  const kept = new JsonStorage(storage);
  let id = kept.read<string>(INSTALL);
  if (!id) kept.write(INSTALL, (id = `browser-${crypto.randomUUID()}`));
  return id;
}

interface SavedServer {
  url: string;
  auth: AuthKind;
  username: string;
  remember: boolean;
}

function sessionStore(): KeyValueStore | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

export class ServerConnection {
  url = $state('');
  auth = $state<AuthKind>('none');
  username = $state('');
  /** The password (Basic) or the token (bearer). */
  secret = $state('');
  remember = $state(false);
  check = $state<ConnectionCheck | undefined>();
  checking = $state(false);

  private readonly saved: JsonStorage;
  private readonly secrets: { local: JsonStorage; session: JsonStorage };

  constructor(
    local: KeyValueStore | undefined = browserStorage(),
    session: KeyValueStore | undefined = sessionStore(),
    private readonly fetchImpl: typeof fetch = browserFetch,
  ) {
    this.saved = new JsonStorage(local);
    this.secrets = { local: new JsonStorage(local), session: new JsonStorage(session) };
    const s = this.saved.read<SavedServer>(SERVER);
    if (s) {
      this.url = s.url;
      this.auth = s.auth;
      this.username = s.username;
      this.remember = s.remember;
    }
    this.secret =
      (this.remember ? this.secrets.local : this.secrets.session).read<string>(SECRET) ?? '';
  }

  get configured(): boolean {
    return this.url.trim() !== '';
  }

  /**
   * The server's root, without a trailing slash, and without a user:password@ part (browsers
   * refuse to fetch such a URL, and it would end up in messages and in pulled runs' tags: the
   * sign-in fields are the place for it).
   */
  get baseUrl(): string {
    return serverRoot(this.url);
  }

  /** Keeps the settings (the secret where the person chose). */
  save() {
    this.saved.write(SERVER, {
      url: this.url.trim(),
      auth: this.auth,
      username: this.username.trim(),
      remember: this.remember,
    });
    const keep = this.auth === 'none' ? '' : this.secret;
    this.secrets.local.remove(SECRET);
    this.secrets.session.remove(SECRET);
    if (keep) (this.remember ? this.secrets.local : this.secrets.session).write(SECRET, keep);
  }

  private credentials = (): Credentials | undefined => {
    if (this.auth === 'basic') return { username: this.username.trim(), password: this.secret };
    if (this.auth === 'token' && this.secret) return { token: this.secret };
    return undefined;
  };

  /** How the app reaches the server (App.remote builds the stores from it). */
  get options() {
    return { baseUrl: this.baseUrl, credentials: this.credentials, fetch: this.fetchImpl };
  }

  async test(): Promise<ConnectionCheck> {
    this.checking = true;
    try {
      this.check = await checkConnection({
        baseUrl: this.url.trim(),
        credentials: this.credentials,
        fetch: this.fetchImpl,
        origin: globalThis.location?.origin,
      });
      return this.check;
    } finally {
      this.checking = false;
    }
  }

  /** A run's page on the server. */
  runUrl(experimentId: string, runId: string): string {
    return `${this.baseUrl}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
  }
}

/** A push noted as under way (cleared when it ends). */
export interface PendingPush {
  target: string;
  experimentIds?: string[];
  started: number;
}

export class SyncSession {
  running = $state(false);
  progress = $state<CopyProgress | undefined>();
  report = $state.raw<CopyReport | undefined>();
  error = $state('');
  /** A push a reload interrupted, offered for resuming. */
  pending = $state<PendingPush | undefined>();
  /** What the copy under way (or the last one) does. */
  direction = $state<'push' | 'pull'>('push');
  /** The server's experiments, once listed for a pull. */
  remote = $state<{ id: string; name: string }[] | undefined>();

  private controller: AbortController | undefined;
  private readonly notes: JsonStorage;

  constructor(
    private readonly app: App,
    readonly server: ServerConnection,
    private readonly storage: KeyValueStore | undefined = browserStorage(),
  ) {
    this.notes = new JsonStorage(storage);
    this.pending = this.notes.read<PendingPush>(PENDING);
  }

  /** Pushes these experiments (all of them when none are given); the report when it ends. */
  async push(experimentIds?: string[]): Promise<CopyReport | undefined> {
    return this.copy('push', experimentIds);
  }

  /**
   * Pushes these runs (with their ancestors), for auto-sync: not noted for resuming after a
   * reload, since the outbox itself says what is left.
   */
  async pushRuns(runIds: string[]): Promise<CopyReport | undefined> {
    return this.copy('push', undefined, runIds);
  }

  /** Pulls these experiments of the server (with their runs, histories, artifacts and models). */
  async pull(experimentIds: string[]): Promise<CopyReport | undefined> {
    return this.copy('pull', experimentIds);
  }

  /** The server's active experiments, for choosing what to pull. */
  async listRemote(): Promise<void> {
    this.error = '';
    try {
      const { tracking } = this.app.remote(this.server.options);
      const all: { id: string; name: string }[] = [];
      let pageToken: string | undefined;
      do {
        const page = await tracking.searchExperiments({
          viewType: 'ACTIVE_ONLY',
          maxResults: 1000,
          pageToken,
        });
        all.push(...page.items.map((e) => ({ id: e.experiment_id, name: e.name })));
        pageToken = page.next_page_token || undefined;
      } while (pageToken);
      this.remote = all;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private async copy(
    direction: 'push' | 'pull',
    experimentIds: string[] | undefined,
    runIds?: string[],
  ): Promise<CopyReport | undefined> {
    if (this.running) return undefined;
    if (!this.server.configured) {
      this.error = 'Set the MLflow server in Settings first.';
      return undefined;
    }
    this.running = true;
    this.direction = direction;
    this.error = '';
    this.report = undefined;
    this.progress = undefined;
    this.controller = new AbortController();
    const server = this.server.baseUrl;
    const pending: PendingPush = { target: server, experimentIds, started: Date.now() };
    const noted = direction === 'push' && !runIds;
    if (noted) {
      this.notes.write(PENDING, pending);
      this.pending = undefined;
    }
    try {
      const remote = this.app.remote(this.server.options);
      const local = { tracking: this.app.store, registry: this.app.registry };
      const [from, to] = direction === 'push' ? [local, remote] : [remote, local];
      const report = await copyExperiments(from.tracking, to.tracking, {
        // A pull keeps its own ledger entries (server ids to local ones) beside the push's.
        target: direction === 'push' ? server : `pull:${server}`,
        ledger: this.app.syncLedger,
        experimentIds,
        runIds,
        registry: { from: from.registry, to: to.registry },
        origin: direction === 'pull' ? server : undefined,
        sourceStore: direction === 'push' ? installId(this.storage) : server,
        signal: this.controller.signal,
        onProgress: (p) => (this.progress = p),
      });
      this.report = report;
      // A stopped push stays noted, so it is offered again after a reload.
      if (noted) {
        if (report.stopped) this.pending = pending;
        else this.notes.remove(PENDING);
      }
      return report;
    } catch (e) {
      // The copy could not start (no server, refused): nothing half-done to resume.
      this.error = e instanceof Error ? e.message : String(e);
      if (noted) this.notes.remove(PENDING);
      return undefined;
    } finally {
      this.running = false;
      this.controller = undefined;
    }
  }

  /** Resumes the push a reload interrupted (to the server it was going to). */
  async resume(): Promise<CopyReport | undefined> {
    const pending = this.pending;
    if (pending && pending.target !== this.server.baseUrl) {
      this.error = `The interrupted push was to ${pending.target}, but the server in Settings is now ${this.server.baseUrl}. Set it back to resume, or push to the new one.`;
      return undefined;
    }
    return this.push(pending?.experimentIds);
  }

  /** Stops the push after the request under way; pushing again resumes it. */
  stop() {
    this.controller?.abort();
  }

  dismissPending() {
    this.notes.remove(PENDING);
    this.pending = undefined;
  }
}
