/**
 * Retries for a copy's calls to a store: a failure that may pass (the network, 429, 5xx) is tried
 * again after an exponential backoff with full jitter (AWS's "exponential backoff and jitter");
 * one that will not get better (a 4xx: bad input, no permission, not found) is thrown at once, so
 * it is reported rather than retried.
 */
import { isMlflowError, type ErrorCode } from '$lib/tracking/errors';

const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TEMPORARILY_UNAVAILABLE',
  'RESOURCE_EXHAUSTED',
  'INTERNAL_ERROR',
]);

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The first backoff's upper bound, ms; doubled each time up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Waits (tests pass one that does not). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

/** Whether a failure may pass when the call is made again. */
export function isTransient(error: unknown): boolean {
  if (isMlflowError(error)) return TRANSIENT.has(error.error_code);
  // fetch's own failures (a reset connection, a body cut short) are TypeErrors.
  return error instanceof TypeError;
}

export function abortError(): Error {
  return new DOMException('The copy was stopped', 'AbortError');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Calls `fn` until it succeeds, a failure is not transient, or the tries run out (the last
 * failure is thrown). `onRetry` hears each failure that will be tried again.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
  onRetry?: (error: unknown, attempt: number) => void,
): Promise<T> {
  const wait = policy.sleep ?? sleep;
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError();
    try {
      return await fn(attempt);
    } catch (e) {
      // Stopped while a call was failing: a stop, not the call's failure.
      if (signal?.aborted) throw abortError();
      if (attempt >= policy.attempts || !isTransient(e)) throw e;
      onRetry?.(e, attempt);
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await wait(Math.round(random() * cap), signal);
    }
  }
}
