import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { watchConnection } from './connection';
import { ThinkBankDb } from './database';
import { SCHEMA, declareSchema } from './schema';

const names: string[] = [];
const open: Dexie[] = [];

function testName(): string {
  const name = `thinkbank-conn-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

afterEach(async () => {
  for (const db of open.splice(0)) db.close();
  await Promise.all(names.splice(0).map((name) => Dexie.delete(name)));
});

/** An IndexedDB connection at schema version 1 that, like an old tab, ignores requests to close. */
async function holdVersion1(name: string): Promise<IDBDatabase> {
  const old = new Dexie(name);
  declareSchema(old, 1);
  await old.open();
  old.close();
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 10);
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('open failed'));
    };
  });
}

describe('watchConnection', () => {
  it('reports a blocked upgrade, and the open completes once the old connection closes', async () => {
    const name = testName();
    const oldConnection = await holdVersion1(name);
    const db = new ThinkBankDb(name);
    open.push(db);
    const events: string[] = [];
    watchConnection(db, {
      onBlocked: () => events.push('blocked'),
      onReplaced: () => events.push('replaced'),
    });
    const opening = db.open();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual(['blocked']);
    expect(db.isOpen()).toBe(false);
    oldConnection.close();
    await opening;
    expect(db.isOpen()).toBe(true);
    expect(await db.collections.count()).toBe(1);
  });

  it('closes for good when a newer version upgrades the database, so that upgrade is not blocked', async () => {
    const name = testName();
    const db = new ThinkBankDb(name);
    open.push(db);
    const events: string[] = [];
    watchConnection(db, {
      onBlocked: () => events.push('blocked'),
      onReplaced: () => events.push('replaced'),
    });
    await db.open();

    const newer = new Dexie(name);
    open.push(newer);
    declareSchema(newer);
    const next = (SCHEMA.at(-1)?.version ?? 0) + 1;
    newer.version(next).stores({ future: 'id' });
    newer.on('blocked', () => events.push('newer blocked'));
    await newer.open();

    expect(events).toEqual(['replaced']);
    expect(db.isOpen()).toBe(false);
    await expect(db.collections.count()).rejects.toThrow(Dexie.DatabaseClosedError);
  });

  it('stops reporting once unsubscribed', async () => {
    const name = testName();
    const db = new ThinkBankDb(name);
    open.push(db);
    const events: string[] = [];
    const stop = watchConnection(db, {
      onBlocked: () => events.push('blocked'),
      onReplaced: () => events.push('replaced'),
    });
    await db.open();
    stop();
    const newer = new Dexie(name);
    open.push(newer);
    declareSchema(newer);
    newer.version(99).stores({ future: 'id' });
    await newer.open();
    expect(events).toEqual([]);
  });
});
