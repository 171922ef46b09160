// A fresh ThinkBank database for one browser test, and its removal afterwards. Each test gets its own
// name, so tests never see each other's records and can run in any order.
import Dexie from 'dexie';
import { ThinkBankDb } from '../db/database';

/** Opens a new, empty database at the latest version (default collection included). */
export async function openFreshDatabase(prefix = 'thinkbank-test'): Promise<ThinkBankDb> {
  const db = new ThinkBankDb(`${prefix}-${crypto.randomUUID()}`);
  await db.open();
  return db;
}

/**
 * Closes this connection for good and deletes the database. Connections other code still holds (a
 * worker that is being terminated) delay the delete until they close; they never stop it.
 */
export async function deleteDatabase(db: ThinkBankDb): Promise<void> {
  db.close({ disableAutoOpen: true });
  await Dexie.delete(db.name);
}
