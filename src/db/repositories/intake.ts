// The intake transaction (ADR 0101): a hashed file becomes blob + document + version + job in ONE
// transaction, or nothing. Identical content already in the collection is skipped and named; a file with
// the name of a document already in the collection becomes that document's next version, which replaces
// the active one only when its passages and vectors are ready (see finishVersion).
import type { ThinkBankDb } from '../database';
import { asRaw, readNumber, readOptionalString, readString } from '../normalize';
import type { DocumentRecord, DocumentType, ImageInfo, VersionRecord } from '../types';
import { normalizeDocument, normalizeImage } from './documents';
import { ACTIVE_STATUSES, newJob, normalizeJob } from './jobs';

/** A version as ingestion keeps it: its number within the document and the model its vectors use. */
export interface IngestVersion extends VersionRecord {
  number: number;
  fileName: string;
  /** The embedding model whose vectors this version has; undefined while it has none (keyword only). */
  vectorModelId: string | undefined;
  /** What counted its passages' tokens: 'estimate' or an embedding model's key (ADR 0103). */
  chunkedWith: string | undefined;
  /** An image file's facts, found when it was parsed (ADR 0072); undefined for other files. */
  image: ImageInfo | undefined;
}

export function normalizeVersion(value: unknown): IngestVersion {
  const raw = asRaw(value);
  return {
    ...raw,
    id: readString(raw['id'], ''),
    documentId: readString(raw['documentId'], ''),
    contentHash: readString(raw['contentHash'], ''),
    sizeBytes: readNumber(raw['sizeBytes'], 0),
    createdAt: readNumber(raw['createdAt'], 0),
    number: readNumber(raw['number'], 1),
    fileName: readString(raw['fileName'], ''),
    vectorModelId: readOptionalString(raw['vectorModelId']),
    chunkedWith: readOptionalString(raw['chunkedWith']),
    image: normalizeImage(raw['image']),
  };
}

/** Records an image version's facts and thumbnail (the parse stage), so a resumed job still has them. */
export async function setVersionImage(db: ThinkBankDb, versionId: string, image: ImageInfo): Promise<void> {
  await db.transaction('rw', db.versions, async () => {
    const row = await db.versions.get(versionId);
    if (!row) return;
    const version: IngestVersion = { ...normalizeVersion(row), image };
    await db.versions.put(version);
  });
}

/** Records what counted a version's passages (the chunk stage). */
export async function setChunkedWith(db: ThinkBankDb, versionId: string, counter: string): Promise<void> {
  await db.transaction('rw', db.versions, async () => {
    const row = await db.versions.get(versionId);
    if (!row) return;
    const version: IngestVersion = { ...normalizeVersion(row), chunkedWith: counter };
    await db.versions.put(version);
  });
}

export interface IntakeRecord {
  collectionId: string;
  fileName: string;
  contentHash: string;
  sizeBytes: number;
  mimeType: string;
  type: DocumentType;
  data: Blob;
}

export type IntakeResult =
  | { kind: 'added'; documentId: string; jobId: string }
  | { kind: 'new-version'; documentId: string; jobId: string; versionNumber: number }
  | { kind: 'duplicate'; documentId: string; title: string };

export function intakeTables(db: ThinkBankDb) {
  return [db.documents, db.versions, db.blobs, db.jobs];
}

/** A document of the collection whose active or in-progress version has this content. */
async function findSameContent(
  db: ThinkBankDb,
  collectionId: string,
  contentHash: string,
): Promise<DocumentRecord | undefined> {
  const versions = (await db.versions.where('contentHash').equals(contentHash).toArray()).map(
    normalizeVersion,
  );
  for (const version of versions) {
    const row = await db.documents.get(version.documentId);
    if (!row) continue;
    const doc = normalizeDocument(row);
    if (doc.collectionId !== collectionId) continue;
    if (doc.activeVersionId === version.id) return doc;
    const jobs = (await db.jobs.where('documentId').equals(doc.id).toArray()).map(normalizeJob);
    if (jobs.some((job) => job.versionId === version.id && ACTIVE_STATUSES.includes(job.status))) return doc;
  }
  return undefined;
}

/** Stores the file (or finds it is already there) in one transaction. */
export async function intakeFile(db: ThinkBankDb, input: IntakeRecord): Promise<IntakeResult> {
  return db.transaction('rw', intakeTables(db), async () => {
    const same = await findSameContent(db, input.collectionId, input.contentHash);
    if (same) return { kind: 'duplicate', documentId: same.id, title: same.title };

    const now = Date.now();
    if (!(await db.blobs.get(input.contentHash))) {
      await db.blobs.add({
        hash: input.contentHash,
        mimeType: input.mimeType,
        sizeBytes: input.sizeBytes,
        data: input.data,
        createdAt: now,
      });
    }
    const inCollection = (await db.documents.where('collectionId').equals(input.collectionId).toArray()).map(
      normalizeDocument,
    );
    const existing = inCollection.find((doc) => doc.sourceName === input.fileName);
    const documentId = existing?.id ?? crypto.randomUUID();
    const previous = existing
      ? (await db.versions.where('documentId').equals(documentId).toArray()).map(normalizeVersion)
      : [];
    const versionNumber = previous.reduce((max, v) => Math.max(max, v.number), 0) + 1;
    const version: IngestVersion = {
      id: crypto.randomUUID(),
      documentId,
      contentHash: input.contentHash,
      sizeBytes: input.sizeBytes,
      createdAt: now,
      number: versionNumber,
      fileName: input.fileName,
      vectorModelId: undefined,
      chunkedWith: undefined,
      image: undefined,
    };
    await db.versions.add(version);
    if (existing) {
      // The active version stays searchable until the new one is ready.
      await db.documents.update(documentId, { status: 'processing', updatedAt: now });
    } else {
      const doc: DocumentRecord = {
        id: documentId,
        collectionId: input.collectionId,
        title: input.fileName,
        type: input.type,
        sourceName: input.fileName,
        mimeType: input.mimeType,
        sizeBytes: input.sizeBytes,
        tags: [],
        contentHash: input.contentHash,
        activeVersionId: undefined,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      };
      await db.documents.add(doc);
    }
    const job = newJob({ documentId, versionId: version.id, fileName: input.fileName, versionNumber }, now);
    await db.jobs.add(job);
    return existing
      ? { kind: 'new-version', documentId, jobId: job.id, versionNumber }
      : { kind: 'added', documentId, jobId: job.id };
  });
}

export async function getVersion(db: ThinkBankDb, id: string): Promise<IngestVersion | undefined> {
  const row = await db.versions.get(id);
  return row && normalizeVersion(row);
}
