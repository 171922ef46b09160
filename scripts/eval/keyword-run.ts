// Keyword retrieval over a BEIR corpus through the real index code: documents become passages,
// passages are indexed by Bm25Index, and passage hits are folded back into a ranking of
// documents (best passage per document).

import { Bm25Index } from '../../src/core/bm25/bm25-index';
import type { Bm25Settings } from '../../src/core/bm25/settings';
import type { BeirDataset, BeirDocument } from './beir';

export interface Passage {
  readonly id: string;
  readonly docId: string;
  readonly title: string;
  readonly headings: string;
  readonly body: string;
}

/**
 * Documents → passages for the keyword baseline: each document is one passage (title + text), the
 * setting BM25 was tuned and gated on (ADR 0061). Semantic and hybrid modes chunk documents as
 * ingest does instead (passages.ts, ADR 0112).
 */
export function passagesOf(doc: BeirDocument): Passage[] {
  return [{ id: doc.id, docId: doc.id, title: doc.title, headings: '', body: doc.text }];
}

export interface KeywordRun {
  /** Query id → ranked document ids (at most `depth`). */
  readonly run: Map<string, string[]>;
  readonly indexMs: number;
  readonly searchMs: number;
}

export function keywordRun(
  dataset: BeirDataset,
  settings: Partial<Bm25Settings> = {},
  depth = 100,
): KeywordRun {
  const started = performance.now();
  const index = new Bm25Index(settings);
  const docOf = new Map<string, string>();
  for (const doc of dataset.corpus) {
    for (const passage of passagesOf(doc)) {
      docOf.set(passage.id, passage.docId);
      index.add({
        id: passage.id,
        fields: { title: passage.title, headings: passage.headings, body: passage.body },
      });
    }
  }
  const indexed = performance.now();
  const run = new Map<string, string[]>();
  for (const [queryId, query] of dataset.queries) {
    const ranked: string[] = [];
    const seen = new Set<string>();
    // Over-fetch a little: several passages may share a document, and the query itself may be
    // a document of the corpus (dropped, as BEIR does).
    for (const hit of index.search(query, depth * 2 + 1)) {
      const docId = docOf.get(hit.id) ?? hit.id;
      if (docId === queryId || seen.has(docId)) continue;
      seen.add(docId);
      ranked.push(docId);
      if (ranked.length === depth) break;
    }
    run.set(queryId, ranked);
  }
  return { run, indexMs: indexed - started, searchMs: performance.now() - indexed };
}
