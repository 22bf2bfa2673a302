/**
 * Liveness leases of training runs (schema v4): one small row per running run, renewed by the tab
 * that trains it, read by every open tab to tell a live run from an abandoned one (app/sessions.ts
 * holds the rules). A renewal touches only this table, so it never re-stamps the run row that
 * search caches are keyed on.
 */
import type { LeaseRow, TrackingDB } from './schema';

export type { LeaseRow } from './schema';

export class RunLeases {
  constructor(private readonly db: TrackingDB) {}

  /** Records that `session` started training `runId` at `heartbeat`. */
  async start(runId: string, session: string, heartbeat: number): Promise<void> {
    await this.db.leases.put({ run_id: runId, session, heartbeat });
  }

  /**
   * Records that `session` is still alive and training `runId` at `heartbeat`. Answers false, and
   * writes nothing, when the lease is no longer this session's to renew: another tab took the job
   * of closing the run (it gave this one up as frozen), or closed it and dropped the lease.
   */
  renew(runId: string, session: string, heartbeat: number): Promise<boolean> {
    return this.db.transaction('rw', this.db.leases, async () => {
      const lease = await this.db.leases.get(runId);
      if (!lease || lease.session !== session || lease.closer) return false;
      await this.db.leases.put({ run_id: runId, session, heartbeat });
      return true;
    });
  }

  /** Drops the lease: the run ended (or was closed) and needs no watching. */
  async release(runId: string): Promise<void> {
    await this.db.leases.delete(runId);
  }

  all(): Promise<LeaseRow[]> {
    return this.db.leases.toArray();
  }

  get(runId: string): Promise<LeaseRow | undefined> {
    return this.db.leases.get(runId);
  }

  /**
   * Takes the job of closing an abandoned run for `closer`, in one transaction so two tabs never
   * both take it. Answers the lease as it was when taken, or undefined when it is gone, was
   * renewed since `seen` (the run is alive after all), or another live tab is closing it already.
   */
  claim(
    seen: LeaseRow,
    closer: string,
    isAlive: (session: string) => boolean,
  ): Promise<LeaseRow | undefined> {
    return this.db.transaction('rw', this.db.leases, async () => {
      const lease = await this.db.leases.get(seen.run_id);
      if (!lease || lease.heartbeat !== seen.heartbeat || lease.session !== seen.session) return;
      if (lease.closer && lease.closer !== closer && isAlive(lease.closer)) return;
      await this.db.leases.put({ ...lease, closer });
      return lease;
    });
  }
}
