// Turns the life events of an IndexedDB connection into states the UI can show. An upgrade waits while
// another tab holds an older version open ("blocked") and then goes on by itself once that tab lets go.
// When a newer ThinkBank in another tab upgrades the database, this tab must close its connection so the
// upgrade can run, and must not reopen it: its code only knows the older schema, so it asks for a reload.
import type { Dexie } from 'dexie';

export interface ConnectionEvents {
  /** Opening waits for other tabs to close an older version. */
  onBlocked: () => void;
  /** Another tab upgraded (or deleted) the database; this connection is closed for good. */
  onReplaced: () => void;
}

/** Subscribes to the connection's events; returns the function that unsubscribes. */
export function watchConnection(db: Dexie, events: ConnectionEvents): () => void {
  const blocked = () => {
    events.onBlocked();
  };
  // Dexie's own handler closes too but lets the next query reopen; returning false skips it.
  const replaced = (): false => {
    db.close({ disableAutoOpen: true });
    events.onReplaced();
    return false;
  };
  db.on('blocked', blocked);
  db.on('versionchange', replaced);
  return () => {
    db.on('blocked').unsubscribe(blocked);
    db.on('versionchange').unsubscribe(replaced);
  };
}
