/**
 * Space held back for the small records that close a run on a full disk: one row of random bytes
 * (a "ballast") in its own little IndexedDB database of the origin. Chromium refuses every write
 * once the origin's quota is reached — even a 10-byte put, even one bundled with deletes — but
 * deleting a database frees its space within a moment, and a small write tried again then passes
 * (withReserve; measured with Storage.overrideQuotaForOrigin: see tests/faults/quota.spec.ts).
 * Quota is per origin, so the room freed here is room for the tracking database.
 */
import Dexie, { type Table } from 'dexie';
import type { WriteReserve } from '../storage-full';

/** A few hundred KB: a run's end record is a few KB, and Chromium can overshoot its quota by ~160 KB. */
export const RESERVE_BYTES = 384 * 1024;

interface BallastRow {
  id: string;
  bytes: Uint8Array;
}

class ReserveDB extends Dexie {
  ballast!: Table<BallastRow, string>;
  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ ballast: 'id' });
  }
}

/** Random, because IndexedDB compresses values on disk: zeros would hold back almost nothing. */
function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  // getRandomValues fills at most 64 KB per call.
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  return bytes;
}

export class StorageReserve implements WriteReserve {
  constructor(
    readonly name: string,
    private readonly bytes = RESERVE_BYTES,
    private readonly dexie?: ConstructorParameters<typeof Dexie>[1],
  ) {}

  /**
   * Sets the reserve aside unless it is already held; false when there is no room for it (the
   * disk is still full). Closes its database after, so releasing it is never blocked.
   */
  async ensure(): Promise<boolean> {
    const db = new ReserveDB(this.name, this.dexie);
    try {
      if ((await db.ballast.count()) > 0) return true;
      await db.ballast.put({ id: 'ballast', bytes: randomBytes(this.bytes) });
      return true;
    } catch {
      return false;
    } finally {
      db.close();
    }
  }

  /** Whether the reserve is held now. */
  async held(): Promise<boolean> {
    const db = new ReserveDB(this.name, this.dexie);
    try {
      return (await db.ballast.count()) > 0;
    } finally {
      db.close();
    }
  }

  /** Frees the reserve by deleting its database, which a full disk allows. */
  async release(): Promise<void> {
    await new ReserveDB(this.name, this.dexie).delete();
  }
}
