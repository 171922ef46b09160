// Test data for the search worker: documents with an active version, their passages and (optionally)
// one model's vectors, written with the same tables and shapes ingestion writes. Used by the browser
// tests and the load-time bench; never by the app.
import type { ThinkBankDb } from '../db/database';
import { DEFAULT_COLLECTION_ID } from '../db/schema';
import type { ChunkLocation, DocumentRecord, DocumentType } from '../db/types';

export interface SeedPassage {
  text: string;
  headingPath?: string[];
  location?: ChunkLocation;
  /** Stored as the passage's vector for `SeedDocument.modelId`. */
  vector?: Float32Array;
}

export interface SeedDocument {
  title: string;
  passages: SeedPassage[];
  type?: DocumentType;
  collectionId?: string;
  tags?: string[];
  createdAt?: number;
  modelId?: string;
}

export interface Seeded {
  documentId: string;
  versionId: string;
  chunkIds: string[];
}

/** Stores one ready document (document, version, chunks, vectors) in one transaction. */
export async function seedDocument(db: ThinkBankDb, input: SeedDocument): Promise<Seeded> {
  const documentId = crypto.randomUUID();
  const versionId = crypto.randomUUID();
  const now = input.createdAt ?? Date.now();
  const chunkIds = input.passages.map(() => crypto.randomUUID());
  const doc: DocumentRecord = {
    id: documentId,
    collectionId: input.collectionId ?? DEFAULT_COLLECTION_ID,
    title: input.title,
    type: input.type ?? 'markdown',
    sourceName: `${input.title}.md`,
    mimeType: 'text/markdown',
    sizeBytes: 1,
    tags: input.tags ?? [],
    contentHash: versionId,
    activeVersionId: versionId,
    status: 'ready',
    createdAt: now,
    updatedAt: now,
  };
  await db.transaction('rw', [db.documents, db.versions, db.chunks, db.vectors], async () => {
    await db.versions.add({
      id: versionId,
      documentId,
      contentHash: versionId,
      sizeBytes: 1,
      createdAt: now,
    });
    await db.chunks.bulkAdd(
      input.passages.map((p, ordinal) => ({
        id: chunkIds[ordinal] ?? '',
        documentId,
        versionId,
        ordinal,
        kind: 'text' as const,
        text: p.text,
        headingPath: p.headingPath ?? [],
        location: p.location ?? {},
        tokenCount: p.text.split(/\s+/).length,
      })),
    );
    const withVectors = input.passages.filter((p) => p.vector);
    const first = withVectors[0]?.vector;
    if (input.modelId !== undefined && first) {
      const dims = first.length;
      const data = new Float32Array(withVectors.length * dims);
      withVectors.forEach((p, i) => {
        if (p.vector) data.set(p.vector, i * dims);
      });
      await db.vectors.add({
        modelId: input.modelId,
        segmentId: `${versionId}:000000`,
        documentId,
        versionId,
        dimensions: dims,
        chunkIds: input.passages.flatMap((p, i) => (p.vector ? [chunkIds[i] ?? ''] : [])),
        data: data.buffer,
        createdAt: now,
      });
    }
    await db.documents.add(doc);
  });
  return { documentId, versionId, chunkIds };
}
