import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from './database';
import { InvalidInputError } from './errors';
import {
  createCollection,
  deleteCollection,
  getCollection,
  listCollectionSummaries,
  listCollections,
  renameCollection,
} from './repositories/collections';
import {
  createDocument,
  deleteDocuments,
  findDocumentsByHash,
  getDocument,
  listDocuments,
  updateDocument,
  type NewDocument,
} from './repositories/documents';
import { deleteSetting, getSetting, setSetting } from './repositories/settings';
import { countRows } from './repositories/stats';
import { DEFAULT_COLLECTION_ID, DEFAULT_COLLECTION_NAME } from './schema';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

let db: ThinkBankDb;

beforeEach(async () => {
  db = await openFreshDatabase();
});

afterEach(async () => {
  await deleteDatabase(db);
});

function newDocument(overrides: Partial<NewDocument> = {}): NewDocument {
  return { title: 'Notes', type: 'markdown', sourceName: 'notes.md', contentHash: 'hash-a', ...overrides };
}

/** Stores a document with one version, two chunks, a vector segment, a job and its blob. */
async function seedDocument(overrides: Partial<NewDocument> = {}) {
  const doc = await createDocument(db, newDocument(overrides));
  const versionId = crypto.randomUUID();
  await db.versions.add({
    id: versionId,
    documentId: doc.id,
    contentHash: doc.contentHash,
    sizeBytes: 3,
    createdAt: 1,
  });
  await db.blobs.put({
    hash: doc.contentHash,
    mimeType: 'text/markdown',
    sizeBytes: 3,
    data: new Blob(['abc']),
    createdAt: 1,
  });
  const chunkIds = [crypto.randomUUID(), crypto.randomUUID()];
  await db.chunks.bulkAdd(
    chunkIds.map((id, ordinal) => ({
      id,
      documentId: doc.id,
      versionId,
      ordinal,
      kind: 'text' as const,
      text: `passage ${ordinal}`,
      headingPath: [],
      location: {},
      tokenCount: 2,
    })),
  );
  await db.vectors.add({
    modelId: 'model-a',
    segmentId: `${versionId}:0`,
    documentId: doc.id,
    versionId,
    dimensions: 2,
    chunkIds,
    data: new Float32Array([1, 0, 0, 1]).buffer,
    createdAt: 1,
  });
  await db.jobs.add({
    id: crypto.randomUUID(),
    documentId: doc.id,
    versionId,
    status: 'succeeded',
    stage: 'done',
    progress: 1,
    attempts: 1,
    heartbeatAt: 1,
    error: undefined,
    timings: {},
    createdAt: 1,
    updatedAt: 1,
  });
  return doc;
}

describe('collections repository', () => {
  describe('listCollections', () => {
    it('starts with the default collection on a new database', async () => {
      const collections = await listCollections(db);
      expect(collections.map((c) => [c.id, c.name])).toEqual([
        [DEFAULT_COLLECTION_ID, DEFAULT_COLLECTION_NAME],
      ]);
    });

    it('lists the default collection first, then the others by name', async () => {
      await createCollection(db, 'Work');
      await createCollection(db, 'Archive');
      expect((await listCollections(db)).map((c) => c.name)).toEqual([
        DEFAULT_COLLECTION_NAME,
        'Archive',
        'Work',
      ]);
    });
  });

  describe('createCollection', () => {
    it('stores a trimmed name and reads it back', async () => {
      const created = await createCollection(db, '  Research  ');
      expect(created.name).toBe('Research');
      expect(await getCollection(db, created.id)).toEqual(created);
    });

    it('refuses an empty name and a name another collection has, whatever the case', async () => {
      await createCollection(db, 'Work');
      await expect(createCollection(db, '   ')).rejects.toThrow(InvalidInputError);
      await expect(createCollection(db, 'work')).rejects.toThrow(
        'There is already a collection called “Work”.',
      );
      expect(await db.collections.count()).toBe(2);
    });
  });

  describe('renameCollection', () => {
    it('renames and stamps updatedAt, and allows changing only the case', async () => {
      const created = await createCollection(db, 'work');
      await renameCollection(db, created.id, 'Work');
      const renamed = await getCollection(db, created.id);
      expect(renamed?.name).toBe('Work');
      expect(renamed?.updatedAt).toBeGreaterThanOrEqual(created.updatedAt);
    });

    it('refuses a collection that does not exist', async () => {
      await expect(renameCollection(db, 'missing', 'X')).rejects.toThrow('That collection no longer exists.');
    });
  });

  describe('deleteCollection', () => {
    it('deletes the collection with its documents and everything derived from them', async () => {
      const work = await createCollection(db, 'Work');
      await seedDocument({ collectionId: work.id, contentHash: 'hash-w' });
      const kept = await seedDocument({ contentHash: 'hash-k' });
      await deleteCollection(db, work.id);
      expect(await getCollection(db, work.id)).toBeUndefined();
      expect((await db.documents.toArray()).map((d) => d.id)).toEqual([kept.id]);
      expect(await db.blobs.toCollection().primaryKeys()).toEqual(['hash-k']);
      for (const table of [db.versions, db.chunks, db.vectors, db.jobs]) {
        const owners = (await table.toArray()).map((row) => row.documentId);
        expect(new Set(owners), table.name).toEqual(new Set([kept.id]));
      }
    });

    it('refuses to delete the default collection', async () => {
      await expect(deleteCollection(db, DEFAULT_COLLECTION_ID)).rejects.toThrow(InvalidInputError);
      expect(await getCollection(db, DEFAULT_COLLECTION_ID)).toBeDefined();
    });
  });

  describe('listCollectionSummaries', () => {
    it('counts the documents in each collection', async () => {
      const work = await createCollection(db, 'Work');
      await seedDocument({ collectionId: work.id });
      await seedDocument({ collectionId: work.id, contentHash: 'hash-b' });
      const counts = (await listCollectionSummaries(db)).map((c) => [c.name, c.documentCount]);
      expect(counts).toEqual([
        [DEFAULT_COLLECTION_NAME, 0],
        ['Work', 2],
      ]);
    });
  });

  describe('normalizeCollection (on read)', () => {
    it('fills missing fields and keeps fields it does not know', async () => {
      await db.collections.put({ id: 'old', futureField: 7 } as never);
      expect(await getCollection(db, 'old')).toEqual({
        id: 'old',
        name: 'old',
        createdAt: 0,
        updatedAt: 0,
        futureField: 7,
      });
    });
  });
});

