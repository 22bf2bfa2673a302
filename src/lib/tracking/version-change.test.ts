// A connection of an older build, when a newer one upgrades the database: it closes (so the upgrade
// is not blocked), stays closed (so old code never touches the new layout) and says so.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieStore } from './dexie/dexie-store';
import { onDatabaseOutdated, type DatabaseOutdated } from './version-change';

let n = 0;

/** Opens `name` one native version above what is there, as a newer build's Dexie would. */
function upgrade(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version + 1);
    req.onupgradeneeded = () => req.result.createObjectStore(`added-in-${version + 1}`);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('blocked by the older connection'));
  });
}

describe('closeWhenUpgraded', () => {
  it('closes the tracking store for good and tells the page, without blocking the upgrade', async () => {
    const name = `upgrade-${Date.now()}-${++n}`;
    const old = new DexieStore({ name });
    await old.createExperiment('kept');
    const notices: (DatabaseOutdated | undefined)[] = [];
    const stop = onDatabaseOutdated((notice) => notices.push(notice));
    const newer = await upgrade(name, old.db.verno * 10);
    expect(notices.at(-1)).toEqual({ database: name, reason: 'upgrade' });
    // The old build must not reopen the newer database behind the person's back.
    await expect(old.createExperiment('lost')).rejects.toThrow();
    expect([...newer.objectStoreNames]).toContain('experiments');
    const names = await new Promise<string[]>((resolve) => {
      const req = newer.transaction('experiments').objectStore('experiments').getAll();
      req.onsuccess = () => resolve(req.result.map((e: { name: string }) => e.name));
    });
    expect(names.sort()).toEqual(['Default', 'kept']);
    newer.close();
    stop();
  });

  it('hands a late listener the notice that came before it', async () => {
    const name = `late-${Date.now()}-${++n}`;
    const old = new DexieStore({ name });
    await old.db.open();
    (await upgrade(name, old.db.verno * 10)).close();
    const seen: (DatabaseOutdated | undefined)[] = [];
    onDatabaseOutdated((notice) => seen.push(notice))();
    expect(seen).toEqual([{ database: name, reason: 'upgrade' }]);
  });

  it('says while its own upgrade waits on an older connection, and clears once that closes', async () => {
    const name = `blocked-${Date.now()}-${++n}`;
    // An older build's connection that ignores versionchange (it never closes by itself).
    const older = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const notices: (DatabaseOutdated | undefined)[] = [];
    const stop = onDatabaseOutdated((notice) => notices.push(notice));
    const store = new DexieStore({ name });
    const created = store.createExperiment('after the wait');
    await expect.poll(() => notices.at(-1)).toEqual({ database: name, reason: 'blocked' });
    older.close();
    await created;
    await expect.poll(() => notices.length && notices.at(-1)).toBeUndefined();
    store.close();
    stop();
  });
});
