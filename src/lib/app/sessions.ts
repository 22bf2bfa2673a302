/**
 * Telling a live training run from an abandoned one, in every open tab.
 *
 * Two signals, because each misses a case: a Web Lock named after the tab's session, held while
 * the tab lives (the browser drops it at once when the tab closes or crashes), and a lease per
 * running run whose heartbeat the training tab renews every HEARTBEAT_MS and at each epoch (a
 * frozen or hung tab keeps its lock but stops renewing). Every open tab checks both every WATCH_MS:
 * - lock gone (tab closed or crashed): "Not responding", and closed at once (abandoned.ts);
 * - lock held but no renewal for LEASE_MS (frozen, suspended, busy): "Not responding", left
 *   alone, since it may wake and finish; closed only after FROZEN_MS without any renewal.
 * The end time recorded is the last heartbeat (or later metric), not the time it was noticed.
 */
import type { RegistryStore } from '$lib/registry';
import type { MlflowClient } from '$lib/tracking';
import type { LeaseRow, RunLeases } from '$lib/tracking/dexie/leases';
import { closeAbandonedRun } from './abandoned';

export { killAbandonedRuns } from './abandoned';

export const LOCK_PREFIX = 'tracklab-session:';
/** How often the training tab renews its leases. */
export const HEARTBEAT_MS = 2_000;
/** Epoch renewals are written at most this often (fast fits log hundreds of epochs a second). */
export const BEAT_MIN_MS = 500;
/** A lease not renewed for this long shows its run as "Not responding". */
export const LEASE_MS = 8_000;
/** A tab that keeps its lock but renews nothing for this long is given up on. */
export const FROZEN_MS = 10 * 60_000;
/** How often each open tab looks at the leases and locks. */
export const WATCH_MS = 2_000;
/**
 * After this tab itself was paused (a sleeping laptop, a frozen background tab: no check for
 * longer than 2 × WATCH_MS), no run is given up as frozen for this long, so a training tab that
 * was paused with it — whose timers may resume up to a minute later in a hidden tab — can renew.
 */
export const WAKE_GRACE_MS = 90_000;

/** Holds this tab's session lock until the tab goes away. */
export function holdSessionLock(session: string): void {
  if (!globalThis.navigator?.locks) return;
  void navigator.locks.request(`${LOCK_PREFIX}${session}`, () => new Promise<void>(() => {}));
}

/** Sessions whose tab is open now (any tab of this origin); null where Web Locks are missing. */
export async function liveSessions(): Promise<Set<string> | null> {
  if (!globalThis.navigator?.locks) return null;
  const state = await navigator.locks.query();
  const names = [...(state.held ?? []), ...(state.pending ?? [])].map((l) => l.name ?? '');
  return new Set(
    names.filter((n) => n.startsWith(LOCK_PREFIX)).map((n) => n.slice(LOCK_PREFIX.length)),
  );
}

/** The training tab's side: renews the lease of each run it trains until the run ends. */
export class Heartbeat {
  private readonly lastWrite = new Map<string, number>();
  private readonly revokedRuns = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly leases: RunLeases,
    private readonly session: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The run is training here now; its lease is written before this resolves. */
  async start(runId: string): Promise<void> {
    this.lastWrite.set(runId, this.now());
    this.revokedRuns.delete(runId);
    this.timer ??= setInterval(() => this.renewAll(), HEARTBEAT_MS);
    await this.leases.start(runId, this.session, this.now());
  }

  /** An epoch arrived: renew, unless the lease was written a moment ago. */
  beat(runId: string): void {
    const last = this.lastWrite.get(runId);
    if (last === undefined || this.now() - last < BEAT_MIN_MS) return;
    this.renew(runId);
  }

  /**
   * Whether another tab gave this run up (it saw no heartbeat for FROZEN_MS, as after this tab
   * was frozen) and closed it: the run is no longer this tab's to write, and training should stop.
   */
  revoked(runId: string): boolean {
    return this.revokedRuns.has(runId);
  }

  /** The run ended here (whatever its status): nobody needs to watch it any more. */
  async end(runId: string): Promise<void> {
    this.stopRenewing(runId);
    if (this.revokedRuns.delete(runId)) return; // the closer dropped, or will drop, the lease
    await this.leases.release(runId);
  }

  renewAll(): void {
    for (const runId of this.lastWrite.keys()) this.renew(runId);
  }

