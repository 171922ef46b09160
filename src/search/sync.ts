// Brings the in-memory indexes in line with IndexedDB (ADR 0110). The truth is the documents' active
// versions with their chunks and vectors; each index's catalog says which version of which document it
// holds. The difference is applied: passages of gone or replaced versions leave, those of new active
// versions come in (keyword: from the chunks; vectors: from the model's vector segments, once they
// exist). Work is done in slices with a macrotask between them, so pings and queries are answered
// while a large library is indexed.
import type { ThinkBankDb } from '../db/database';
import { normalizeDocument } from '../db/repositories/documents';
import type { ChunkRecord, DocumentRecord, VectorSegmentRecord } from '../db/types';
import { KeywordIndex } from './keyword-index';
import { VectorIndex, type VectorIndexSettings } from './vector-index';

export interface IndexSet {
  keyword: Map<string, KeywordIndex>;
  vector: Map<string, VectorIndex>;
  documents: Map<string, DocumentRecord>;
}

export interface SyncContext {
  db: ThinkBankDb;
  indexes: IndexSet;
  vectorSettings: VectorIndexSettings;
  markDirty(indexKey: string): void;
  signal: AbortSignal | undefined;
}

export interface SyncCounts {
  added: number;
  removed: number;
}

const SLICE_MS = 30;

/** Gives the event loop a turn (pings, queries, cancellation) when the current slice ran long. */
export function makeYielder(signal: AbortSignal | undefined): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    signal?.throwIfAborted();
    sliceStart = performance.now();
  };
}

/** All documents, normalised; also refreshes the metadata the filters use. */
export async function readDocuments(db: ThinkBankDb, set: IndexSet): Promise<Map<string, DocumentRecord>> {
  const docs = (await db.documents.toArray()).map(normalizeDocument);
  set.documents.clear();
  for (const doc of docs) set.documents.set(doc.id, doc);
  return set.documents;
}

export async function syncAll(ctx: SyncContext): Promise<SyncCounts> {
  const docs = await readDocuments(ctx.db, ctx.indexes);
  const counts: SyncCounts = { added: 0, removed: 0 };
  const pause = makeYielder(ctx.signal);
  await syncKeyword(ctx, docs, counts, pause);
  await syncVectors(ctx, docs, counts, pause);
  return counts;
}

function headingText(chunk: ChunkRecord): string {
  return chunk.headingPath.join(' › ');
}

async function syncKeyword(
  ctx: SyncContext,
  docs: Map<string, DocumentRecord>,
  counts: SyncCounts,
  pause: () => Promise<void>,
): Promise<void> {
  const { keyword } = ctx.indexes;
  for (const index of keyword.values()) {
    for (const documentId of index.catalog.documentIds()) {
      const doc = docs.get(documentId);
      const entry = index.catalog.entry(documentId);
      if (doc?.collectionId === index.collectionId && doc.activeVersionId === entry?.versionId) continue;
      counts.removed += removeFromKeyword(index, documentId);
      ctx.markDirty(keywordKey(index));
    }
  }
  for (const doc of docs.values()) {
    const versionId = doc.activeVersionId;
    if (versionId === undefined) continue;
    let index = keyword.get(doc.collectionId);
    if (index?.catalog.entry(doc.id)?.versionId === versionId) continue;
    const chunks = await ctx.db.chunks.where('versionId').equals(versionId).toArray();
    index ??= KeywordIndex.create(doc.collectionId);
    keyword.set(doc.collectionId, index);
    removeFromKeyword(index, doc.id);
    chunks.sort((a, b) => a.ordinal - b.ordinal);
    for (const chunk of chunks) {
      index.add(chunk.id, { title: doc.title, headings: headingText(chunk), body: chunk.text });
      counts.added += 1;
      await pause();
    }
    index.catalog.set(doc.id, { versionId, chunkIds: chunks.map((c) => c.id) });
    ctx.markDirty(keywordKey(index));
  }
}

function keywordKey(index: KeywordIndex): string {
  return `bm25:${index.collectionId}`;
}

