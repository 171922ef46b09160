// Retrieval for the chat (ADR 0140): the same query path as search (hybrid when an embedding model can
// embed the question, keyword otherwise; scope filters applied inside both indexes), but it answers with
// whole passages in fused order rather than snippets grouped by document, because the model reads the
// passage text and the citation opens the passage. It also returns the evidence the abstain decision
// needs (core/rag/abstain): the semantic similarities of the best passages, the best BM25 score, and
// how many of the question's terms that best keyword passage contains.
import type { RetrievalEvidence } from '../core/rag/abstain';
import { analyzeQuery, analyzeTerms } from '../core/text/analyzer';
import type {
  RetrievedPassage,
  RetrieveOptions,
  RetrieveResponse,
  SearchOptions,
} from '../../workers/contracts/search';
import { documentFilter, fuse, keywordSearch, recordTimings, trySemantic, type QueryEmbedder } from './query';
import type { SearchEngine } from './search-engine';

/** Passages a chat question retrieves by default: more than a prompt holds, so packing can choose. */
export const DEFAULT_RETRIEVE_K = 12;

export async function runRetrieve(
  engine: SearchEngine,
  question: string,
  options: RetrieveOptions,
  embed: QueryEmbedder,
  signal: AbortSignal,
): Promise<RetrieveResponse> {
  const t0 = performance.now();
  await engine.ready();
  signal.throwIfAborted();
  const requestedMode = options.mode ?? 'hybrid';
  const k = options.k ?? DEFAULT_RETRIEVE_K;
  const text = question.trim();
  const terms = new Set(analyzeQuery(text).terms);
  const search: SearchOptions = {
    mode: requestedMode,
    k,
    ...(options.filters ? { filters: options.filters } : {}),
    ...(options.queryVector ? { queryVector: options.queryVector } : {}),
  };
  const accept = documentFilter(options.filters, engine.indexes.documents);
  const semantic =
    requestedMode === 'keyword' || text === ''
      ? undefined
      : await trySemantic(engine, text, k, search, accept, embed, signal);
  signal.throwIfAborted();
  const keyword =
    requestedMode === 'semantic' || text === '' ? undefined : keywordSearch(engine, text, k, search, accept);
  let mode = requestedMode;
  if (mode === 'hybrid' && !semantic?.ranked) mode = 'keyword';
  const fused = fuse(keyword, semantic?.ranked).slice(0, k);
  const keywordScores = new Map(keyword?.list.map((h) => [h.id, h.score]));
  const semanticScores = new Map(semantic?.ranked?.list.map((h) => [h.id, h.score]));

  const bestKeyword = keyword?.list[0];
  const wanted = [...new Set([...fused.map((f) => f.id), ...(bestKeyword ? [bestKeyword.id] : [])])];
  const chunks = new Map(
    (await engine.db.chunks.bulkGet(wanted)).flatMap((c) => (c ? [[c.id, c] as const] : [])),
  );
  const passages: RetrievedPassage[] = [];
  for (const item of fused) {
    const chunk = chunks.get(item.id);
    const doc = chunk ? engine.indexes.documents.get(chunk.documentId) : undefined;
    if (!chunk || !doc) continue;
    passages.push({
      chunkId: chunk.id,
      documentId: chunk.documentId,
      versionId: chunk.versionId,
      ordinal: chunk.ordinal,
      title: doc.title,
      type: doc.type,
      headingPath: chunk.headingPath,
      location: chunk.location,
      text: chunk.text,
      score: item.score,
      scores: {
        keyword: keywordScores.get(item.id),
        semantic: semanticScores.get(item.id),
        fused: item.score,
      },
    });
  }

  // The best keyword passage's terms, read as the index reads them (title, headings, body).
  const bestChunk = bestKeyword ? chunks.get(bestKeyword.id) : undefined;
  const bestTitle = bestChunk ? (engine.indexes.documents.get(bestChunk.documentId)?.title ?? '') : '';
  const bestTerms = new Set(
    bestChunk ? analyzeTerms(`${bestTitle} ${bestChunk.headingPath.join(' ')} ${bestChunk.text}`) : [],
  );
  const evidence: RetrievalEvidence = {
    passageCount: passages.length,
    semantic: (semantic?.ranked?.list ?? []).map((h) => h.score).sort((a, b) => b - a),
    keyword: bestKeyword?.score,
    queryTerms: terms.size,
    matchedTerms: [...terms].filter((t) => bestTerms.has(t)).length,
  };
  const timings = recordTimings(engine, t0, keyword, semantic, mode);
  let note = semantic?.note;
  if (note !== undefined && requestedMode === 'hybrid') note = `${note} Using keyword matches only.`;
  return {
    question,
    requestedMode,
    mode,
    note,
    passages,
    evidence,
    modelId: semantic?.modelId,
    timings,
  };
}
