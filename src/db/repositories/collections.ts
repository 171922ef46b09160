// Collections: separate libraries. Names are trimmed and unique regardless of case; the default collection
// always exists and cannot be deleted; deleting another collection deletes its documents with it.
import type { ThinkBankDb } from '../database';
import { InvalidInputError } from '../errors';
import { asRaw, readNumber, readString } from '../normalize';
import { DEFAULT_COLLECTION_ID, DEFAULT_COLLECTION_NAME } from '../schema';
import type { CollectionRecord } from '../types';
import { deleteDocuments, documentTables } from './documents';

export const MAX_COLLECTION_NAME = 80;

export interface CollectionSummary extends CollectionRecord {
  documentCount: number;
}

export function normalizeCollection(value: unknown): CollectionRecord {
  const raw = asRaw(value);
  const id = readString(raw['id'], '');
  const createdAt = readNumber(raw['createdAt'], 0);
  return {
    ...raw,
    id,
    name: readString(raw['name'], '').trim() || (id === DEFAULT_COLLECTION_ID ? DEFAULT_COLLECTION_NAME : id),
    createdAt,
    updatedAt: readNumber(raw['updatedAt'], createdAt),
  };
}

function byName(a: CollectionRecord, b: CollectionRecord): number {
  if (a.id === DEFAULT_COLLECTION_ID) return -1;
  if (b.id === DEFAULT_COLLECTION_ID) return 1;
  return a.name.localeCompare(b.name);
}

export async function listCollections(db: ThinkBankDb): Promise<CollectionRecord[]> {
  const rows = await db.collections.toArray();
  return rows.map(normalizeCollection).sort(byName);
}

/** The collections, default first, with how many documents each holds. */
export async function listCollectionSummaries(db: ThinkBankDb): Promise<CollectionSummary[]> {
  return db.transaction('r', [db.collections, db.documents], async () => {
    const collections = await listCollections(db);
    return Promise.all(
      collections.map(async (c) => ({
        ...c,
        documentCount: await db.documents.where('collectionId').equals(c.id).count(),
      })),
    );
  });
}

export async function getCollection(db: ThinkBankDb, id: string): Promise<CollectionRecord | undefined> {
  const row = await db.collections.get(id);
  return row && normalizeCollection(row);
}

/** Checks a proposed name against the others; returns it trimmed. */
async function validName(db: ThinkBankDb, name: string, exceptId?: string): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw new InvalidInputError('Give the collection a name.');
  if (trimmed.length > MAX_COLLECTION_NAME) {
    throw new InvalidInputError(`Keep the name under ${MAX_COLLECTION_NAME + 1} characters.`);
  }
  const wanted = trimmed.toLocaleLowerCase();
  const clash = (await listCollections(db)).find(
    (c) => c.id !== exceptId && c.name.toLocaleLowerCase() === wanted,
  );
  if (clash) throw new InvalidInputError(`There is already a collection called “${clash.name}”.`);
  return trimmed;
}

export async function createCollection(db: ThinkBankDb, name: string): Promise<CollectionRecord> {
  return db.transaction('rw', db.collections, async () => {
    const now = Date.now();
    const record: CollectionRecord = {
      id: crypto.randomUUID(),
      name: await validName(db, name),
      createdAt: now,
      updatedAt: now,
    };
    await db.collections.add(record);
    return record;
  });
}

export async function renameCollection(db: ThinkBankDb, id: string, name: string): Promise<void> {
  await db.transaction('rw', db.collections, async () => {
    if (!(await db.collections.get(id))) throw new InvalidInputError('That collection no longer exists.');
    await db.collections.update(id, { name: await validName(db, name, id), updatedAt: Date.now() });
  });
}

/** Deletes a collection and every document in it (with their versions, chunks, vectors and jobs). */
export async function deleteCollection(db: ThinkBankDb, id: string): Promise<void> {
  if (id === DEFAULT_COLLECTION_ID) throw new InvalidInputError('The default collection cannot be deleted.');
  await db.transaction('rw', [db.collections, ...documentTables(db)], async () => {
    const ids = await db.documents.where('collectionId').equals(id).primaryKeys();
    await deleteDocuments(db, ids);
    await db.collections.delete(id);
  });
}
