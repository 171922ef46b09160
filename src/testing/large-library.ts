// A large library as the search worker finds it after a restart (ADR 0110): documents, passages and one
// model's stored HNSW index, written straight to IndexedDB. Building a real 100k graph takes minutes,
// so the stored graph is synthetic, in the real format and of the real size (every node with 2M level-0
// links): loading reads and wraps the same bytes whatever the links' quality. Used by the search load
// bench (scripts/bench/search-load-page.ts); never by the app.
import { HNSW_FORMAT, HNSW_FORMAT_VERSION, type HnswHeader } from '../core/hnsw/format';
import type { ThinkBankDb } from '../db/database';
import { saveIndex, type StoredIndexPart } from '../db/repositories/indexes';
import { DEFAULT_COLLECTION_ID } from '../db/schema';
import type { DocumentRecord } from '../db/types';
import { Catalog } from '../search/catalog';
import { STORE_LAYOUT_VERSION, encodeJson } from '../search/stored-parts';
import { DEFAULT_VECTOR_SETTINGS, vectorIndexKey } from '../search/vector-index';

export interface LargeLibrary {
  /** Passages, each with one vector. */
  passages: number;
  dims: number;
  passagesPerDocument: number;
  modelId: string;
}

export const LARGE_LIBRARY: LargeLibrary = {
  passages: 100_000,
  dims: 384,
  passagesPerDocument: 100,
  modelId: 'bench-model',
};

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function unitVectors(n: number, dims: number, random: () => number): Float32Array<ArrayBuffer> {
  const vectors = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const x = random() - 0.5;
      vectors[i * dims + d] = x;
      norm += x * x;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = (vectors[i * dims + d] ?? 0) * inv;
  }
  return vectors;
}

/** Level-0 links of a graph in which every node has 2M neighbours (two of them its next nodes). */
function syntheticLinks(n: number, m: number, random: () => number): Int32Array<ArrayBuffer> {
  const links0 = new Int32Array(n * (2 * m + 1));
  for (let i = 0; i < n; i++) {
    const base = i * (2 * m + 1);
    links0[base] = 2 * m;
    for (let j = 1; j <= 2 * m; j++) links0[base + j] = j <= 2 ? (i + j) % n : Math.floor(random() * n);
  }
  return links0;
}

function documentRecord(id: string, versionId: string): DocumentRecord {
  return {
    id,
    collectionId: DEFAULT_COLLECTION_ID,
    title: id,
    type: 'text',
    sourceName: `${id}.txt`,
    mimeType: 'text/plain',
    sizeBytes: 1,
    tags: [],
    contentHash: versionId,
    activeVersionId: versionId,
    status: 'ready',
    createdAt: 1,
    updatedAt: 1,
  };
}

/** Writes the library; answers the bytes of the stored index parts. */
export async function writeLargeLibrary(
  db: ThinkBankDb,
  library: LargeLibrary = LARGE_LIBRARY,
): Promise<number> {
  const { passages: n, dims, passagesPerDocument: perDoc, modelId } = library;
  const { M, efConstruction } = DEFAULT_VECTOR_SETTINGS;
  const random = lcg(7);
  const vectors = unitVectors(n, dims, random);
  const links0 = syntheticLinks(n, M, random);
  const chunkIds = Array.from({ length: n }, (_, i) => `chunk-${String(i).padStart(6, '0')}`);
  const offsets = new Uint32Array(n + 1);
  let at = 0;
  chunkIds.forEach((id, i) => {
    offsets[i] = at;
    at += id.length;
  });
  offsets[n] = at;
  const catalog = new Catalog();
  const docs: DocumentRecord[] = [];
  for (let d = 0; d < n / perDoc; d++) {
    const id = `doc-${String(d)}`;
    const versionId = `version-${String(d)}`;
    catalog.set(id, { versionId, chunkIds: chunkIds.slice(d * perDoc, (d + 1) * perDoc) });
    docs.push(documentRecord(id, versionId));
  }
  const header: HnswHeader = {
    format: HNSW_FORMAT,
    formatVersion: HNSW_FORMAT_VERSION,
    metric: 'cosine',
    dims,
    M,
    efConstruction,
    efSearch: 64,
    seed: 0x5eed,
    quantization: 'none',
    quantized: false,
    int8TrainSize: 1000,
    compactFraction: 0.25,
    modelId,
    count: n,
    live: n,
    entryPoint: 0,
    maxLevel: 0,
    prngState: 1,
    idKind: 'string',
    upperLength: 0,
  };
  await db.documents.bulkAdd(docs);
  await db.chunks.bulkAdd(
    chunkIds.map((id, i) => ({
      id,
      documentId: `doc-${String(Math.floor(i / perDoc))}`,
      versionId: `version-${String(Math.floor(i / perDoc))}`,
      ordinal: i % perDoc,
      kind: 'text' as const,
      text: `Passage ${String(i)} of the bench library.`,
      headingPath: [],
      location: {},
      tokenCount: 6,
    })),
  );
  const parts: StoredIndexPart[] = [
    { part: 'meta', data: encodeJson({ layout: STORE_LAYOUT_VERSION, header }) },
    { part: 'catalog', data: catalog.toBytes() },
    { part: 'vectors', data: vectors.buffer },
    { part: 'nodes', data: new ArrayBuffer(2 * n) },
    { part: 'links0', data: links0.buffer },
    { part: 'upper', data: new ArrayBuffer(0) },
    { part: 'ids', data: new TextEncoder().encode(chunkIds.join('')).buffer },
    { part: 'idOffsets', data: offsets.buffer },
  ];
  await saveIndex(
    db,
    {
      indexKey: vectorIndexKey(modelId),
      kind: 'hnsw',
      modelId,
      formatVersion: HNSW_FORMAT_VERSION,
      buildSettings: { layout: STORE_LAYOUT_VERSION },
    },
    parts,
  );
  return parts.reduce((sum, p) => sum + p.data.byteLength, 0);
}
