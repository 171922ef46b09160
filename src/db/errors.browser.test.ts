import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from './database';
import { StorageFullError, toStorageError } from './errors';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

/** A real QuotaExceededError from this browser: localStorage holds only a few megabytes. */
function realQuotaError(): DOMException {
  try {
    localStorage.setItem('thinkbank-test-quota', 'x'.repeat(12 * 1024 * 1024));
  } catch (error) {
    if (error instanceof DOMException) return error;
    throw error;
  } finally {
    localStorage.removeItem('thinkbank-test-quota');
  }
  throw new Error('localStorage accepted 12 MB: no quota error to test with');
}

describe('toStorageError', () => {
  it('turns a real QuotaExceededError from the browser into a StorageFullError', () => {
    const error = realQuotaError();
    expect(error.name).toBe('QuotaExceededError');
    const mapped = toStorageError(error);
    expect(mapped).toBeInstanceOf(StorageFullError);
    expect((mapped as StorageFullError).cause).toBe(error);
  });

  it("finds a quota error wrapped as the `inner` of Dexie's AbortError", () => {
    const wrapped = new Dexie.AbortError('Transaction aborted', realQuotaError());
    expect(toStorageError(wrapped)).toBeInstanceOf(StorageFullError);
  });

  it("recognises Dexie's own QuotaExceededError and a quota error given as `cause`", () => {
    expect(toStorageError(new Dexie.QuotaExceededError('full'))).toBeInstanceOf(StorageFullError);
    expect(toStorageError(new Error('save failed', { cause: realQuotaError() }))).toBeInstanceOf(
      StorageFullError,
    );
  });

  it('returns other errors unchanged', () => {
    const other = new Dexie.ConstraintError('Key already exists');
    expect(toStorageError(other)).toBe(other);
    expect(toStorageError('text')).toBe('text');
  });

  it('stops on an error that wraps itself', () => {
    const loop = new Error('loop') as Error & { cause?: unknown };
    loop.cause = loop;
    expect(toStorageError(loop)).toBe(loop);
  });
});

describe('a transaction that fails for lack of space', () => {
  let db: ThinkBankDb;

  beforeEach(async () => {
    db = await openFreshDatabase();
  });

  afterEach(async () => {
    await deleteDatabase(db);
  });

  it('rejects with an error that maps to StorageFullError and saves nothing', async () => {
    const failing = db.transaction('rw', db.settings, async () => {
      await db.settings.put({ key: 'a', value: 1, updatedAt: 1 });
      throw realQuotaError();
    });
    const error: unknown = await failing.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(toStorageError(error)).toBeInstanceOf(StorageFullError);
    expect(await db.settings.count()).toBe(0);
  });
});
