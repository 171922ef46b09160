// Documents and the rows that hang off them. Creating a document with its blob, version and job is the
// ingest flow's transaction; this module keeps the basics every flow shares: read, list, update, and a
// delete that takes everything derived from a document with it.
import type { ThinkBankDb } from '../database';
import { asRaw, readNumber, readOneOf, readOptionalString, readString, readStrings } from '../normalize';
import { DEFAULT_COLLECTION_ID } from '../schema';
import type { DocumentRecord, DocumentStatus, DocumentType, ImageInfo } from '../types';
import { defined } from '../../core/defined';

const TYPES: readonly DocumentType[] = ['pdf', 'markdown', 'html', 'docx', 'text', 'image', 'audio', 'other'];
const STATUSES: readonly DocumentStatus[] = ['pending', 'processing', 'ready', 'failed'];

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** An image's facts as stored; anything of the wrong shape is dropped, never trusted. */
export function normalizeImage(value: unknown): ImageInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = asRaw(value);
  const width = finite(raw['width']);
  const height = finite(raw['height']);
  if (width === undefined || height === undefined) return undefined;
  const place = typeof raw['location'] === 'object' && raw['location'] !== null ? asRaw(raw['location']) : {};
  const latitude = finite(place['latitude']);
  const longitude = finite(place['longitude']);
  return {
    width,
    height,
    pages: Math.max(1, readNumber(raw['pages'], 1)),
    ...defined({
      thumbnail: raw['thumbnail'] instanceof Blob ? raw['thumbnail'] : undefined,
      takenAt: finite(raw['takenAt']),
      location: latitude === undefined || longitude === undefined ? undefined : { latitude, longitude },
    }),
  };
}

export function normalizeDocument(value: unknown): DocumentRecord {
  const raw = asRaw(value);
  const createdAt = readNumber(raw['createdAt'], 0);
  const sourceName = readString(raw['sourceName'], '');
  const rest = { ...raw };
  delete rest['image'];
  delete rest['date'];
  return {
    ...rest,
    ...defined({ image: normalizeImage(raw['image']), date: finite(raw['date']) }),
    id: readString(raw['id'], ''),
    collectionId: readString(raw['collectionId'], DEFAULT_COLLECTION_ID),
    title: readString(raw['title'], '') || sourceName || 'Untitled',
    type: readOneOf(raw['type'], TYPES, 'other'),
    sourceName,
    mimeType: readString(raw['mimeType'], 'application/octet-stream'),
    sizeBytes: readNumber(raw['sizeBytes'], 0),
    tags: readStrings(raw['tags']),
    contentHash: readString(raw['contentHash'], ''),
    activeVersionId: readOptionalString(raw['activeVersionId']),
    status: readOneOf(raw['status'], STATUSES, 'pending'),
    createdAt,
    updatedAt: readNumber(raw['updatedAt'], createdAt),
  };
}

export type NewDocument = Pick<DocumentRecord, 'title' | 'type' | 'sourceName' | 'contentHash'> &
  Partial<Pick<DocumentRecord, 'collectionId' | 'mimeType' | 'sizeBytes' | 'tags' | 'activeVersionId'>>;

export async function createDocument(db: ThinkBankDb, input: NewDocument): Promise<DocumentRecord> {
  const now = Date.now();
  const record = normalizeDocument({
    ...input,
    id: crypto.randomUUID(),
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  });
  await db.documents.add(record);
  return record;
}

export async function getDocument(db: ThinkBankDb, id: string): Promise<DocumentRecord | undefined> {
  const row = await db.documents.get(id);
  return row && normalizeDocument(row);
}

/** A collection's documents, most recently changed first. */
export async function listDocuments(db: ThinkBankDb, collectionId: string): Promise<DocumentRecord[]> {
  const rows = await db.documents
    .where('[collectionId+updatedAt]')
    .between([collectionId, -Infinity], [collectionId, Infinity])
    .reverse()
    .toArray();
  return rows.map(normalizeDocument);
}

/** Documents whose active content has this SHA-256: the duplicate check before storing a file. */
export async function findDocumentsByHash(db: ThinkBankDb, contentHash: string): Promise<DocumentRecord[]> {
  const rows = await db.documents.where('contentHash').equals(contentHash).toArray();
  return rows.map(normalizeDocument);
}

export type DocumentChanges = Partial<Omit<DocumentRecord, 'id' | 'createdAt' | 'updatedAt'>>;

/** Applies `changes` and stamps updatedAt; false when the document does not exist. */
export async function updateDocument(
  db: ThinkBankDb,
  id: string,
  changes: DocumentChanges,
): Promise<boolean> {
  const updated = await db.documents.update(id, { ...changes, updatedAt: Date.now() });
  return updated === 1;
}

/** The tables a document delete touches, for callers that wrap it in a larger transaction. */
export function documentTables(db: ThinkBankDb) {
  return [db.documents, db.versions, db.chunks, db.vectors, db.jobs, db.blobs];
}

/**
 * Deletes documents with their versions, chunks, vector segments and jobs, and the original bytes no
 * remaining version still uses. Search index segments are rebuilt by the search worker, not here.
 */
export async function deleteDocuments(db: ThinkBankDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction('rw', documentTables(db), async () => {
    const versions = await db.versions.where('documentId').anyOf(ids).toArray();
    await db.chunks.where('documentId').anyOf(ids).delete();
    await db.vectors.where('documentId').anyOf(ids).delete();
    await db.jobs.where('documentId').anyOf(ids).delete();
    await db.versions.where('documentId').anyOf(ids).delete();
    await db.documents.bulkDelete([...ids]);
    const hashes = [...new Set(versions.map((v) => v.contentHash))];
    const stillUsed = new Set(
      (await db.versions.where('contentHash').anyOf(hashes).toArray()).map((v) => v.contentHash),
    );
    await db.blobs.bulkDelete(hashes.filter((hash) => !stillUsed.has(hash)));
  });
}
