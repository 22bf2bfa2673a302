/**
 * A full disk, wherever it surfaces: the store's MlflowError (dexie/base.ts maps IndexedDB's
 * QuotaExceededError to RESOURCE_EXHAUSTED) or the raw DOMException / Dexie error. And the space
 * held back so the small record that closes a run can still be written when the disk is full.
 */
import { MlflowError } from './errors';

/** True when `error` says the browser refused a write because this site's storage is full. */
export function isStorageFull(error: unknown): boolean {
  // RESOURCE_EXHAUSTED alone is also a server's rate limit (HTTP 429): only the local store's
  // quota message means the disk.
  if (error instanceof MlflowError) {
    return error.error_code === 'RESOURCE_EXHAUSTED' && /storage .*full/.test(error.message);
  }
  const e = error as { name?: string; inner?: { name?: string } } | undefined;
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}

/**
 * Space set aside (dexie/reserve.ts): releasing it lets a small write through on a full disk.
 * Chromium refuses every write once the quota is reached, even a 10-byte one, but frees a deleted
 * database's space at once.
 */
export interface WriteReserve {
  release(): Promise<void>;
}

/**
 * After the reserve is released, Chromium counts the freed room a moment later, not at once: a
 * write straight after the deletion can still be refused (seen with a quota capped before the
 * origin's storage opened, tests/faults/quota.spec.ts). So the write is tried again, with waits
 * of these lengths between tries (about 3 s in all).
 */
export const AFTER_RELEASE_WAITS_MS = [50, 100, 200, 400, 800, 1600];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write`; if the disk is full, releases the reserve and runs it again until it passes or the
 * waits above run out. `write` is told whether another try is still to come, so a best-effort
 * part of it (a reason tag) gives up on a full disk only when nothing else would help.
 */
export async function withReserve<T>(
  reserve: WriteReserve | undefined,
  write: (canRetry: boolean) => Promise<T>,
  waits: readonly number[] = AFTER_RELEASE_WAITS_MS,
): Promise<T> {
  if (!reserve) return write(false);
  try {
    return await write(true);
  } catch (e) {
    if (!isStorageFull(e)) throw e;
  }
  await reserve.release();
  for (const wait of waits) {
    try {
      return await write(true);
    } catch (e) {
      if (!isStorageFull(e)) throw e;
    }
    await sleep(wait);
  }
  return write(false);
}

/**
 * Runs a small write that may wait (a cache stamp) again in the background until the disk has
 * room: after each of these waits, stopping at the first success or at a failure that is not a
 * full disk. Nothing is reported; the write must be one a reader can do without for a while.
 */
export function retryLater(
  write: () => Promise<unknown>,
  waits: readonly number[] = [2000, 5000, 15_000, 60_000],
): void {
  const [wait, ...rest] = waits;
  if (wait === undefined) return;
  setTimeout(() => {
    write().catch((e: unknown) => {
      if (isStorageFull(e)) retryLater(write, rest);
    });
  }, wait);
}
