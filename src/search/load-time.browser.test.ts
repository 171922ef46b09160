// Start-up time of a large library, measured in real Chromium (ADR 0110): a 100k × 384 vector index's
// parts are written to IndexedDB, then a fresh search worker is started and timed until its first
// semantic query answers. Building a real 100k graph takes minutes, so the stored graph here is a
// synthetic one in the real format and of the real size (every node with 2M level-0 links): loading
// reads and wraps the same bytes whatever the links' quality.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HNSW_FORMAT, HNSW_FORMAT_VERSION, type HnswHeader } from '../core/hnsw/format';
import { ThinkBankDb } from '../db/database';
import { saveIndex } from '../db/repositories/indexes';
import { DEFAULT_COLLECTION_ID } from '../db/schema';
import type { DocumentRecord } from '../db/types';
import { Supervisor } from '../services/supervisor';
import { workerFactories } from '../services/worker-factories';
import { Catalog } from './catalog';
import { STORE_LAYOUT_VERSION, encodeJson } from './stored-parts';
import { DEFAULT_VECTOR_SETTINGS } from './vector-index';

const N = 100_000;
const DIMS = 384;
const PER_DOC = 100;
const MODEL = 'bench-model';
const M = DEFAULT_VECTOR_SETTINGS.M;

let databaseName: string;

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

async function writeLibrary(db: ThinkBankDb): Promise<void> {
  const random = lcg(7);
  const vectors = new Float32Array(N * DIMS);
  for (let i = 0; i < N; i++) {
    let norm = 0;
    for (let d = 0; d < DIMS; d++) {
      const x = random() - 0.5;
      vectors[i * DIMS + d] = x;
      norm += x * x;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < DIMS; d++) vectors[i * DIMS + d] = (vectors[i * DIMS + d] ?? 0) * inv;
  }
  const links0 = new Int32Array(N * (2 * M + 1));
  for (let i = 0; i < N; i++) {
    const base = i * (2 * M + 1);
    links0[base] = 2 * M;
    for (let j = 1; j <= 2 * M; j++) links0[base + j] = j <= 2 ? (i + j) % N : Math.floor(random() * N);
  }
  const chunkIds = Array.from({ length: N }, (_, i) => `chunk-${String(i).padStart(6, '0')}`);
  const offsets = new Uint32Array(N + 1);
  let at = 0;
  chunkIds.forEach((id, i) => {
    offsets[i] = at;
    at += id.length;
  });
  offsets[N] = at;
  const catalog = new Catalog();
  const docs: DocumentRecord[] = [];
  for (let d = 0; d < N / PER_DOC; d++) {
    const id = `doc-${String(d)}`;
    const versionId = `version-${String(d)}`;
    catalog.set(id, { versionId, chunkIds: chunkIds.slice(d * PER_DOC, (d + 1) * PER_DOC) });
    docs.push({
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
    });
  }
  const header: HnswHeader = {
    format: HNSW_FORMAT,
    formatVersion: HNSW_FORMAT_VERSION,
    metric: 'cosine',
    dims: DIMS,
    M,
    efConstruction: DEFAULT_VECTOR_SETTINGS.efConstruction,
    efSearch: 64,
    seed: 0x5eed,
    quantization: 'none',
    quantized: false,
    int8TrainSize: 1000,
    compactFraction: 0.25,
    modelId: MODEL,
    count: N,
    live: N,
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
      documentId: `doc-${String(Math.floor(i / PER_DOC))}`,
      versionId: `version-${String(Math.floor(i / PER_DOC))}`,
      ordinal: i % PER_DOC,
      kind: 'text' as const,
      text: `Passage ${String(i)} of the bench library.`,
      headingPath: [],
      location: {},
      tokenCount: 6,
    })),
  );
  await saveIndex(
    db,
    {
      indexKey: `hnsw:${MODEL}`,
      kind: 'hnsw',
      modelId: MODEL,
      formatVersion: HNSW_FORMAT_VERSION,
      buildSettings: { layout: STORE_LAYOUT_VERSION },
    },
    [
      { part: 'meta', data: encodeJson({ layout: STORE_LAYOUT_VERSION, header }) },
      { part: 'catalog', data: catalog.toBytes() },
      { part: 'vectors', data: vectors.buffer },
      { part: 'nodes', data: new ArrayBuffer(2 * N) },
      { part: 'links0', data: links0.buffer },
      { part: 'upper', data: new ArrayBuffer(0) },
      { part: 'ids', data: new TextEncoder().encode(chunkIds.join('')).buffer },
      { part: 'idOffsets', data: offsets.buffer },
    ],
  );
}

beforeAll(async () => {
  databaseName = `thinkbank-search-load-${crypto.randomUUID()}`;
  const db = new ThinkBankDb(databaseName);
  await writeLibrary(db);
  db.close();
}, 120_000);

afterAll(async () => {
  await new ThinkBankDb(databaseName).delete();
});

describe('search worker start-up', () => {
  it('answers its first semantic query over 100k stored vectors within a second of starting', async () => {
    // Warm the worker's code once (the dev server compiles it on first request), then time a fresh one.
    const supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 60_000 } });
    await supervisor.client('search').ping();
    await supervisor.restart('search');
    const search = supervisor.client('search');
    const query = new Float32Array(DIMS).fill(1 / Math.sqrt(DIMS));
    const t0 = performance.now();
    await search.open({ databaseName, watch: false });
    const tReady = performance.now();
    const result = await search.search('bench', {
      mode: 'semantic',
      k: 10,
      queryVector: { modelId: MODEL, vector: query },
    });
    const tFirst = performance.now();
    const stats = await search.stats();
    supervisor.dispose();
    const line = `100k × 384 start-up: open ${(tReady - t0).toFixed(0)} ms, first query answered at ${(tFirst - t0).toFixed(0)} ms (worker-side ready ${stats.readyMs?.toFixed(0) ?? '?'} ms, query ${result.timings.totalMs.toFixed(1)} ms, index load ${stats.indexes[0]?.loadMs?.toFixed(0) ?? '?'} ms)`;
    console.log(line);
    expect(result.documents.length).toBeGreaterThan(0);
    expect(stats.indexes.find((i) => i.kind === 'hnsw')).toMatchObject({ origin: 'loaded', passages: N });
    // The target is 1 s (met on an idle machine, see ADR 0110); this bound only catches regressions on
    // a shared test machine, where other test runs can slow IndexedDB reads several times over.
    expect(tFirst - t0).toBeLessThan(5_000);
  }, 120_000);
});
