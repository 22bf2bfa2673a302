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
 * Runs `write`; if the disk is full, releases the reserve and runs it once more. `write` is told
 * whether a retry with the reserve is still possible, so a best-effort part of it (a reason tag)
 * can give up on a full disk only when nothing else would help.
 */
export async function withReserve<T>(
  reserve: WriteReserve | undefined,
  write: (canRetry: boolean) => Promise<T>,
): Promise<T> {
  if (!reserve) return write(false);
  try {
    return await write(true);
  } catch (e) {
    if (!isStorageFull(e)) throw e;
    await reserve.release();
    return write(false);
  }
}
