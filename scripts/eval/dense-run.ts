// Semantic and hybrid retrieval over a BEIR corpus through the search worker's own pieces: passages from
// the real chunker, a VectorIndex (HNSW, DEFAULT_VECTOR_SETTINGS) and a KeywordIndex (BM25 over title,
// heading path and text) built as src/search/sync.ts builds them, HNSW searched with the query path's
// efFor, and the two passage lists fused with src/core/fusion (RRF k = 60 as the worker does, plus
// convex fusion at the given weights). Passage rankings fold into document rankings (best passage).

import { fuseForMode, reciprocalRankFusion, type RankedItem } from '../../src/core/fusion';
import { efFor } from '../../src/search/query';
import { KeywordIndex } from '../../src/search/keyword-index';
import { DEFAULT_VECTOR_SETTINGS, VectorIndex } from '../../src/search/vector-index';
import type { Bm25Settings } from '../../src/core/bm25/settings';
import type { BeirDataset } from './beir';
import type { EvalEmbedder } from './embedder';
import { chunkCorpus, type EvalPassage } from './passages';
import { cacheKey, readVectors, writeVectors } from './vector-cache';

/** Query id → ranked document ids. */
export type Run = Map<string, string[]>;

export interface DenseRuns {
  readonly passages: number;
  readonly semantic: Run;
  /** BM25 over the same passages: the keyword list hybrid fuses. */
  readonly keywordPassages: Run;
  /** Label ("rrf k=60", "convex α=0.5") → run. */
  readonly hybrid: Map<string, Run>;
  readonly cached: boolean;
  readonly embedMs: number;
  readonly indexMs: number;
  readonly queryEmbedMs: number;
  readonly searchMs: number;
}

export interface DenseOptions {
  readonly bm25: Partial<Bm25Settings>;
  /** Convex weights of the semantic list to report beside RRF. */
  readonly alphas: readonly number[];
  readonly cacheDir: string;
  readonly depth?: number;
  readonly progress?: (line: string) => void;
}

const EMBED_SLICE = 256;

async function passageVectors(
  embedder: EvalEmbedder,
  passages: readonly EvalPassage[],
  options: DenseOptions,
): Promise<{ vectors: Float32Array; cached: boolean }> {
  const key = cacheKey(embedder.fingerprint, passages);
  const hit = readVectors(options.cacheDir, key, passages.length, embedder.dims);
  if (hit) {
    options.progress?.(`passage vectors from cache ${options.cacheDir}/${key}.f32`);
    return { vectors: hit, cached: true };
  }
  const vectors = new Float32Array(passages.length * embedder.dims);
  for (let start = 0; start < passages.length; start += EMBED_SLICE) {
    const slice = passages.slice(start, start + EMBED_SLICE).map((p) => p.embedText);
    vectors.set(await embedder.embed(slice, 'passage'), start * embedder.dims);
    options.progress?.(
      `embedded ${String(Math.min(passages.length, start + EMBED_SLICE))}/${String(passages.length)} passages`,
    );
  }
  writeVectors(options.cacheDir, key, vectors, embedder.dims);
  return { vectors, cached: false };
}

/** Best passage per document, the query's own document dropped (as BEIR does), at most `depth`. */
function documentsOf(
  list: readonly RankedItem[],
  docOf: ReadonlyMap<string, string>,
  queryId: string,
  depth: number,
): string[] {
  const ranked: string[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    const docId = docOf.get(item.id) ?? item.id;
    if (docId === queryId || seen.has(docId)) continue;
    seen.add(docId);
    ranked.push(docId);
    if (ranked.length === depth) break;
  }
  return ranked;
}

export async function denseRuns(
  dataset: BeirDataset,
  embedder: EvalEmbedder,
  options: DenseOptions,
): Promise<DenseRuns> {
  const depth = options.depth ?? 100;
  // Passage lists twice the document depth deep: several passages may share a document.
  const k = depth * 2 + 1;
  const passages = chunkCorpus(dataset.corpus, (text) => embedder.countTokens(text));
  options.progress?.(`${String(dataset.corpus.length)} documents → ${String(passages.length)} passages`);

  const t0 = performance.now();
  const { vectors, cached } = await passageVectors(embedder, passages, options);
  const t1 = performance.now();
  const vector = VectorIndex.create(embedder.modelId, embedder.dims, DEFAULT_VECTOR_SETTINGS);
  const keyword = KeywordIndex.create('eval', options.bm25);
  const docOf = new Map<string, string>();
  passages.forEach((p, i) => {
    docOf.set(p.id, p.docId);
    vector.hnsw.insert(p.id, vectors.subarray(i * embedder.dims, (i + 1) * embedder.dims));
    keyword.add(p.id, { title: p.title, headings: p.headings, body: p.body });
    if ((i + 1) % 2000 === 0)
      options.progress?.(`indexed ${String(i + 1)}/${String(passages.length)} passages`);
  });
  const t2 = performance.now();

  const queryIds = [...dataset.queries.keys()];
  const queryVectors = await embedder.embed([...dataset.queries.values()], 'query');
  const t3 = performance.now();
  const semantic: Run = new Map();
  const keywordPassages: Run = new Map();
  const labels = ['rrf k=60', ...options.alphas.map((a) => `convex α=${String(a)}`)];
  const hybrid = new Map<string, Run>(labels.map((label) => [label, new Map()]));
  const ef = efFor(vector.hnsw.size, k);
  queryIds.forEach((queryId, i) => {
    const query = dataset.queries.get(queryId) ?? '';
    const hits = vector.hnsw.search(queryVectors.subarray(i * embedder.dims, (i + 1) * embedder.dims), k, {
      ef,
    });
    const semanticList = hits.map((h) => ({ id: String(h.id), score: h.score }));
    const keywordList = keyword.bm25.search(query, k);
    semantic.set(queryId, documentsOf(semanticList, docOf, queryId, depth));
    keywordPassages.set(queryId, documentsOf(keywordList, docOf, queryId, depth));
    // The worker's hybrid: RRF of [semantic, keyword] (src/search/query.ts).
    const fusedLists = [
      reciprocalRankFusion([semanticList, keywordList]),
      ...options.alphas.map((alpha) =>
        fuseForMode('hybrid', { semantic: semanticList, keyword: keywordList }, { method: 'convex', alpha }),
      ),
    ];
    fusedLists.forEach((list, j) =>
      hybrid.get(labels[j] ?? '')?.set(queryId, documentsOf(list, docOf, queryId, depth)),
    );
  });
  return {
    passages: passages.length,
    semantic,
    keywordPassages,
    hybrid,
    cached,
    embedMs: t1 - t0,
    indexMs: t2 - t1,
    queryEmbedMs: t3 - t2,
    searchMs: performance.now() - t3,
  };
}
