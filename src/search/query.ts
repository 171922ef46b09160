// The query path (ADR 0111): keyword (BM25 per library, the last word as a prefix while typing),
// semantic (the query embedded by the embed worker, then HNSW with an ef chosen from the index size)
// and hybrid (reciprocal rank fusion of both). Filters (library, type, date, tag, document) are applied
// inside both indexes, not after them. Results are grouped by document with their best passages, each
// with a snippet, highlight spans, heading path and page. When no embedding model can embed the query,
// hybrid answers with keyword results and a note, and semantic answers nothing with a note: never an error.
// Pictures (their image–text model's vectors) join the fusion as one more list when that model is ready.
import { reciprocalRankFusion, type RankedItem } from '../core/fusion';
import type { DocumentRecord } from '../db/types';
import { defined } from '../core/defined';
import type {
  DocumentHit,
  PassageHit,
  SearchFilters,
  SearchMode,
  SearchOptions,
  SearchResponse,
  SearchTimings,
} from '../../workers/contracts/search';
import type { SearchEngine } from './search-engine';
import { makeSnippet } from './snippet';
import type { VectorIndex } from './vector-index';

export type QueryVector = { vector: Float32Array; modelId: string } | { unavailable: string };

/** Embeds a query (kind 'query'); answers `unavailable` with a reason instead of throwing. */
export type QueryEmbedder = (text: string, signal: AbortSignal) => Promise<QueryVector>;

const DEFAULT_K = 50;
const DEFAULT_PER_DOCUMENT = 3;

/** ef for a query (ADR 0050): 128 reaches recall@10 ≈ 0.95 up to ~10k vectors, 256 at 100k. */
export function efFor(size: number, k: number): number {
  return Math.max(k, size <= 20_000 ? 128 : 256);
}

export function documentFilter(
  filters: SearchFilters | undefined,
  documents: ReadonlyMap<string, DocumentRecord>,
): (documentId: string | undefined) => boolean {
  const collections = filters?.collectionIds ? new Set(filters.collectionIds) : undefined;
  const types = filters?.types ? new Set<string>(filters.types) : undefined;
  const tags = filters?.tags && filters.tags.length > 0 ? new Set(filters.tags) : undefined;
  const ids = filters?.documentIds ? new Set(filters.documentIds) : undefined;
  const from = filters?.addedFrom ?? -Infinity;
  const to = filters?.addedTo ?? Infinity;
  return (documentId) => {
    if (documentId === undefined) return false;
    const doc = documents.get(documentId);
    if (!doc) return false;
    if (collections && !collections.has(doc.collectionId)) return false;
    if (types && !types.has(doc.type)) return false;
    if (ids && !ids.has(doc.id)) return false;
    if (doc.createdAt < from || doc.createdAt >= to) return false;
    return !tags || doc.tags.some((t) => tags.has(t));
  };
}

export interface Ranked {
  list: RankedItem[];
  docOf: Map<string, string>;
  ms: number;
}

export function keywordSearch(
  engine: SearchEngine,
  query: string,
  k: number,
  options: SearchOptions,
  accept: (documentId: string | undefined) => boolean,
): Ranked {
  const t0 = performance.now();
  const wanted = options.filters?.collectionIds;
  const docOf = new Map<string, string>();
  const all: RankedItem[] = [];
  for (const index of engine.indexes.keyword.values()) {
    if (wanted && !wanted.includes(index.collectionId)) continue;
    const filter = (id: string) => accept(index.catalog.documentOf(id));
    for (const hit of index.bm25.search(query, k, { prefix: options.prefix ?? false, filter })) {
      all.push(hit);
      const documentId = index.catalog.documentOf(hit.id);
      if (documentId !== undefined) docOf.set(hit.id, documentId);
    }
  }
  all.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return { list: all.slice(0, k), docOf, ms: performance.now() - t0 };
}

