// In-memory Okapi BM25 keyword index over passages with weighted fields (BM25F: each field's
// term frequency is normalised by that field's average length, weighted by its boost, and the
// sum is saturated once with k1). Passages can be added and removed one by one; scores then
// equal those of an index built from scratch over the same passages. The last query word can
// act as a prefix for search-as-you-type. Serialisation lives in ./segments.ts.

import { analyzeQuery, analyzeTerms } from '../text/analyzer';
import { PostingList } from './postings';
import { bm25Settings, type Bm25Settings } from './settings';
import { TopK, type ScoredId } from './top-k';

export interface Bm25Document {
  readonly id: string;
  /** Field name → text; fields the settings do not name are ignored, missing ones are empty. */
  readonly fields: Readonly<Partial<Record<string, string>>>;
}

export interface Bm25SearchOptions {
  /** Keep only passages for which this returns true (collection, document type, ...). */
  readonly filter?: (id: string) => boolean;
  /** Treat an unfinished last word as a prefix (search-as-you-type). */
  readonly prefix?: boolean;
}

export type Bm25Hit = ScoredId;

/** At most this many dictionary terms stand in for one typed prefix (the most frequent). */
const MAX_PREFIX_EXPANSIONS = 64;

/** Internal state shared with the serialiser. Slots of removed passages stay empty. */
export interface Bm25State {
  readonly terms: string[];
  readonly postings: PostingList[];
  readonly docIds: (string | undefined)[];
  /** Field lengths in terms, `slot * fieldCount + field`. */
  readonly lengths: number[];
}

export class Bm25Index {
  readonly settings: Bm25Settings;
  readonly #fieldCount: number;
  readonly #boosts: Float64Array;
  readonly #terms: string[];
  readonly #postings: PostingList[];
  readonly #termIds = new Map<string, number>();
  readonly #docIds: (string | undefined)[];
  readonly #slots = new Map<string, number>();
  readonly #lengths: number[];
  readonly #totals: number[];
  #docCount = 0;
  /** Forward index (slot → term ids) for removal; rebuilt from postings when first needed. */
  #docTerms: (Uint32Array | undefined)[] | undefined = [];
  #norms: Float64Array | undefined;
  #sortedTerms: string[] | undefined;
  #scratch = new Float64Array(0);
  #best = new Float64Array(0);