  private stopRenewing(runId: string): void {
    this.lastWrite.delete(runId);
    if (!this.lastWrite.size && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private renew(runId: string): void {
    const at = this.now();
    this.lastWrite.set(runId, at);
    // A failed renewal (a full disk) only makes the run look stalled elsewhere; training goes on.
    this.leases.renew(runId, this.session, at).then(
      (renewed) => {
        if (renewed || !this.lastWrite.has(runId)) return;
        this.revokedRuns.add(runId);
        this.stopRenewing(runId);
      },
      () => undefined,
    );
  }
}

export interface WatcherDeps {
  client: MlflowClient;
  registry?: RegistryStore;
  leases: RunLeases;
  /** This tab's session: it may close runs, and never its own. */
  session: string;
  now?: () => number;
  alive?: () => Promise<Set<string> | null>;
}

/** Every tab's side: finds runs whose tab stopped, shows them, and closes the abandoned ones. */
export class RunWatcher {
  notResponding: ReadonlySet<string> = new Set();
  private timer: ReturnType<typeof setInterval> | undefined;
  private checking = false;
  private lastLeases: LeaseRow[] = [];
  /** When this tab's last check ran, and since when it has checked without a pause. */
  private lastCheck: number | undefined;
  private awakeSince: number | undefined;

  constructor(
    private readonly deps: WatcherDeps,
    private readonly onChange: (ids: ReadonlySet<string>) => void = () => {},
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.check().catch(() => undefined), WATCH_MS);
    void this.check().catch(() => undefined);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look at every lease; answers the runs this tab closed. */
  async check(): Promise<string[]> {
    if (this.checking) return [];
    this.checking = true;
    try {
      const { session } = this.deps;
      const alive = await (this.deps.alive ?? liveSessions)();
      const now = (this.deps.now ?? Date.now)();
      if (this.lastCheck === undefined || now - this.lastCheck > 2 * WATCH_MS) {
        this.awakeSince = now;
      }
      this.lastCheck = now;
      const justWoke = now - this.awakeSince! < WAKE_GRACE_MS;
      const stalled = new Set<string>();
      const abandoned: [LeaseRow, 'closed' | 'frozen'][] = [];
      const read = await this.readLeases();
      for (const lease of read.rows) {
        if (lease.session === session) continue; // this tab is alive: it is running this code
        const lockGone = alive !== null && !alive.has(lease.session);
        const silent = now - lease.heartbeat;
        if (lockGone || silent > LEASE_MS) stalled.add(lease.run_id);
        if (lockGone) abandoned.push([lease, 'closed']);
        else if (silent > FROZEN_MS && !justWoke) abandoned.push([lease, 'frozen']);
      }
      this.publish(stalled);
      const closed: string[] = [];
      if (!read.fresh) return closed; // what is not read now cannot be claimed now
      for (const [lease, why] of abandoned) {
        // One run that cannot be closed now (a full disk, a vanished row) must not keep the
        // others open: each is tried again at the next check.
        const done = await this.close(lease, why, alive).catch(() => false);
        if (done) closed.push(lease.run_id);
      }
      return closed;
    } finally {
      this.checking = false;
    }
  }

  /**
   * The leases, or the last ones read when the table does not answer within WATCH_MS: a hung tab
   * can hold a write transaction on it open, and its runs must still turn "Not responding".
   */
  private async readLeases(): Promise<{ rows: LeaseRow[]; fresh: boolean }> {
    let timer: Parameters<typeof clearTimeout>[0];
    const late = new Promise<undefined>((done) => (timer = setTimeout(done, WATCH_MS)));
    const rows = await Promise.race([this.deps.leases.all(), late]);
    clearTimeout(timer);
    if (rows) this.lastLeases = rows;
    return { rows: rows ?? this.lastLeases, fresh: !!rows };
  }

  private publish(ids: Set<string>): void {
    const same =
      ids.size === this.notResponding.size && [...ids].every((id) => this.notResponding.has(id));
    if (same) return;
    this.notResponding = ids;
    this.onChange(ids);
  }

  /** Closes one abandoned run, unless another live tab took the job first. */
  private async close(seen: LeaseRow, why: 'closed' | 'frozen', alive: Set<string> | null) {
    const { leases, session } = this.deps;
    // A closer we cannot see (no Web Locks) is taken to be alive, so two tabs never both close.
    const lease = await leases.claim(seen, session, (s) => alive?.has(s) ?? true);
    if (!lease) return false;
    const closed = await closeAbandonedRun(this.deps, lease.run_id, lease.heartbeat, why);
    await leases.release(lease.run_id);
    return closed;
  }
}