export function removeFromKeyword(index: KeywordIndex, documentId: string): number {
  const old = index.catalog.delete(documentId);
  if (!old) return 0;
  for (const id of old.chunkIds) index.bm25.remove(id);
  return old.chunkIds.length;
}

export function removeFromVector(index: VectorIndex, documentId: string): number {
  const old = index.catalog.delete(documentId);
  if (!old) return 0;
  for (const id of old.chunkIds) index.hnsw.delete(id);
  return old.chunkIds.length;
}

/** Versions (of `versionIds`) that have vector segments of `modelId`, from the keys alone. */
async function versionsWithVectors(
  db: ThinkBankDb,
  versionIds: string[],
  modelId: string,
): Promise<Set<string>> {
  const found = new Set<string>();
  if (versionIds.length === 0) return found;
  await db.vectors
    .where('versionId')
    .anyOf(versionIds)
    .eachKey((key, cursor) => {
      const primary = cursor.primaryKey;
      if (primary[0] === modelId && typeof key === 'string') found.add(key);
    });
  return found;
}

async function syncVectors(
  ctx: SyncContext,
  docs: Map<string, DocumentRecord>,
  counts: SyncCounts,
  pause: () => Promise<void>,
): Promise<void> {
  const { vector } = ctx.indexes;
  const models = new Set((await ctx.db.vectors.orderBy('modelId').uniqueKeys()) as string[]);
  for (const [modelId, index] of vector) {
    if (!models.has(modelId)) {
      vector.delete(modelId);
      ctx.markDirty(`hnsw:${modelId}`);
      continue;
    }
    for (const documentId of index.catalog.documentIds()) {
      const doc = docs.get(documentId);
      if (doc?.activeVersionId === index.catalog.entry(documentId)?.versionId) continue;
      counts.removed += removeFromVector(index, documentId);
      ctx.markDirty(`hnsw:${modelId}`);
    }
  }
  for (const modelId of models) {
    const index = vector.get(modelId);
    const pending = [...docs.values()].filter(
      (doc) =>
        doc.activeVersionId !== undefined && index?.catalog.entry(doc.id)?.versionId !== doc.activeVersionId,
    );
    const ready = await versionsWithVectors(
      ctx.db,
      pending.map((d) => d.activeVersionId ?? ''),
      modelId,
    );
    for (const doc of pending) {
      const versionId = doc.activeVersionId;
      if (versionId === undefined || !ready.has(versionId)) continue;
      const segments = (await ctx.db.vectors.where('versionId').equals(versionId).toArray())
        .filter((s) => s.modelId === modelId)
        .sort((a, b) => a.segmentId.localeCompare(b.segmentId));
      counts.added += await addVectors(ctx, modelId, doc.id, versionId, segments, pause);
    }
  }
}

async function addVectors(
  ctx: SyncContext,
  modelId: string,
  documentId: string,
  versionId: string,
  segments: VectorSegmentRecord[],
  pause: () => Promise<void>,
): Promise<number> {
  const first = segments[0];
  if (!first) return 0;
  let index = ctx.indexes.vector.get(modelId);
  if (index && index.dims !== first.dimensions) {
    throw new Error(
      `Vectors of ${modelId} have ${String(first.dimensions)} dimensions, its index ${String(index.dims)}.`,
    );
  }
  index ??= VectorIndex.create(modelId, first.dimensions, ctx.vectorSettings);
  ctx.indexes.vector.set(modelId, index);
  removeFromVector(index, documentId);
  const chunkIds: string[] = [];
  for (const segment of segments) {
    const rows = new Float32Array(segment.data);
    for (let i = 0; i < segment.chunkIds.length; i++) {
      const chunkId = segment.chunkIds[i];
      if (chunkId === undefined) continue;
      index.hnsw.insert(chunkId, rows.subarray(i * segment.dimensions, (i + 1) * segment.dimensions));
      chunkIds.push(chunkId);
      await pause();
    }
  }
  index.catalog.set(documentId, { versionId, chunkIds });
  ctx.markDirty(`hnsw:${modelId}`);
  return chunkIds.length;
}