function semanticSearch(
  index: VectorIndex,
  vector: Float32Array,
  k: number,
  options: SearchOptions,
  accept: (documentId: string | undefined) => boolean,
): Ranked {
  const t0 = performance.now();
  const docOf = new Map<string, string>();
  const hits = index.hnsw.search(vector, k, {
    ef: options.ef ?? efFor(index.hnsw.size, k),
    filter: (id) => accept(index.catalog.documentOf(String(id))),
  });
  const list = hits.map((h) => {
    const id = String(h.id);
    const documentId = index.catalog.documentOf(id);
    if (documentId !== undefined) docOf.set(id, documentId);
    return { id, score: h.score };
  });
  return { list, docOf, ms: performance.now() - t0 };
}

export interface SemanticOutcome {
  ranked: Ranked | undefined;
  embedMs: number | undefined;
  modelId: string | undefined;
  note: string | undefined;
}

export async function trySemantic(
  engine: SearchEngine,
  query: string,
  k: number,
  options: SearchOptions,
  accept: (documentId: string | undefined) => boolean,
  embed: QueryEmbedder,
  signal: AbortSignal,
): Promise<SemanticOutcome> {
  const usable = [...engine.indexes.vector.values()].filter((i) => i.hnsw.size > 0);
  if (usable.length === 0) {
    return {
      ranked: undefined,
      embedMs: undefined,
      modelId: undefined,
      note: 'No passages have meaning vectors yet.',
    };
  }
  const t0 = performance.now();
  const result = options.queryVector ?? (await embed(query, signal));
  const embedMs = performance.now() - t0;
  if ('unavailable' in result)
    return { ranked: undefined, embedMs: undefined, modelId: undefined, note: result.unavailable };
  const index = engine.indexes.vector.get(result.modelId);
  if (!index || index.hnsw.size === 0) {
    const note = `The loaded embedding model (${result.modelId}) has not embedded your documents yet.`;
    return { ranked: undefined, embedMs, modelId: undefined, note };
  }
  if (index.dims !== result.vector.length) {
    const note = `The query vector has ${String(result.vector.length)} dimensions, the index ${String(index.dims)}.`;
    return { ranked: undefined, embedMs, modelId: undefined, note };
  }
  return {
    ranked: semanticSearch(index, result.vector, k, options, accept),
    embedMs,
    modelId: result.modelId,
    note: undefined,
  };
}

export function fuse(
  keyword: Ranked | undefined,
  semantic: Ranked | undefined,
  pictures?: Ranked,
): RankedItem[] {
  const lists = [semantic, keyword, pictures].flatMap((r) => (r && r.list.length > 0 ? [r.list] : []));
  if (lists.length > 1) return reciprocalRankFusion(lists);
  return lists[0] ?? [];
}

/**
 * Pictures found by what they show (ADR 0079): the query through the image–text model's text tower, then
 * that model's index of picture vectors. Nothing when no such model is ready or no picture has a vector.
 */
export async function tryPictures(
  engine: SearchEngine,
  query: string,
  k: number,
  options: SearchOptions,
  accept: (documentId: string | undefined) => boolean,
  embed: QueryEmbedder,
  signal: AbortSignal,
): Promise<Ranked | undefined> {
  const result = await embed(query, signal);
  if ('unavailable' in result) return undefined;
  const index = engine.indexes.vector.get(result.modelId);
  if (!index || index.hnsw.size === 0 || index.dims !== result.vector.length) return undefined;
  return semanticSearch(index, result.vector, k, options, accept);
}

/** The timings of a finished query, recorded on the engine (Diagnostics shows the last one). */
export function recordTimings(
  engine: SearchEngine,
  t0: number,
  keyword: Ranked | undefined,
  semantic: SemanticOutcome | undefined,
  mode: SearchMode,
): SearchTimings {
  const timings = {
    totalMs: performance.now() - t0,
    keywordMs: keyword?.ms ?? 0,
    embedMs: semantic?.embedMs,
    semanticMs: semantic?.ranked?.ms,
  };
  engine.recordQuery(timings, mode);
  return timings;
}

