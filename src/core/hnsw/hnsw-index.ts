// HNSW approximate nearest-neighbour index over unit vectors (cosine similarity as a dot
// product), in plain TypeScript for workers and Node. Storage is flat typed arrays (see
// graph-store.ts); inserts are incremental; deletes leave tombstones that still route searches
// but are never returned, and compact() rebuilds without them; int8 codes can speed up the walk
// with exact float rescoring of the final candidates. serialize()/deserialize() in format.ts.

import { deserializeState, serializeState } from './format';
import type { HnswHeader, HnswSegments, ExpectedSettings } from './format';
import { GraphSearch } from './graph-search';
import type { QueryRef } from './graph-search';
import { GraphStore } from './graph-store';
import { IdTable } from './id-table';
import type { VectorId } from './id-table';
import { encodeSlot, prepareQuery, trainScales } from './int8-quantizer';
import { addBackLink, LinkScratch, selectNeighbours, setLinks } from './linking';
import { resolveParams } from './params';
import type { HnswOptions, HnswParams } from './params';
import { Prng } from './prng';
import { MinHeap } from './heap';
import type { IndexState } from './index-state';
import { dotF32, writeNormalised } from './vector-math';

export interface SearchOptions {
  /** Beam width; defaults to the index's efSearch, never below k. */
  ef?: number;
  /** Only ids for which this returns true are returned (collection or document scoping). */
  filter?: (id: VectorId) => boolean;
}

export interface SearchHit {
  id: VectorId;
  /** Cosine similarity, computed from the float vectors. */
  score: number;
}

/** Everything an index is made of; what format.ts writes and reads. */

const MAX_LEVEL = 16;

export class HnswIndex {
  readonly params: HnswParams;
  private state: IndexState;
  private walker: GraphSearch;
  private readonly scratch: LinkScratch;
  private prng: Prng;
  private readonly levelFactor: number;
  private readonly queryBuffer: Float32Array;
  private readonly preparedBuffer: Float32Array;

  constructor(options: HnswOptions) {
    this.params = resolveParams(options);
    this.prng = new Prng(this.params.seed);
    this.state = this.emptyState();
    this.walker = new GraphSearch(this.state.store);
    this.scratch = new LinkScratch(2 * this.params.M + 2);
    this.levelFactor = 1 / Math.log(this.params.M);
    this.queryBuffer = new Float32Array(this.params.dims);
    this.preparedBuffer = new Float32Array(this.params.dims);
  }

  /** Loads an index written by serialize(); throws HnswFormatError when it cannot be used. */
  static deserialize(header: HnswHeader, segments: HnswSegments, expected: ExpectedSettings = {}): HnswIndex {
    const state = deserializeState(header, segments, expected);
    const index = new HnswIndex(state.params);
    index.adopt(state);
    return index;
  }

  /** Header and a few large buffers (copies: the index stays usable). See format.ts. */
  serialize(): { header: HnswHeader; segments: HnswSegments } {
    return serializeState({ ...this.state, prngState: this.prng.snapshot });
  }

  /** Number of live (not deleted) vectors. */
  get size(): number {
    return this.state.liveCount;
  }

  /** Deleted slots still held, as a fraction of all slots (0 when empty). */
  get tombstoneFraction(): number {
    const slots = this.state.store.count;
    return slots === 0 ? 0 : (slots - this.state.liveCount) / slots;
  }

  get isQuantized(): boolean {
    return this.state.scales !== undefined;
  }

  has(id: VectorId): boolean {
    return this.state.ids.slotOf(id) >= 0;
  }

  /** Adds a vector (normalised on the way in); an id already present is replaced. */
  insert(id: VectorId, vector: ArrayLike<number>): void {
    const { dims } = this.params;
    writeNormalised(vector, this.queryBuffer, 0, dims);
    this.delete(id);
    if (this.state.liveCount === 0 && this.state.store.count > 0) this.adopt(this.emptyState());
    this.insertNormalised(id, this.queryBuffer, 0);
    if (
      this.params.quantization === 'int8' &&
      !this.state.scales &&
      this.state.liveCount >= this.params.int8TrainSize
    ) {
      this.quantize();
    }
  }

  /** Tombstones an id; returns false when it was not present. */
  delete(id: VectorId): boolean {
    const { ids, store } = this.state;
    const slot = ids.slotOf(id);
    if (slot < 0) return false;
    store.deleted[slot] = 1;
    ids.release(id);
    this.state.liveCount -= 1;
    return true;
  }

  /** Trains int8 scales on the vectors present and encodes them all (idempotent). */
  quantize(): void {
    const { store } = this.state;
    if (this.state.scales || store.count === 0) return;
    const scales = trainScales(store.vectors, store.count, store.dims);
    const codes = store.enableCodes();
    for (let slot = 0; slot < store.count; slot++) encodeSlot(store.vectors, codes, scales, slot, store.dims);
    this.state.scales = scales;
  }