  constructor(settings: Partial<Bm25Settings> = {}, state?: Bm25State) {
    this.settings = bm25Settings(settings);
    this.#fieldCount = this.settings.fields.length;
    this.#boosts = Float64Array.from(this.settings.fields, (f) => f.boost);
    this.#terms = state?.terms ?? [];
    this.#postings = state?.postings ?? [];
    this.#docIds = state?.docIds ?? [];
    this.#lengths = state?.lengths ?? [];
    this.#totals = new Array<number>(this.#fieldCount).fill(0);
    this.#terms.forEach((term, id) => this.#termIds.set(term, id));
    this.#docIds.forEach((id, slot) => {
      if (id === undefined) return;
      this.#slots.set(id, slot);
      this.#docCount += 1;
      for (let f = 0; f < this.#fieldCount; f += 1) {
        this.#totals[f] = (this.#totals[f] ?? 0) + (this.#lengths[slot * this.#fieldCount + f] ?? 0);
      }
    });
    if (state !== undefined) this.#docTerms = undefined;
  }

  /** Number of passages in the index. */
  get size(): number {
    return this.#docCount;
  }

  has(id: string): boolean {
    return this.#slots.has(id);
  }

  /** Read-only view of the internals, for serialisation. */
  state(): Readonly<Bm25State> {
    return { terms: this.#terms, postings: this.#postings, docIds: this.#docIds, lengths: this.#lengths };
  }

  /** Add a passage, replacing any passage with the same id. */
  add(doc: Bm25Document): void {
    this.remove(doc.id);
    const fieldCount = this.#fieldCount;
    const slot = this.#docIds.length;
    const counts = new Map<string, number[]>();
    this.settings.fields.forEach((field, f) => {
      const terms = analyzeTerms(doc.fields[field.name] ?? '', this.settings.analysis);
      this.#lengths[slot * fieldCount + f] = terms.length;
      this.#totals[f] = (this.#totals[f] ?? 0) + terms.length;
      for (const term of terms) {
        let tfs = counts.get(term);
        if (tfs === undefined) {
          tfs = new Array<number>(fieldCount).fill(0);
          counts.set(term, tfs);
        }
        tfs[f] = (tfs[f] ?? 0) + 1;
      }
    });
    const termIds = new Uint32Array(counts.size);
    let i = 0;
    for (const [term, tfs] of counts) {
      const termId = this.#termId(term);
      this.#postings[termId]?.push(slot, tfs);
      termIds[i] = termId;
      i += 1;
    }
    this.#docIds.push(doc.id);
    this.#slots.set(doc.id, slot);
    if (this.#docTerms !== undefined) this.#docTerms[slot] = termIds;
    this.#docCount += 1;
    this.#norms = undefined;
  }

  /** Remove a passage; returns whether it was in the index. */
  remove(id: string): boolean {
    const slot = this.#slots.get(id);
    if (slot === undefined) return false;
    const docTerms = this.#forwardIndex();
    for (const termId of docTerms[slot] ?? []) this.#postings[termId]?.remove(slot);
    for (let f = 0; f < this.#fieldCount; f += 1) {
      const at = slot * this.#fieldCount + f;
      this.#totals[f] = (this.#totals[f] ?? 0) - (this.#lengths[at] ?? 0);
      this.#lengths[at] = 0;
    }
    docTerms[slot] = undefined;
    this.#docIds[slot] = undefined;
    this.#slots.delete(id);
    this.#docCount -= 1;
    this.#norms = undefined;
    return true;
  }

  /** The `k` best passages for `query`, best first. */
  search(query: string, k: number, options: Bm25SearchOptions = {}): Bm25Hit[] {
    const analyzed = analyzeQuery(query, this.settings.analysis, options.prefix ?? false);
    const slotCount = this.#docIds.length;
    if (this.#scratch.length < slotCount) this.#scratch = new Float64Array(slotCount * 2);
    const scores = this.#scratch;
    const touched: number[] = [];

    const queryTfs = new Map<string, number>();
    for (const term of analyzed.terms) queryTfs.set(term, (queryTfs.get(term) ?? 0) + 1);
    for (const [term, qtf] of queryTfs) {
      const termId = this.#termIds.get(term);
      if (termId !== undefined) this.#accumulate(termId, qtf, scores, touched);
    }
    if (analyzed.prefix !== undefined) this.#accumulatePrefix(analyzed.prefix, scores, touched);

    const top = new TopK(k);
    for (const slot of touched) {
      const score = scores[slot] ?? 0;
      scores[slot] = 0;
      const id = this.#docIds[slot];
      if (id === undefined || (options.filter !== undefined && !options.filter(id))) continue;
      top.offer({ id, score });
    }
    return top.sorted();
  }

  /** Add `weight ×` the BM25 contribution of one term to every passage containing it. */
  #accumulate(
    termId: number,
    weight: number,
    scores: Float64Array,
    touched: number[],
    idfOverride?: number,
  ): void {
    const list = this.#postings[termId];
    if (list === undefined || list.length === 0) return;
    const { k1 } = this.settings;
    const norms = this.#fieldNorms();
    const fieldCount = this.#fieldCount;
    const boosts = this.#boosts;
    const n = this.#docCount;
    const df = list.length;
    const idf = idfOverride ?? Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const docs = list.docs;
    const tfs = list.tfs;
    for (let i = 0; i < docs.length; i += 1) {
      const slot = docs[i] ?? 0;
      let tf = 0;
      for (let f = 0; f < fieldCount; f += 1) {
        const raw = tfs[i * fieldCount + f] ?? 0;
        if (raw > 0) tf += ((boosts[f] ?? 0) * raw) / (norms[slot * fieldCount + f] ?? 1);
      }
      if (tf <= 0) continue;
      if (scores[slot] === 0) touched.push(slot);
      scores[slot] = (scores[slot] ?? 0) + (weight * idf * tf * (k1 + 1)) / (k1 + tf);
    }
  }

  /**
   * Score the unfinished last word as one pseudo-term: its idf comes from the passages holding
   * any completion (so a rare completion such as a joined compound does not outrank the common
   * word the person is typing), each completion's frequency is weighted by how much of it was
   * typed, and a passage keeps its best completion only, so a whole-word match outranks a longer
   * completion and a passage does not win just by holding many words with that prefix.
   */
  #accumulatePrefix(
    prefix: { readonly folded: string; readonly term: string },
    scores: Float64Array,
    touched: number[],
  ): void {
    const expansions = this.#expandPrefix(prefix.folded, prefix.term);
    if (expansions.length === 0) return;
    if (this.#best.length < scores.length) this.#best = new Float64Array(scores.length);
    const best = this.#best;
    const holders = new Uint8Array(scores.length);
    let df = 0;
    for (const { termId } of expansions) {
      for (const slot of this.#postings[termId]?.docs ?? []) {
        if (holders[slot] === 0) df += 1;
        holders[slot] = 1;
      }
    }
    const idf = Math.log(1 + (this.#docCount - df + 0.5) / (df + 0.5));
    const prefixTouched: number[] = [];
    const single = new Float64Array(best.length);
    for (const { termId, weight } of expansions) {
      const local: number[] = [];
      this.#accumulate(termId, weight, single, local, idf);
      for (const slot of local) {
        const value = single[slot] ?? 0;
        single[slot] = 0;
        if ((best[slot] ?? 0) === 0) prefixTouched.push(slot);
        if (value > (best[slot] ?? 0)) best[slot] = value;
      }
    }
    for (const slot of prefixTouched) {
      if (scores[slot] === 0) touched.push(slot);
      scores[slot] = (scores[slot] ?? 0) + (best[slot] ?? 0);
      best[slot] = 0;
    }
  }

  #expandPrefix(folded: string, stem: string): { termId: number; weight: number }[] {
    const sorted = this.#sortedDictionary();
    const found = new Map<number, number>();
    const exact = this.#termIds.get(stem);
    if (exact !== undefined) found.set(exact, 1);
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] ?? '') < folded) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length; i += 1) {
      const term = sorted[i] ?? '';
      if (!term.startsWith(folded)) break;
      const termId = this.#termIds.get(term);
      if (termId === undefined || found.has(termId)) continue;
      found.set(termId, term === folded ? 1 : folded.length / term.length);
    }
    return [...found]
      .map(([termId, weight]) => ({ termId, weight, df: this.#postings[termId]?.length ?? 0 }))
      .filter((e) => e.df > 0)
      .sort((x, y) => y.weight - x.weight || y.df - x.df)
      .slice(0, MAX_PREFIX_EXPANSIONS);
  }

  #termId(term: string): number {
    let termId = this.#termIds.get(term);
    if (termId === undefined) {
      termId = this.#terms.length;
      this.#terms.push(term);
      this.#postings.push(new PostingList(this.#fieldCount));
      this.#termIds.set(term, termId);
      this.#sortedTerms = undefined;
    }
    return termId;
  }

  #sortedDictionary(): string[] {
    this.#sortedTerms ??= [...this.#terms].sort();
    return this.#sortedTerms;
  }

  /** Per passage and field: 1 − b + b · length / average length (cached until the next change). */
  #fieldNorms(): Float64Array {
    if (this.#norms !== undefined) return this.#norms;
    const { b } = this.settings;
    const fieldCount = this.#fieldCount;
    const norms = new Float64Array(this.#docIds.length * fieldCount);
    const averages = this.#totals.map((total) => (this.#docCount > 0 ? total / this.#docCount : 0));
    for (let slot = 0; slot < this.#docIds.length; slot += 1) {
      for (let f = 0; f < fieldCount; f += 1) {
        const average = averages[f] ?? 0;
        const length = this.#lengths[slot * fieldCount + f] ?? 0;
        norms[slot * fieldCount + f] = average > 0 ? 1 - b + (b * length) / average : 1;
      }
    }
    this.#norms = norms;
    return norms;
  }

  #forwardIndex(): (Uint32Array | undefined)[] {
    if (this.#docTerms !== undefined) return this.#docTerms;
    const counts = new Uint32Array(this.#docIds.length);
    for (const list of this.#postings) for (const slot of list.docs) counts[slot] = (counts[slot] ?? 0) + 1;
    const docTerms: (Uint32Array | undefined)[] = Array.from(counts, (c) => new Uint32Array(c));
    const filled = new Uint32Array(this.#docIds.length);
    this.#postings.forEach((list, termId) => {
      for (const slot of list.docs) {
        const row = docTerms[slot];
        if (row === undefined) continue;
        row[filled[slot] ?? 0] = termId;
        filled[slot] = (filled[slot] ?? 0) + 1;
      }
    });
    this.#docTerms = docTerms;
    return docTerms;
  }
}
