// Settings: a key/value table where each feature owns its keys. A stored value is checked on read by the
// caller's guard, so a value of the wrong shape (older data, a bug) falls back to the default.
import type { ThinkBankDb } from '../database';

export async function getSetting<T>(
  db: ThinkBankDb,
  key: string,
  fallback: T,
  isValid: (value: unknown) => value is T,
): Promise<T> {
  const row = await db.settings.get(key);
  return row && isValid(row.value) ? row.value : fallback;
}

export async function setSetting(db: ThinkBankDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value, updatedAt: Date.now() });
}

export async function deleteSetting(db: ThinkBankDb, key: string): Promise<void> {
  await db.settings.delete(key);
}