  /** The k nearest live vectors (by cosine similarity), best first. */
  search(input: ArrayLike<number>, k: number, options: SearchOptions = {}): SearchHit[] {
    const { dims } = this.params;
    writeNormalised(input, this.queryBuffer, 0, dims);
    const { store, ids, scales, entryPoint, maxLevel, liveCount } = this.state;
    if (k <= 0 || liveCount === 0) return [];
    const ef = Math.max(k, options.ef ?? this.params.efSearch);
    let prepared: Float32Array | undefined;
    if (scales && store.codes) {
      prepareQuery(this.queryBuffer, scales, this.preparedBuffer, dims);
      prepared = this.preparedBuffer;
    }
    const query: QueryRef = { vector: this.queryBuffer, offset: 0, prepared };
    const { filter } = options;
    const accept = filter ? (slot: number): boolean => filter(ids.idAt(slot)) : undefined;
    let entry = entryPoint;
    for (let level = maxLevel; level > 0; level--) entry = this.walker.greedy(query, entry, level);
    this.walker.searchLayer(query, entry, ef, 0, accept);
    const { slots, scores, count } = this.walker.drainResults();
    if (count < Math.min(k, liveCount) && (accept || liveCount < store.count)) {
      // The walk could not reach k accepted vectors (a very selective filter or a graph cut
      // off by deletions): answer exactly instead of returning fewer than asked.
      return this.exactSearch(k, accept);
    }
    const hits: SearchHit[] = [];
    for (let i = 0; i < count; i++) {
      const slot = slots[i] ?? 0;
      const score = prepared
        ? dotF32(this.queryBuffer, 0, store.vectors, slot * dims, dims)
        : (scores[i] ?? 0);
      hits.push({ id: ids.idAt(slot), score });
    }
    if (prepared) hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, k);
  }

  /**
   * Rebuilds the graph without tombstones when they exceed compactFraction of the slots (or
   * always with force). Same seed, live vectors in slot order: the result is deterministic.
   * Returns whether it rebuilt.
   */
  compact(options: { force?: boolean } = {}): boolean {
    const old = this.state;
    const tombstones = old.store.count - old.liveCount;
    if (tombstones === 0) return false;
    if (!options.force && this.tombstoneFraction <= this.params.compactFraction) return false;
    const wasQuantized = old.scales !== undefined;
    this.prng = new Prng(this.params.seed);
    this.adopt(this.emptyState(old.liveCount));
    for (let slot = 0; slot < old.store.count; slot++) {
      if (old.store.deleted[slot] === 1) continue;
      this.insertNormalised(old.ids.idAt(slot), old.store.vectors, slot * this.params.dims);
    }
    if (wasQuantized) this.quantize();
    return true;
  }

  private insertNormalised(id: VectorId, source: Float32Array, sourceOffset: number): void {
    const { dims, M, efConstruction } = this.params;
    const state = this.state;
    const { store } = state;
    const level = this.randomLevel();
    const slot = store.addSlot(level);
    const base = slot * dims;
    store.vectors.set(source.subarray(sourceOffset, sourceOffset + dims), base);
    state.ids.assign(slot, id);
    if (state.scales && store.codes) encodeSlot(store.vectors, store.codes, state.scales, slot, dims);
    state.liveCount += 1;
    if (state.entryPoint < 0) {
      state.entryPoint = slot;
      state.maxLevel = level;
      return;
    }
    // Inserts walk on the floats even in int8 mode: the graph is the same in both modes.
    const query: QueryRef = { vector: store.vectors, offset: base, prepared: undefined };
    let entry = state.entryPoint;
    for (let l = state.maxLevel; l > level; l--) entry = this.walker.greedy(query, entry, l);
    const { selected } = this.scratch;
    for (let l = Math.min(level, state.maxLevel); l >= 0; l--) {
      this.walker.searchLayer(query, entry, efConstruction, l, undefined);
      const found = this.walker.drainResults();
      if (found.count === 0) continue;
      entry = found.slots[0] ?? entry;
      const kept = selectNeighbours(store, found.slots, found.scores, found.count, M, selected);
      setLinks(store, slot, l, selected, kept);
      const links = store.linksOf(l);
      const start = store.listStart(slot, l);
      for (let i = 1; i <= kept; i++) addBackLink(store, links[start + i] ?? 0, slot, l, this.scratch);
    }
    if (level > state.maxLevel) {
      state.entryPoint = slot;
      state.maxLevel = level;
    }
  }

  private exactSearch(k: number, accept: ((slot: number) => boolean) | undefined): SearchHit[] {
    const { store, ids } = this.state;
    const { dims } = this.params;
    const best = new MinHeap(k + 1);
    for (let slot = 0; slot < store.count; slot++) {
      if (store.deleted[slot] === 1 || (accept && !accept(slot))) continue;
      const s = dotF32(this.queryBuffer, 0, store.vectors, slot * dims, dims);
      if (best.size < k) best.push(s, slot);
      else if (s > best.peekKey()) {
        best.pop();
        best.push(s, slot);
      }
    }
    const hits: SearchHit[] = new Array<SearchHit>(best.size);
    for (let i = best.size - 1; i >= 0; i--) {
      const score = best.peekKey();
      hits[i] = { id: ids.idAt(best.pop()), score };
    }
    return hits;
  }

  private randomLevel(): number {
    const u = this.prng.next();
    return Math.min(MAX_LEVEL, Math.floor(-Math.log(1 - u) * this.levelFactor));
  }

  private emptyState(capacity = 1024): IndexState {
    const store = new GraphStore(this.params.dims, this.params.M, capacity);
    return {
      params: this.params,
      store,
      ids: new IdTable((slot) => store.deleted[slot] === 1),
      entryPoint: -1,
      maxLevel: -1,
      liveCount: 0,
      scales: undefined,
      prngState: this.params.seed,
    };
  }

  private adopt(state: IndexState): void {
    this.state = state;
    this.walker = new GraphSearch(state.store);
    if (state.store.count > 0) this.prng.snapshot = state.prngState;
  }
}
