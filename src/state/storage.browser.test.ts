import { afterEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from '../db/database';
import { WriterLock } from '../db/writer-lock';
import { StorageState } from './storage.svelte';
import { deleteDatabase } from '../testing/database';

const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openStorage(): StorageState {
  const db = new ThinkBankDb(`storage-state-${crypto.randomUUID()}`);
  const storage = new StorageState(db);
  const stop = storage.start();
  cleanups.push(async () => {
    stop();
    await deleteDatabase(db);
  });
  return storage;
}

describe('StorageState', () => {
  describe('write', () => {
    it('waits for the database and the writer role when asked before either is known', async () => {
      const storage = openStorage();
      expect(storage.readOnlyReason).toBeDefined();
      const result = await storage.write((db) => db.settings.put({ key: 'early', value: 1, updatedAt: 1 }));
      expect(result).toEqual({ ok: true, value: 'early' });
      expect(storage.role).toBe('writer');
      expect(await storage.db.settings.get('early')).toMatchObject({ value: 1 });
    });

    it('still refuses in a tab that another tab holds the writer role for', async () => {
      const other = new WriterLock({ onRole: () => undefined, onError: () => undefined });
      other.start();
      cleanups.push(() => {
        other.stop();
      });
      await expect.poll(() => other.role).toBe('writer');
      const storage = openStorage();
      const result = await storage.write((db) => db.settings.put({ key: 'late', value: 2, updatedAt: 1 }));
      expect(result).toEqual({
        ok: false,
        message: 'This tab is read-only: another ThinkBank tab saves changes.',
      });
      expect(await storage.db.settings.get('late')).toBeUndefined();
    });
  });
});
