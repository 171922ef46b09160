// Passages (chunks) and their vectors, per document version. Vectors are stored per embedding model in
// segments of many rows (ADR 0010), never one record per vector. Every write here replaces what a version
// had before, so a stage that runs twice (a resumed job) leaves exactly one copy.
import type { ThinkBankDb } from '../database';
import type { ChunkRecord, VectorSegmentRecord } from '../types';

/** Rows per vector segment: big enough to keep record counts low, small enough to write in one go. */
export const SEGMENT_ROWS = 256;

/** Replaces a version's passages with `chunks` in one transaction (and drops its now stale vectors). */
export async function replaceChunks(
  db: ThinkBankDb,
  versionId: string,
  chunks: readonly ChunkRecord[],
): Promise<void> {
  await db.transaction('rw', [db.chunks, db.vectors], async () => {
    await db.vectors.where('versionId').equals(versionId).delete();
    await db.chunks.where('versionId').equals(versionId).delete();
    await db.chunks.bulkAdd([...chunks]);
  });
}

/** A version's passages in reading order. */
export async function listChunks(db: ThinkBankDb, versionId: string): Promise<ChunkRecord[]> {
  return db.chunks
    .where('[versionId+ordinal]')
    .between([versionId, -Infinity], [versionId, Infinity])
    .toArray();
}

export async function countChunks(db: ThinkBankDb, versionId: string): Promise<number> {
  return db.chunks.where('versionId').equals(versionId).count();
}

/** Removes everything derived from a version: its passages and every model's vectors of it. */
export async function deleteVersionPassages(db: ThinkBankDb, versionId: string): Promise<void> {
  await db.transaction('rw', [db.chunks, db.vectors], async () => {
    await db.vectors.where('versionId').equals(versionId).delete();
    await db.chunks.where('versionId').equals(versionId).delete();
  });
}

export async function deleteVersionVectors(db: ThinkBankDb, versionId: string): Promise<void> {
  await db.vectors.where('versionId').equals(versionId).delete();
}

export interface NewSegment {
  modelId: string;
  documentId: string;
  versionId: string;
  dimensions: number;
  chunkIds: string[];
  vectors: Float32Array;
}

/** Stores one segment; its id is the version and the first row's position, so a rewrite replaces it. */
export async function putVectorSegment(
  db: ThinkBankDb,
  segment: NewSegment,
  firstRow: number,
): Promise<void> {
  const { vectors, ...rest } = segment;
  if (vectors.length !== segment.chunkIds.length * segment.dimensions) {
    throw new RangeError(
      `A vector segment needs ${String(segment.chunkIds.length * segment.dimensions)} values, got ${String(vectors.length)}.`,
    );
  }
  // Copy out exactly this segment's values: `vectors` may be a view into a larger buffer.
  const data = vectors.slice().buffer;
  const record: VectorSegmentRecord = {
    ...rest,
    segmentId: `${segment.versionId}:${String(firstRow).padStart(6, '0')}`,
    data,
    createdAt: Date.now(),
  };
  await db.vectors.put(record);
}

/** The vectors of a version for one model, row by row with their chunk ids. */
export async function readVectors(
  db: ThinkBankDb,
  versionId: string,
  modelId: string,
): Promise<{ chunkId: string; vector: Float32Array }[]> {
  const segments = await db.vectors.where('versionId').equals(versionId).toArray();
  return segments
    .filter((s) => s.modelId === modelId)
    .sort((a, b) => a.segmentId.localeCompare(b.segmentId))
    .flatMap((s) => {
      const all = new Float32Array(s.data);
      return s.chunkIds.map((chunkId, i) => ({
        chunkId,
        vector: all.subarray(i * s.dimensions, (i + 1) * s.dimensions),
      }));
    });
}
