// The search worker's API: it owns the keyword (BM25, one per library) and vector (HNSW, one per
// embedding model) indexes in memory, is the only writer of their stored segments, keeps them in step
// with IndexedDB (syncFromDb), and answers queries in keyword, semantic or hybrid mode. Type-only.
import type { SearchMode } from '../../src/core/fusion';
import type { RetrievalEvidence } from '../../src/core/rag/abstain';
import type { Passage } from '../../src/core/rag/types';
import type { Span } from '../../src/core/text/highlight';
import type { ChunkLocation, DocumentType } from '../../src/db/types';
import type { BaseApi } from './base';

export type { Passage, RetrievalEvidence, SearchMode, Span };

export interface SearchFilters {
  /** Libraries to search; all when absent. */
  collectionIds?: string[];
  types?: DocumentType[];
  /** Documents added at or after / before these times (epoch ms). */
  addedFrom?: number;
  addedTo?: number;
  /** Documents carrying any of these tags. */
  tags?: string[];
  documentIds?: string[];
}

export interface SearchOptions {
  mode: SearchMode;
  /** Passages to retrieve before grouping by document (default 50). */
  k?: number;
  filters?: SearchFilters;
  /** Treat the last word as unfinished (search-as-you-type). */
  prefix?: boolean;
  /** Best passages kept per document (default 3). */
  perDocument?: number;
  /** HNSW beam width; by default chosen from the index size (ADR 0050). */
  ef?: number;
  /** A query vector the caller already has (eval, benches): used instead of asking the embed worker. */
  queryVector?: { modelId: string; vector: Float32Array };
}

export interface PassageHit {
  chunkId: string;
  documentId: string;
  /** A window of the passage around its best matches. */
  snippet: string;
  /** Character spans of `snippet` to mark. */
  highlights: Span[];
  headingPath: string[];
  page: number | undefined;
  location: ChunkLocation;
  scores: { keyword: number | undefined; semantic: number | undefined; fused: number };
}

export interface DocumentHit {
  documentId: string;
  title: string;
  type: DocumentType;
  collectionId: string;
  /** The best passage's fused score. */
  score: number;
  passages: PassageHit[];
  /** An image document's stored thumbnail, for the result list (ADR 0072). */
  thumbnail?: Blob;
}

export interface SearchTimings {
  totalMs: number;
  keywordMs: number;
  embedMs: number | undefined;
  semanticMs: number | undefined;
}

export interface SearchResponse {
  query: string;
  requestedMode: SearchMode;
  /** What actually ran: hybrid degrades to keyword when no embedding model can embed the query. */
  mode: SearchMode;
  /** Something a person should know about these results ("no embedding model is loaded…"). */
  note: string | undefined;
  documents: DocumentHit[];
  /** The embedding model the semantic half used. */
  modelId: string | undefined;
  timings: SearchTimings;
}

export interface RetrieveOptions {
  /** Hybrid by default; it degrades to keyword when no embedding model can embed the question. */
  mode?: SearchMode;
  /** Passages to return (default 12). */
  k?: number;
  /** The chat's scope: the whole library (none), collectionIds, or documentIds. */
  filters?: SearchFilters;
  /** A question vector the caller already has (tests, benches). */
  queryVector?: { modelId: string; vector: Float32Array };
}

/** A passage for the chat: the whole chunk text (not a snippet), with its scores and document type. */
export interface RetrievedPassage extends Passage {
  type: DocumentType;
  /** The stored location (a SourceLocation as core reads it). */
  location: ChunkLocation;
  scores: { keyword: number | undefined; semantic: number | undefined; fused: number };
}

export interface RetrieveResponse {
  question: string;
  requestedMode: SearchMode;
  mode: SearchMode;
  note: string | undefined;
  /** Strongest first. */
  passages: RetrievedPassage[];
  /** What the abstain decision reads (core/rag/abstain). */
  evidence: RetrievalEvidence;
  /** The embedding model the semantic half used (its abstain calibration applies). */
  modelId: string | undefined;
  timings: SearchTimings;
}

export interface IndexStats {
  indexKey: string;
  kind: 'hnsw' | 'bm25';
  documents: number;
  passages: number;
  /** How it came to be in memory: loaded from storage, built fresh, or rebuilt (and why). */
  origin: 'loaded' | 'built' | 'rebuilt';
  rebuildReason: string | undefined;
  loadMs: number | undefined;
}

export interface SyncReport {
  added: number;
  removed: number;
  documents: number;
  ms: number;
}

export interface SearchStats {
  isReady: boolean;
  isSyncing: boolean;
  /** This worker saves index segments (it holds the index writer lock). */
  isWriter: boolean;
  /** From worker start until the stored indexes were loaded (ready for queries). */
  readyMs: number | undefined;
  indexes: IndexStats[];
  lastSync: SyncReport | undefined;
  lastSaveMs: number | undefined;
  saves: number;
  lastError: string | undefined;
  /** Timings of the last query answered. */
  lastQuery: (SearchTimings & { mode: SearchMode }) | undefined;
}

export interface SearchOpenOptions {
  /** Another database (tests); the app uses the default one. */
  databaseName?: string;
  /** Build settings of new vector indexes (tests); stored ones with other settings are rebuilt. */
  vector?: { M: number; efConstruction: number };
  /** Milliseconds between the last change and the save (default 2000). */
  saveDelayMs?: number;
  /** Follow database changes by itself (default true). */
  watch?: boolean;
}

export interface SearchApi extends BaseApi {
  /** Optional first call: where and how to open. Any other call opens with the defaults. */
  open(options: SearchOpenOptions): Promise<void>;
  /** Indexes what the database holds and the indexes do not (and drops what is gone). Idempotent. */
  syncFromDb(): Promise<SyncReport>;
  /** Drops documents from every index now (a delete path), without waiting for a sync. */
  removeDocuments(documentIds: string[]): Promise<void>;
  search(query: string, options: SearchOptions): Promise<SearchResponse>;
  /** Full passages for a chat question, strongest first, with the evidence to decide whether to answer. */
  retrieve(question: string, options: RetrieveOptions): Promise<RetrieveResponse>;
  stats(): Promise<SearchStats>;
  /** Saves changed indexes now instead of after the debounce. */
  flush(): Promise<void>;
}