export async function runSearch(
  engine: SearchEngine,
  query: string,
  options: SearchOptions,
  embed: QueryEmbedder,
  signal: AbortSignal,
  embedForPictures?: QueryEmbedder,
): Promise<SearchResponse> {
  const t0 = performance.now();
  await engine.ready();
  signal.throwIfAborted();
  const k = options.k ?? DEFAULT_K;
  const accept = documentFilter(options.filters, engine.indexes.documents);
  const text = query.trim();
  const empty: SearchResponse = {
    query,
    requestedMode: options.mode,
    mode: options.mode,
    note: undefined,
    documents: [],
    modelId: undefined,
    timings: { totalMs: 0, keywordMs: 0, embedMs: undefined, semanticMs: undefined },
  };
  if (text === '') return empty;

  const semantic =
    options.mode === 'keyword'
      ? undefined
      : await trySemantic(engine, text, k, options, accept, embed, signal);
  signal.throwIfAborted();
  let mode = options.mode;
  if (mode === 'hybrid' && !semantic?.ranked) mode = 'keyword';
  const keyword = options.mode === 'semantic' ? undefined : keywordSearch(engine, text, k, options, accept);
  const pictures =
    options.mode === 'keyword' || !embedForPictures
      ? undefined
      : await tryPictures(engine, text, k, options, accept, embedForPictures, signal);
  signal.throwIfAborted();
  const fused = fuse(keyword, semantic?.ranked, pictures);
  const keywordScores = new Map(keyword?.list.map((h) => [h.id, h.score]));
  // A picture's similarity is a meaning score too (its passage has no text vector to compete with).
  const semanticScores = new Map(
    [...(semantic?.ranked?.list ?? []), ...(pictures?.list ?? [])].map((h) => [h.id, h.score]),
  );
  const docOf = new Map([
    ...(keyword?.docOf ?? []),
    ...(semantic?.ranked?.docOf ?? []),
    ...(pictures?.docOf ?? []),
  ]);

  const documents = await groupByDocument(engine, fused.slice(0, k), docOf, options, text, {
    keyword: keywordScores,
    semantic: semanticScores,
  });
  const timings = recordTimings(engine, t0, keyword, semantic, mode);
  let note = semantic?.note;
  if (note !== undefined && options.mode === 'hybrid') note = `${note} Showing keyword matches only.`;
  return {
    ...empty,
    mode,
    note,
    documents,
    modelId: semantic?.modelId,
    timings,
  };
}

async function groupByDocument(
  engine: SearchEngine,
  fused: RankedItem[],
  docOf: Map<string, string>,
  options: SearchOptions,
  query: string,
  scores: { keyword: Map<string, number>; semantic: Map<string, number> },
): Promise<DocumentHit[]> {
  const perDocument = options.perDocument ?? DEFAULT_PER_DOCUMENT;
  const groups = new Map<string, RankedItem[]>();
  for (const item of fused) {
    const documentId = docOf.get(item.id);
    if (documentId === undefined) continue;
    const group = groups.get(documentId) ?? [];
    if (group.length < perDocument) group.push(item);
    groups.set(documentId, group);
  }
  const wanted = [...groups.values()].flat().map((item) => item.id);
  const chunks = new Map(
    (await engine.db.chunks.bulkGet(wanted)).flatMap((c) => (c ? [[c.id, c] as const] : [])),
  );
  const out: DocumentHit[] = [];
  for (const [documentId, items] of groups) {
    const doc = engine.indexes.documents.get(documentId);
    if (!doc) continue;
    const passages: PassageHit[] = [];
    for (const item of items) {
      const chunk = chunks.get(item.id);
      if (!chunk) continue;
      const snippet = makeSnippet(chunk.text, query, options.prefix ?? false);
      passages.push({
        chunkId: chunk.id,
        documentId,
        snippet: snippet.text,
        highlights: snippet.highlights,
        headingPath: chunk.headingPath,
        page: chunk.location.page ?? chunk.location.pages?.[0]?.page,
        location: chunk.location,
        scores: {
          keyword: scores.keyword.get(item.id),
          semantic: scores.semantic.get(item.id),
          fused: item.score,
        },
      });
    }
    const best = passages[0];
    if (!best) continue;
    out.push({
      documentId,
      title: doc.title,
      type: doc.type,
      collectionId: doc.collectionId,
      score: best.scores.fused,
      passages,
      ...defined({ thumbnail: doc.image?.thumbnail }),
    });
  }
  return out;
}