describe('documents repository', () => {
  describe('createDocument', () => {
    it('puts a new document in the default collection, pending, and reads it back', async () => {
      const doc = await createDocument(db, newDocument({ tags: ['a'] }));
      expect(doc).toMatchObject({ collectionId: DEFAULT_COLLECTION_ID, status: 'pending', tags: ['a'] });
      expect(await getDocument(db, doc.id)).toEqual(doc);
    });
  });

  describe('listDocuments', () => {
    it("lists one collection's documents, most recently changed first", async () => {
      const work = await createCollection(db, 'Work');
      const first = await createDocument(db, newDocument({ collectionId: work.id, title: 'first' }));
      const second = await createDocument(db, newDocument({ collectionId: work.id, title: 'second' }));
      await createDocument(db, newDocument({ title: 'elsewhere' }));
      await db.documents.update(first.id, { updatedAt: second.updatedAt + 10 });
      expect((await listDocuments(db, work.id)).map((d) => d.title)).toEqual(['first', 'second']);
    });
  });

  describe('findDocumentsByHash', () => {
    it('finds documents with the same content', async () => {
      const doc = await createDocument(db, newDocument({ contentHash: 'same' }));
      await createDocument(db, newDocument({ contentHash: 'other' }));
      expect((await findDocumentsByHash(db, 'same')).map((d) => d.id)).toEqual([doc.id]);
    });
  });

  describe('updateDocument', () => {
    it('applies changes and keeps fields it does not know', async () => {
      await db.documents.put({ id: 'legacy', title: 'Old', extra: { kept: true } } as never);
      expect(await updateDocument(db, 'legacy', { status: 'ready', tags: ['x'] })).toBe(true);
      expect(await getDocument(db, 'legacy')).toMatchObject({
        status: 'ready',
        tags: ['x'],
        extra: { kept: true },
      });
    });

    it('says false for a document that does not exist', async () => {
      expect(await updateDocument(db, 'missing', { title: 'x' })).toBe(false);
    });
  });

  describe('normalizeDocument (on read)', () => {
    it('fills defaults for fields an older version did not write and replaces wrong types', async () => {
      await db.documents.put({
        id: 'old',
        sourceName: 'a.pdf',
        type: 'weird',
        tags: 'x',
        unknown: 1,
      } as never);
      expect(await getDocument(db, 'old')).toEqual({
        id: 'old',
        collectionId: DEFAULT_COLLECTION_ID,
        title: 'a.pdf',
        type: 'other',
        sourceName: 'a.pdf',
        mimeType: 'application/octet-stream',
        sizeBytes: 0,
        tags: [],
        contentHash: '',
        activeVersionId: undefined,
        status: 'pending',
        createdAt: 0,
        updatedAt: 0,
        unknown: 1,
      });
    });
  });

  describe('deleteDocuments', () => {
    it('keeps a blob that another document still uses', async () => {
      const a = await seedDocument({ contentHash: 'shared' });
      const b = await seedDocument({ contentHash: 'shared' });
      await deleteDocuments(db, [a.id]);
      expect(await db.blobs.get('shared')).toBeDefined();
      await deleteDocuments(db, [b.id]);
      expect(await db.blobs.get('shared')).toBeUndefined();
      expect(await db.chunks.count()).toBe(0);
    });
  });
});

describe('settings repository', () => {
  const isNumber = (v: unknown): v is number => typeof v === 'number';

  it('returns the fallback until a value is set, then the value, then the fallback after delete', async () => {
    expect(await getSetting(db, 'search.k', 10, isNumber)).toBe(10);
    await setSetting(db, 'search.k', 25);
    expect(await getSetting(db, 'search.k', 10, isNumber)).toBe(25);
    await deleteSetting(db, 'search.k');
    expect(await getSetting(db, 'search.k', 10, isNumber)).toBe(10);
  });

  it('returns the fallback when the stored value has the wrong shape', async () => {
    await setSetting(db, 'search.k', 'lots');
    expect(await getSetting(db, 'search.k', 10, isNumber)).toBe(10);
  });
});

describe('stats', () => {
  describe('countRows', () => {
    it('counts the rows of every table', async () => {
      await seedDocument();
      const counts = Object.fromEntries((await countRows(db)).map(({ table, rows }) => [table, rows]));
      expect(counts).toMatchObject({ collections: 1, documents: 1, chunks: 2, vectors: 1, messages: 0 });
      expect(Object.keys(counts)).toHaveLength(12);
    });
  });
});
