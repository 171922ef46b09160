// Entry point of the search worker: serves its contract. Index state, sync, persistence and the query
// path live in src/search; query vectors come from the embed worker over the port the supervisor wires,
// and from the vision worker's image–text model for pictures.
import { errorForPeople } from '../src/core/errors';
import { runSearch, type QueryEmbedder } from '../src/search/query';
import { runRetrieve } from '../src/search/retrieve';
import { SearchEngine } from '../src/search/search-engine';
import type { RetrieveOptions, SearchApi, SearchOpenOptions, SearchOptions } from './contracts/search';
import { baseApi, peer, serve, type CallContext } from './host';

const startedAt = performance.now();
let engine: SearchEngine | undefined;

function current(options: SearchOpenOptions = {}): SearchEngine {
  engine ??= new SearchEngine(options, startedAt);
  return engine;
}

/** The loaded embedder embeds the query; no model, or no embed worker, is a reason, not an error. */
const embedQuery: QueryEmbedder = async (text, signal) => {
  const embed = peer('embed').with({ signal });
  try {
    const info = await embed.info();
    if (!info) return { unavailable: 'No embedding model is loaded, so meaning-based search is off.' };
    const result = await embed.embed([text], { kind: 'query' });
    return { vector: result.vectors.subarray(0, result.dims), modelId: result.modelKey };
  } catch (error) {
    signal.throwIfAborted();
    return { unavailable: `The embedding model could not embed the query (${errorForPeople(error)}).` };
  }
};

/** How long a query waits for the vision worker (which may be inside a long OCR step) before going on without pictures. */
const PICTURE_QUERY_WAIT_MS = 1_500;

/**
 * The image–text model's text tower embeds the query, so pictures are found by what they show; no such
 * model, or a vision worker busy past the wait, leaves pictures out of this query.
 */
const embedForPictures: QueryEmbedder = async (text, signal) => {
  const wait = new AbortController();
  const timer = setTimeout(() => {
    wait.abort();
  }, PICTURE_QUERY_WAIT_MS);
  const both = AbortSignal.any([signal, wait.signal]);
  try {
    const vision = peer('vision').with({ signal: both });
    const { imageText } = await vision.info();
    if (!imageText) return { unavailable: 'No image search model is loaded.' };
    const result = await vision.embedText([text]);
    return { vector: result.vectors.subarray(0, result.dims), modelId: result.modelKey };
  } catch (error) {
    signal.throwIfAborted();
    return { unavailable: `Pictures were left out (${errorForPeople(error)}).` };
  } finally {
    clearTimeout(timer);
  }
};

const api = {
  ...baseApi,
  open(this: CallContext, options: SearchOpenOptions) {
    if (engine) throw new Error('The search worker is already open.');
    return current(options).ready();
  },
  syncFromDb(this: CallContext) {
    return current().sync();
  },
  removeDocuments(this: CallContext, documentIds: string[]) {
    return current().removeDocuments(documentIds);
  },
  search(this: CallContext, query: string, options: SearchOptions) {
    return runSearch(current(), query, options, embedQuery, this.signal, embedForPictures);
  },
  retrieve(this: CallContext, question: string, options: RetrieveOptions) {
    return runRetrieve(current(), question, options, embedQuery, this.signal);
  },
  async stats(this: CallContext) {
    const e = current();
    await e.ready();
    return e.stats();
  },
  flush(this: CallContext) {
    return current().flush();
  },
} satisfies SearchApi;

serve('search', api);
