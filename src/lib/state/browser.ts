/**
 * What the state classes take from the browser — localStorage, fetch, the browser's name — each
 * with the default a page uses and a test replaces (a Map for storage, a stub for fetch).
 */

/** The part of localStorage the state classes use. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage where the browser allows it (a disabled or sandboxed one throws on access). */
export function browserStorage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** fetch, called through a wrapper so it never runs with a `this` other than the window. */
export const browserFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

export { browserName } from '$lib/app/browser-name';

/** JSON values under string keys; a full or disabled store loses the write and never throws. */
export class JsonStorage {
  constructor(private readonly storage: KeyValueStore | undefined = browserStorage()) {}

  read<T>(key: string): T | undefined {
    try {
      const raw = this.storage?.getItem(key);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  }

  write(key: string, value: unknown): void {
    try {
      this.storage?.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or disabled: the choice lives for the session only.
    }
  }

  remove(key: string): void {
    try {
      this.storage?.removeItem(key);
    } catch {
      // Disabled storage holds nothing to remove.
    }
  }
}
