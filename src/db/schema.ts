// Every version of the `thinkbank` schema, oldest first, in one place so its history is visible.
// Changes are additive: a new version may add stores and indexes and fill them from old data, never remove
// or re-key them (src/db/schema.test.ts holds this list to src/db/schema.snapshot.json and checks that
// nothing is removed). Dexie carries a store forward unchanged when a later version does not mention it.
import type { Dexie, Transaction } from 'dexie';
import type { CollectionRecord } from './types';

export const DB_NAME = 'thinkbank';

/** The collection that holds documents until the person makes others; it cannot be deleted. */
export const DEFAULT_COLLECTION_ID = 'default';
export const DEFAULT_COLLECTION_NAME = 'My library';

export interface SchemaVersion {
  version: number;
  /** Dexie store strings: primary key first, then indexes. Only the stores this version adds or changes. */
  stores: Readonly<Record<string, string>>;
  /** What the upgrade function does, in words (kept in the snapshot). */
  upgradeSummary?: string;
  /** Moves data written by the previous version into this one's shape. */
  upgrade?: (tx: Transaction) => Promise<void>;
}

/** Creates the default collection unless it exists (also on a fresh database, where no upgrade runs). */
async function ensureDefaultCollection(tx: Transaction): Promise<void> {
  const collections = tx.table<CollectionRecord, string>('collections');
  if (await collections.get(DEFAULT_COLLECTION_ID)) return;
  const now = Date.now();
  await collections.add({
    id: DEFAULT_COLLECTION_ID,
    name: DEFAULT_COLLECTION_NAME,
    createdAt: now,
    updatedAt: now,
  });
}

export const SCHEMA: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      documents: 'id, status, contentHash, updatedAt',
      blobs: 'hash',
      versions: 'id, documentId, contentHash',
      chunks: 'id, versionId, documentId, [versionId+ordinal]',
      vectors: '[modelId+segmentId], modelId, documentId, versionId',
      indexes: 'id, kind, [kind+modelId]',
      jobs: 'id, status, documentId, heartbeatAt',
      settings: 'key',
    },
  },
  {
    version: 2,
    stores: {
      collections: 'id, name',
      documents: 'id, status, contentHash, updatedAt, collectionId, [collectionId+updatedAt]',
      conversations: 'id, collectionId, updatedAt',
      messages: 'id, conversationId, [conversationId+createdAt]',
      models: 'id, task',
    },
    upgradeSummary: 'create the default collection and put every existing document in it',
    upgrade: async (tx) => {
      await ensureDefaultCollection(tx);
      await tx
        .table<{ collectionId?: unknown }>('documents')
        .toCollection()
        .modify((doc) => {
          if (typeof doc.collectionId !== 'string') doc.collectionId = DEFAULT_COLLECTION_ID;
        });
    },
  },
];

export const SCHEMA_VERSION = SCHEMA.reduce((latest, v) => Math.max(latest, v.version), 0);

/**
 * Declares the versions up to `upTo` on `db`. The app always declares all of them; tests declare an
 * older prefix to create a database as an older ThinkBank would have left it.
 */
export function declareSchema(db: Dexie, upTo: number = SCHEMA_VERSION): void {
  for (const v of SCHEMA) {
    if (v.version > upTo) break;
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  // A new database is created at the latest version directly, so no upgrade runs: seed it here.
  if (upTo === SCHEMA_VERSION) db.on('populate', (tx) => ensureDefaultCollection(tx));
}
