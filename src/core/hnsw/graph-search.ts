// The two graph walks of HNSW over a GraphStore: the greedy descent through the upper levels and
// the beam search of one level (the paper's SEARCH-LAYER), plus the neighbour-selection heuristic
// used when linking. Scores are similarities (dot products of unit vectors): higher is closer.
// Deleted slots are walked through but never enter the result set; so are slots the optional
// `accept` predicate turns down (filters), which keeps recall when many slots are excluded.

import { MinHeap } from './heap';
import type { GraphStore } from './graph-store';
import { dotF32, dotI8 } from './vector-math';
import { VisitedSet } from './visited';

/** Where the query lives: its own array (search) or a stored slot (insert), and how to score. */
export interface QueryRef {
  vector: Float32Array;
  offset: number;
  /** Query multiplied by the int8 scales; when set, traversal scores against the codes. */
  prepared: Float32Array | undefined;
}

export class GraphSearch {
  /** Candidates to expand, keyed by -similarity (best on top). */
  private readonly candidates = new MinHeap(256);
  /** Best `ef` accepted slots so far, keyed by similarity (worst on top). */
  readonly results = new MinHeap(256);
  private readonly visited: VisitedSet;
  private sortSlots = new Int32Array(256);
  private sortScores = new Float64Array(256);

  constructor(private readonly store: GraphStore) {
    this.visited = new VisitedSet(store.capacity);
  }

  score(query: QueryRef, slot: number): number {
    const store = this.store;
    const codes = store.codes;
    if (query.prepared && codes) return dotI8(query.prepared, codes, slot * store.dims, store.dims);
    return dotF32(query.vector, query.offset, store.vectors, slot * store.dims, store.dims);
  }

  /** Greedy walk on one upper level from `entry` to a local best; returns that slot. */
  greedy(query: QueryRef, entry: number, level: number): number {
    const store = this.store;
    let best = entry;
    let bestScore = this.score(query, entry);
    const links = store.upper;
    for (let improved = true; improved;) {
      improved = false;
      const start = store.listStart(best, level);
      const n = links[start] ?? 0;
      for (let i = 1; i <= n; i++) {
        const slot = links[start + i] ?? 0;
        const s = this.score(query, slot);
        if (s > bestScore) {
          bestScore = s;
          best = slot;
          improved = true;
        }
      }
    }
    return best;
  }

  /** Beam search of `level` from `entry`; leaves the best `ef` accepted slots in `results`. */
  searchLayer(
    query: QueryRef,
    entry: number,
    ef: number,
    level: number,
    accept: ((slot: number) => boolean) | undefined,
  ): void {
    const store = this.store;
    const deleted = store.deleted;
    const links = store.linksOf(level);
    const candidates = this.candidates;
    const results = this.results;
    const visited = this.visited;
    visited.reset(store.count);
    candidates.clear();
    results.clear();

    const entryScore = this.score(query, entry);
    visited.visit(entry);
    candidates.push(-entryScore, entry);
    let worst = -Infinity;
    if (deleted[entry] === 0 && (accept === undefined || accept(entry))) {
      results.push(entryScore, entry);
      worst = entryScore;
    }

    while (candidates.size > 0) {
      const bestScore = -candidates.peekKey();
      if (bestScore < worst && results.size >= ef) break;
      const current = candidates.pop();
      const start = store.listStart(current, level);
      const n = links[start] ?? 0;
      for (let i = 1; i <= n; i++) {
        const slot = links[start + i] ?? 0;
        if (visited.visit(slot)) continue;
        const s = this.score(query, slot);
        if (results.size < ef || s > worst) {
          candidates.push(-s, slot);
          if (deleted[slot] === 0 && (accept === undefined || accept(slot))) {
            results.push(s, slot);
            if (results.size > ef) results.pop();
            worst = results.peekKey();
          }
        }
      }
    }
  }

  /**
   * Drains `results` into slots/scores sorted best first; returns how many. The arrays are
   * scratch space owned by this object, valid until the next call.
   */
  drainResults(): { slots: Int32Array; scores: Float64Array; count: number } {
    const results = this.results;
    const count = results.size;
    if (count > this.sortSlots.length) {
      this.sortSlots = new Int32Array(count * 2);
      this.sortScores = new Float64Array(count * 2);
    }
    for (let i = count - 1; i >= 0; i--) {
      this.sortScores[i] = results.peekKey();
      this.sortSlots[i] = results.pop();
    }
    return { slots: this.sortSlots, scores: this.sortScores, count };
  }
}
