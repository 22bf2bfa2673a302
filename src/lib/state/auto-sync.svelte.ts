/**
 * Auto-sync (issue 14; off by default): once turned on, every run that finishes goes to the MLflow
 * server in Settings without a click. The outbox (sync/outbox.ts) is asked what is left every
 * little while, when the browser comes back online, and when the tab is shown again; what it
 * holds is pushed with the same copy as the Sync button (SyncSession.pushRuns). Offline, or with
 * the server away, runs wait in the outbox (it is derived from the ledger, so it survives a
 * reload), and the next attempt backs off from 15 s up to 5 minutes. It never runs beside a push
 * or pull of the person's own.
 */
import type { App } from '$lib/app/create-app';
import { outbox } from '$lib/sync/outbox';
import { browserStorage, JsonStorage, type KeyValueStore } from './browser';
import type { SyncSession } from './sync.svelte';

const KEY = 'tracklab.autoSync';
const QUIET_MS = 15_000;
const MAX_BACKOFF_MS = 5 * 60_000;

interface Saved {
  enabled: boolean;
  /** Runs that finished from this moment on are pushed. */
  since: number;
}

export interface AutoSyncEnv {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  online: () => boolean;
  now: () => number;
}

const browserEnv = (): AutoSyncEnv => ({
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  online: () => globalThis.navigator?.onLine ?? true,
  now: () => Date.now(),
});

export class AutoSync {
  enabled = $state(false);
  /** Runs finished and not yet on the server. */
  waiting = $state(0);
  status = $state<'off' | 'idle' | 'pushing' | 'offline' | 'retrying'>('off');
  /** Why the last automatic push did not send everything. */
  problem = $state('');
  lastPushed = $state<{ at: number; runs: number } | undefined>();

  private since = 0;
  private timer: unknown;
  private failures = 0;
  private ticking = false;
  private readonly saved: JsonStorage;
  private detach: (() => void) | undefined;

  constructor(
    private readonly app: App,
    private readonly session: SyncSession,
    storage: KeyValueStore | undefined = browserStorage(),
    private readonly env: AutoSyncEnv = browserEnv(),
  ) {
    this.saved = new JsonStorage(storage);
    const s = this.saved.read<Saved>(KEY);
    if (s?.enabled) {
      this.enabled = true;
      this.since = s.since;
    }
  }

  /** Starts watching (the layout calls it once the app is up). */
  start(): void {
    const wake = () => this.schedule(0);
    const visible = () => {
      if (globalThis.document?.visibilityState === 'visible') wake();
    };
    globalThis.addEventListener?.('online', wake);
    globalThis.document?.addEventListener('visibilitychange', visible);
    this.detach = () => {
      globalThis.removeEventListener?.('online', wake);
      globalThis.document?.removeEventListener('visibilitychange', visible);
    };
    this.schedule(0);
  }

  stop(): void {
    this.detach?.();
    this.env.clearTimeout(this.timer);
  }

  /** Turns auto-sync on (runs finishing from now on are pushed) or off. */
  setEnabled(on: boolean): void {
    if (on === this.enabled) return;
    this.enabled = on;
    if (on) this.since = this.env.now();
    this.saved.write(KEY, { enabled: on, since: this.since } satisfies Saved);
    this.failures = 0;
    this.problem = '';
    this.schedule(0);
  }

  /** Looks at the outbox now (after a run ends, say) rather than at the next turn. */
  poke(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    this.env.clearTimeout(this.timer);
    this.timer = this.env.setTimeout(() => void this.tick(), ms);
  }

  /** One turn: what is waiting, and push it if the server can be reached. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    let next = QUIET_MS;
    try {
      if (!this.enabled || !this.session.server.configured) {
        this.status = 'off';
        this.waiting = 0;
        return;
      }
      const target = this.session.server.baseUrl;
      const ids = await outbox(this.app.store, this.app.syncLedger, target, this.since);
      this.waiting = ids.length;
      if (!ids.length) {
        this.status = 'idle';
        this.failures = 0;
        return;
      }
      if (!this.env.online()) {
        // The 'online' event wakes the next turn.
        this.status = 'offline';
        return;
      }
      if (this.session.running) return;
      this.status = 'pushing';
      const report = await this.session.pushRuns(ids);
      const left = await outbox(this.app.store, this.app.syncLedger, target, this.since);
      this.waiting = left.length;
      if (report) this.lastPushed = { at: this.env.now(), runs: ids.length - left.length };
      if (!left.length) {
        this.status = 'idle';
        this.failures = 0;
        this.problem = '';
        return;
      }
      this.failures++;
      this.status = 'retrying';
      this.problem =
        this.session.error ||
        report?.failed.map((f) => `${f.name}: ${f.reason}`).join('; ') ||
        'The server did not take every run.';
      next = Math.min(MAX_BACKOFF_MS, QUIET_MS * 2 ** this.failures);
    } catch (e) {
      this.failures++;
      this.status = 'retrying';
      this.problem = e instanceof Error ? e.message : String(e);
      next = Math.min(MAX_BACKOFF_MS, QUIET_MS * 2 ** this.failures);
    } finally {
      this.ticking = false;
      this.schedule(next);
    }
  }
}
