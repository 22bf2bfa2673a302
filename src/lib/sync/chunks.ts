/**
 * Splits what a copy sends into requests within MLflow's log-batch limits (shared/reference/
 * mlflow.md §3): at most 1,000 metrics, 100 params and 100 tags a request, and under 1 MB of JSON
 * (a hundred 6,000-character params and a hundred 8,000-character tags would pass the counts and
 * not the size).
 */
import { LIMITS } from '$lib/tracking/validation';

export const METRICS_PER_REQUEST = LIMITS.metricsPerBatch;
/** Below the server's 1 MB, leaving room for the request's envelope and escaping. */
const BYTES_PER_REQUEST = 900_000;
const encoder = new TextEncoder();

/** Params or tags in requests of at most 100 entries and under the byte budget. */
export function chunkEntries<T extends { key: string; value: string }>(
  entries: readonly T[],
): T[][] {
  const out: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const e of entries) {
    // The entry's JSON as sent, escapes included, and its comma.
    const size = encoder.encode(JSON.stringify(e)).byteLength + 1;
    if (
      batch.length &&
      (batch.length >= LIMITS.paramsTagsPerBatch || bytes + size > BYTES_PER_REQUEST)
    ) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(e);
    bytes += size;
  }
  if (batch.length) out.push(batch);
  return out;
}
