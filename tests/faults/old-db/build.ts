// Builds an IndexedDB database by hand, with raw IndexedDB and no Dexie, exactly as an earlier
// Tracklab release left it on a person's disk: its object stores, indexes and rows. Rows are
// plain JSON with tagged values for what JSON lacks (Map, Float64Array, bytes).
import type { Page } from '@playwright/test';

export interface StoreLayout {
  keyPath: string | string[];
  indexes?: { name: string; keyPath: string | string[]; unique?: boolean }[];
}

/** A database as shipped: IndexedDB version (Dexie's version × 10), stores, and rows. */
export interface DatabaseFixture {
  name: string;
  version: number;
  stores: Record<string, StoreLayout>;
  rows: Record<string, unknown[]>;
}

/** Writes the fixtures into the page's origin; the page must not have opened them yet. */
export async function buildDatabases(page: Page, fixtures: DatabaseFixture[]): Promise<void> {
  await page.evaluate(async (fixtures) => {
    const revive = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(revive);
      if (!v || typeof v !== 'object') return v;
      const o = v as Record<string, unknown>;
      if ('$map' in o)
        return new Map((o.$map as [string, unknown][]).map(([k, x]) => [k, revive(x)]));
      if ('$f64' in o) return new Float64Array(o.$f64 as number[]);
      if ('$text' in o) return new TextEncoder().encode(o.$text as string);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
    };
    for (const f of fixtures) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(f.name, f.version);
        open.onupgradeneeded = () => {
          for (const [name, layout] of Object.entries(f.stores)) {
            const store = open.result.createObjectStore(name, { keyPath: layout.keyPath });
            for (const i of layout.indexes ?? [])
              store.createIndex(i.name, i.keyPath, { unique: !!i.unique });
          }
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const names = Object.keys(f.rows);
      const tx = db.transaction(names, 'readwrite');
      for (const name of names)
        for (const row of f.rows[name]) tx.objectStore(name).put(revive(row));
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }
  }, fixtures);
}
