// The dataset library's connection, when a newer build upgrades its database: it closes at once
// (the upgrade is not blocked), stays closed, and the page is told (tracking/version-change.ts).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { onDatabaseOutdated, type DatabaseOutdated } from '$lib/tracking/version-change';
import { DatasetLibrary } from './library';

describe('DatasetLibrary under a newer build', () => {
  it('closes for good and says so when another connection upgrades the database', async () => {
    const name = `datasets-upgrade-${Date.now()}`;
    const library = new DatasetLibrary(name);
    expect(await library.list()).toEqual([]);
    const notices: (DatabaseOutdated | undefined)[] = [];
    const stop = onDatabaseOutdated((notice) => notices.push(notice));
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, library.db.verno * 10 + 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked by the older connection'));
    });
    expect(notices.at(-1)).toEqual({ database: name, reason: 'upgrade' });
    await expect(library.list()).rejects.toThrow();
    newer.close();
    stop();
  });
});
