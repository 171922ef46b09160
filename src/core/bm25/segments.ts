// Serialised form of a keyword index: a small header (format version, build settings, counts)
// and a handful of large typed arrays and strings, so that IndexedDB stores one record of a few
// big buffers per index instead of a record per term or passage, and loading is mostly taking
// views of those buffers. Removed passages are compacted away on the way out.

import { Bm25Index } from './bm25-index';
import { PostingList } from './postings';
import type { Bm25Settings } from './settings';

export const BM25_FORMAT = 'thinkbank-bm25';
export const BM25_FORMAT_VERSION = 1;

export interface Bm25Header {
  /** Plain string: a stored header is checked on load, never trusted. */
  readonly format: string;
  readonly version: number;
  readonly settings: Bm25Settings;
  readonly docCount: number;
  readonly termCount: number;
  readonly postingCount: number;
}

export interface Bm25Segments {
  readonly header: Bm25Header;
  /** Terms joined by "\n" (terms never contain whitespace), in term-id order. */
  readonly terms: string;
  /** Passage ids as a JSON array of strings, in slot order. */
  readonly docIds: string;
  /** Term-length of each field of each passage: `slot * fieldCount + field`. */
  readonly lengths: Uint32Array;
  /** Start of each term's postings in `postingDocs`; `termCount + 1` entries. */
  readonly postingStarts: Uint32Array;
  readonly postingDocs: Uint32Array;
  /** Per posting, the term's frequency in each field. */
  readonly postingTfs: Uint16Array;
}

/** Serialise an index; the result is structured-clone friendly (IndexedDB, postMessage). */
export function toSegments(index: Bm25Index): Bm25Segments {
  const state = index.state();
  const fieldCount = index.settings.fields.length;
  const newSlot = new Int32Array(state.docIds.length).fill(-1);
  const docIds: string[] = [];
  state.docIds.forEach((id, slot) => {
    if (id === undefined) return;
    newSlot[slot] = docIds.length;
    docIds.push(id);
  });
  const lengths = new Uint32Array(docIds.length * fieldCount);
  newSlot.forEach((to, from) => {
    if (to < 0) return;
    for (let f = 0; f < fieldCount; f += 1) {
      lengths[to * fieldCount + f] = state.lengths[from * fieldCount + f] ?? 0;
    }
  });

  const liveTerms: number[] = [];
  let postingCount = 0;
  state.postings.forEach((list, termId) => {
    if (list.length === 0) return;
    liveTerms.push(termId);
    postingCount += list.length;
  });
  const postingStarts = new Uint32Array(liveTerms.length + 1);
  const postingDocs = new Uint32Array(postingCount);
  const postingTfs = new Uint16Array(postingCount * fieldCount);
  const terms: string[] = [];
  let at = 0;
  liveTerms.forEach((termId, i) => {
    const list = state.postings[termId];
    if (list === undefined) return;
    terms.push(state.terms[termId] ?? '');
    postingStarts[i] = at;
    const docs = list.docs;
    // Slots only shrink when compacted, so the ascending order survives the renumbering.
    for (let j = 0; j < docs.length; j += 1) postingDocs[at + j] = newSlot[docs[j] ?? 0] ?? 0;
    postingTfs.set(list.tfs, at * fieldCount);
    at += docs.length;
  });
  postingStarts[liveTerms.length] = at;

  return {
    header: {
      format: BM25_FORMAT,
      version: BM25_FORMAT_VERSION,
      settings: index.settings,
      docCount: docIds.length,
      termCount: terms.length,
      postingCount,
    },
    terms: terms.join('\n'),
    docIds: JSON.stringify(docIds),
    lengths,
    postingStarts,
    postingDocs,
    postingTfs,
  };
}

/** Load an index from its segments; it answers queries with the settings it was built with. */
export function fromSegments(segments: Bm25Segments): Bm25Index {
  const { header } = segments;
  if (header.format !== BM25_FORMAT || header.version !== BM25_FORMAT_VERSION) {
    throw new Error(
      `This keyword index was saved in format ${header.format} v${header.version}; ` +
        `this version reads ${BM25_FORMAT} v${BM25_FORMAT_VERSION}. It needs rebuilding.`,
    );
  }
  const fieldCount = header.settings.fields.length;
  const terms = header.termCount === 0 ? [] : segments.terms.split('\n');
  const docIds = JSON.parse(segments.docIds) as string[];
  if (
    terms.length !== header.termCount ||
    docIds.length !== header.docCount ||
    segments.postingStarts.length !== header.termCount + 1 ||
    segments.postingDocs.length !== header.postingCount ||
    segments.postingTfs.length !== header.postingCount * fieldCount ||
    segments.lengths.length !== header.docCount * fieldCount
  ) {
    throw new Error('This keyword index is damaged (its parts disagree in size). It needs rebuilding.');
  }
  const postings = terms.map((_, termId) => {
    const from = segments.postingStarts[termId] ?? 0;
    const to = segments.postingStarts[termId + 1] ?? from;
    return new PostingList(
      fieldCount,
      segments.postingDocs.subarray(from, to),
      segments.postingTfs.subarray(from * fieldCount, to * fieldCount),
    );
  });
  return new Bm25Index(header.settings, {
    terms,
    postings,
    docIds,
    lengths: Array.from(segments.lengths),
  });
}
