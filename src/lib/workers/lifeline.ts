/**
 * The worker's half of the channel's death watch (channel.ts). A worker that is terminated or
 * closes itself fires no `error` event, so the page would wait forever for its replies. Two
 * signs of life tell the page it has gone:
 * - a Web Lock the worker takes when the page asks and holds for its whole life: the browser
 *   releases it the moment the worker ends (terminate or close; measured 1–5 ms in Chromium), so
 *   the page, queued on the same lock, learns of the death at once, even while the worker is busy;
 * - a heartbeat, posted every second and at the fit loop's batch boundaries (`lifeSign`), for
 *   browsers without Web Locks in workers: there the page counts silence instead. A worker that
 *   holds its lock does not beat at all (the page ignores silence then).
 * Lifeline messages carry the empty request id, so the feature's own protocol never sees them.
 */

/**
 * The page asks the worker to hold `lock` (absent: the page has no Web Locks) and to beat; or,
 * as a test aid for the fault suite, to throw an uncaught error as a bug in the worker would.
 */
export interface LifelineCall {
  id: '';
  lifeline: 'hold' | 'throw';
  lock?: string;
}

/** The worker's answers: it holds the lock now, or it is still alive. */
export interface LifeSign {
  id: '';
  lifeline: 'held' | 'beat';
}

export const BEAT_MS = 1000;

export function isLifeline(m: unknown): m is LifelineCall | LifeSign {
  return typeof m === 'object' && m !== null && 'lifeline' in m && (m as LifeSign).id === '';
}

/** The worker's own postMessage, looked up when used (unit tests swap it). */
const post = (m: LifeSign) =>
  (globalThis as unknown as { postMessage(m: LifeSign): void }).postMessage(m);

/** Whether this worker beats: the page asked, and holds no lock on it (a module imported in a test stays quiet). */
let beating = false;
let lastBeat = 0;

/** A heartbeat now unless one went out within the last beat period (cheap to call per batch). */
export function lifeSign(): void {
  const now = Date.now();
  if (!beating || now - lastBeat < BEAT_MS) return;
  lastBeat = now;
  post({ id: '', lifeline: 'beat' });
}

let timer: ReturnType<typeof setInterval> | undefined;

function hold(lock: string | undefined) {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!lock || !locks) {
    // No lock to tell of this worker's death: the page counts silence, so beat, on a timer too.
    beating = true;
    if (timer === undefined) {
      timer = setInterval(lifeSign, BEAT_MS);
      // In Node (unit tests run workers in process) a beat must not keep the process alive.
      (timer as unknown as { unref?(): void }).unref?.();
    }
    return lifeSign();
  }
  // Held until this worker ends: the promise never settles.
  void locks.request(lock, () => {
    post({ id: '', lifeline: 'held' });
    return new Promise<never>(() => {});
  });
}

/** Wraps a worker's message handler: lifeline calls are answered here, the rest go to `handler`. */
export function withLifeline<E extends { data: unknown }>(
  handler: (event: E) => void,
): (event: E) => void {
  return (event) => {
    const m = event.data;
    if (isLifeline(m)) {
      if (m.lifeline === 'hold') return hold(m.lock);
      if (m.lifeline === 'throw')
        setTimeout(() => {
          throw new Error('Worker error injected by the fault suite (test aid).');
        });
      return;
    }
    handler(event);
  };
}
