import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from './database';
import { getDocument } from './repositories/documents';
import { DEFAULT_COLLECTION_ID, DEFAULT_COLLECTION_NAME, SCHEMA_VERSION, declareSchema } from './schema';

const names: string[] = [];

function testName(): string {
  const name = `thinkbank-upgrade-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => Dexie.delete(name)));
});

/** A database as ThinkBank schema version 1 left it: no collections, documents without a collection. */
async function createVersion1(name: string): Promise<void> {
  const old = new Dexie(name);
  declareSchema(old, 1);
  await old.open();
  expect(old.tables.map((t) => t.name)).not.toContain('collections');
  await old.table('documents').bulkAdd([
    { id: 'doc-1', title: 'Paper', type: 'pdf', status: 'ready', contentHash: 'h1', updatedAt: 5 },
    { id: 'doc-2', title: 'Note', type: 'markdown', status: 'pending', contentHash: 'h2', updatedAt: 6 },
  ]);
  await old
    .table('versions')
    .add({ id: 'v-1', documentId: 'doc-1', contentHash: 'h1', sizeBytes: 9, createdAt: 1 });
  await old.table('chunks').add({
    id: 'c-1',
    documentId: 'doc-1',
    versionId: 'v-1',
    ordinal: 0,
    kind: 'text',
    text: 'hello',
    headingPath: ['Intro'],
    location: { page: 1 },
    tokenCount: 1,
  });
  await old.table('settings').put({ key: 'theme.accent', value: 'blue', updatedAt: 1 });
  old.close();
}

describe('ThinkBankDb', () => {
  describe('upgrade from schema version 1', () => {
    it('creates the default collection and puts every existing document in it', async () => {
      const name = testName();
      await createVersion1(name);
      const db = new ThinkBankDb(name);
      await db.open();
      expect(db.verno).toBe(SCHEMA_VERSION);
      expect(await db.collections.toArray()).toEqual([
        expect.objectContaining({ id: DEFAULT_COLLECTION_ID, name: DEFAULT_COLLECTION_NAME }),
      ]);
      const docs = await db.documents.where('collectionId').equals(DEFAULT_COLLECTION_ID).primaryKeys();
      expect(docs.sort()).toEqual(['doc-1', 'doc-2']);
      expect(await getDocument(db, 'doc-1')).toMatchObject({ title: 'Paper', status: 'ready', updatedAt: 5 });
      db.close();
    });

    it('leaves the other data as it was and adds the new, empty tables', async () => {
      const name = testName();
      await createVersion1(name);
      const db = new ThinkBankDb(name);
      await db.open();
      expect(await db.chunks.get('c-1')).toMatchObject({
        text: 'hello',
        headingPath: ['Intro'],
        location: { page: 1 },
      });
      expect(await db.versions.where('documentId').equals('doc-1').count()).toBe(1);
      expect(await db.settings.get('theme.accent')).toMatchObject({ value: 'blue' });
      for (const table of [db.conversations, db.messages, db.models]) expect(await table.count()).toBe(0);
      expect(await db.chunks.where('[versionId+ordinal]').equals(['v-1', 0]).count()).toBe(1);
      db.close();
    });
  });

  describe('a new database', () => {
    it('is created at the latest version with the default collection', async () => {
      const db = new ThinkBankDb(testName());
      await db.open();
      expect(db.verno).toBe(SCHEMA_VERSION);
      expect((await db.collections.toArray()).map((c) => c.id)).toEqual([DEFAULT_COLLECTION_ID]);
      db.close();
    });
  });
});
