// The library's collections and documents as the pages read and change them: live lists that follow
// every tab's changes, and the writes, each through the storage state (so a read-only tab or a full
// disk is a visible state, not an exception). The UI reaches the database only through here and the
// other state modules; `src/db` stays below this layer (the linter holds it).
import {
  MAX_COLLECTION_NAME,
  createCollection as create,
  deleteCollection as remove,
  listCollectionSummaries,
  listCollections,
  renameCollection as rename,
  type CollectionSummary,
} from '../db/repositories/collections';
import { checkConsistency as check, type ConsistencyReport } from '../db/repositories/consistency';
import { listDocuments } from '../db/repositories/documents';
import { countRows } from '../db/repositories/stats';
import { DEFAULT_COLLECTION_ID } from '../db/schema';
import type { CollectionRecord, DocumentRecord } from '../db/types';
import type { LiveValue, StorageState, WriteResult } from './storage.svelte';

export { DEFAULT_COLLECTION_ID, MAX_COLLECTION_NAME };
export type { CollectionSummary, ConsistencyReport };

/** The collections, by name; call while a component initialises (it follows changes until then). */
export function liveCollections(storage: StorageState): LiveValue<CollectionRecord[]> {
  return storage.live(listCollections, []);
}

/** The collections with how many documents each holds. */
export function liveCollectionSummaries(storage: StorageState): LiveValue<CollectionSummary[]> {
  return storage.live(listCollectionSummaries, []);
}

export interface ScopeChoices {
  collections: CollectionRecord[];
  /** Every document of every collection, by title. */
  documents: DocumentRecord[];
}

/** What a question can be answered from: each collection and each document. */
export function liveScopeChoices(storage: StorageState): LiveValue<ScopeChoices> {
  return storage.live<ScopeChoices>(
    async (db) => {
      const collections = await listCollections(db);
      const lists = await Promise.all(collections.map((c) => listDocuments(db, c.id)));
      const documents = lists.flat().sort((a, b) => a.title.localeCompare(b.title));
      return { collections, documents };
    },
    { collections: [], documents: [] },
  );
}

/** Rows per table, for the Diagnostics page. */
export function liveRowCounts(storage: StorageState): LiveValue<Awaited<ReturnType<typeof countRows>>> {
  return storage.live(countRows, []);
}

export function createCollection(
  storage: StorageState,
  name: string,
): Promise<WriteResult<CollectionRecord>> {
  return storage.write((db) => create(db, name));
}

export function renameCollection(
  storage: StorageState,
  id: string,
  name: string,
): Promise<WriteResult<void>> {
  return storage.write((db) => rename(db, id, name));
}

export function deleteCollection(storage: StorageState, id: string): Promise<WriteResult<void>> {
  return storage.write((db) => remove(db, id));
}

/** The library's consistency check (passages without vectors, and the like). */
export function checkConsistency(storage: StorageState): Promise<ConsistencyReport> {
  return check(storage.db);
}
