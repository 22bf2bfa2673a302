/**
 * Opaque page tokens. Like MLflow's they encode an offset (base64 JSON), so a token from one
 * store's search means nothing to another; callers must treat them as opaque.
 */
import { invalid } from '../errors';

export function encodePageToken(offset: number): string {
  return btoa(JSON.stringify({ offset }));
}

export function decodePageToken(token: string | undefined | null): number {
  if (!token) return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(token));
  } catch {
    throw invalid(
      `Invalid page token '${token}': pass the next_page_token of a previous search unchanged.`,
    );
  }
  const offset = (parsed as { offset?: unknown })?.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset <= 0) {
    throw invalid(`Invalid page token, parsed value=${JSON.stringify(parsed)}`);
  }
  return offset;
}

/** The [start, end) of one page of `total` items and the token for the next, as SearchUtils.paginate. */
export function pageRange(total: number, pageToken: string | undefined, maxResults: number) {
  const start = decodePageToken(pageToken);
  const end = Math.min(total, start + maxResults);
  return {
    start,
    end,
    next_page_token: start + maxResults < total ? encodePageToken(start + maxResults) : undefined,
  };
}

/** Slices one page and makes the token for the next. */
export function paginate<T>(items: T[], pageToken: string | undefined, maxResults: number) {
  const { start, end, next_page_token } = pageRange(items.length, pageToken, maxResults);
  return { items: items.slice(start, end), next_page_token };
}
