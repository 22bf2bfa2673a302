/**
 * What a Tracklab database connection does when a newer build (another tab, after an update)
 * upgrades or deletes the database: close for good and say so, so the page can ask the person to
 * reload. Used wherever a Dexie database is opened: the tracking store (page and evaluation
 * worker) and the dataset library (page and data worker). Plain TypeScript: it runs in workers,
 * where nobody listens and closing is all that matters.
 */
import type Dexie from 'dexie';

export interface DatabaseOutdated {
  /** The IndexedDB database's name. */
  database: string;
  /**
   * upgrade / delete: another tab opened a newer version or deleted it, and this tab closed its
   * connection. blocked: this tab's upgrade waits on an older tab that keeps its connection.
   */
  reason: 'upgrade' | 'delete' | 'blocked';
}

/** Called with each notice, and with undefined when a wait (blocked) is over. */
type Listener = (notice: DatabaseOutdated | undefined) => void;
const listeners = new Set<Listener>();
let latest: DatabaseOutdated | undefined;

function announce(notice: DatabaseOutdated | undefined): void {
  latest = notice;
  for (const listener of listeners) listener(notice);
}

/**
 * Calls `listener` with each notice, at once with the latest one if it came before the listener
 * (a banner mounted after the event). Returns the unsubscribe.
 */
export function onDatabaseOutdated(listener: Listener): () => void {
  listeners.add(listener);
  if (latest) listener(latest);
  return () => listeners.delete(listener);
}

/**
 * Dexie's own handler closes the connection but lets the next query reopen it; that reopen falls
 * back to whatever version is there, so this build's code would read and write the newer layout it
 * does not know. Closing with auto-open off makes every later query fail instead, and the notice
 * tells the person to reload into the new build. The close also unblocks the other tab's upgrade.
 */
export function closeWhenUpgraded(db: Dexie): void {
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    db.close({ disableAutoOpen: true });
    announce({ database: db.name, reason: event.newVersion ? 'upgrade' : 'delete' });
    // Dexie runs the newest handler first; false stops its default, which would re-enable auto-open.
    return false;
  });
  db.on('blocked', () => {
    announce({ database: db.name, reason: 'blocked' });
    // The open goes on once the older tab closes (or reloads); then there is nothing to say.
    void db
      .open()
      .then(() => {
        if (latest?.reason === 'blocked' && latest.database === db.name) announce(undefined);
      })
      .catch(() => undefined);
  });
}
