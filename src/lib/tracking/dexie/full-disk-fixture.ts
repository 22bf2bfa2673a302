/**
 * Unit tests' full disk: a Dexie middleware that refuses every write but deletes with the
 * QuotaExceededError IndexedDB raises, as Chromium does once an origin's quota is reached
 * (measured: even a 10-byte put, even one in a transaction of deletes; deletes pass).
 */
import type Dexie from 'dexie';

export interface Disk {
  full: boolean;
  /** Writes refused so far. */
  refused: number;
}

export function fillDisk(db: Dexie, disk: Disk = { full: false, refused: 0 }): Disk {
  db.use({
    stack: 'dbcore',
    name: 'full-disk',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (request) => {
            if (disk.full && request.type !== 'delete' && request.type !== 'deleteRange') {
              disk.refused += 1;
              return Promise.reject(new DOMException('Quota exceeded.', 'QuotaExceededError'));
            }
            return table.mutate(request);
          },
        };
      },
    }),
  });
  return disk;
}
