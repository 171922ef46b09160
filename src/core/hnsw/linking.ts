// Neighbour selection and linking for inserts. The selection is the HNSW paper's heuristic
// (Malkov & Yashunin, algorithm 4, as hnswlib implements it): walk candidates best first and
// keep one only when it is closer to the base point than to every neighbour already kept. This
// spreads links across directions instead of into one dense cluster, which is what keeps recall
// high on text embeddings, whose neighbourhoods are lumpy.

import type { GraphStore } from './graph-store';
import { dotF32 } from './vector-math';

/** Reusable scratch arrays for one index (inserts are single-threaded). */
export class LinkScratch {
  slots: Int32Array;
  scores: Float64Array;
  selected: Int32Array;

  constructor(size: number) {
    this.slots = new Int32Array(size);
    this.scores = new Float64Array(size);
    this.selected = new Int32Array(size);
  }

  ensure(size: number): void {
    if (size <= this.slots.length) return;
    this.slots = new Int32Array(size * 2);
    this.scores = new Float64Array(size * 2);
    this.selected = new Int32Array(size * 2);
  }
}

/**
 * Picks at most `m` of `count` candidates (sorted best first, `scores` = similarity to the base
 * point) with the heuristic; writes them to `out` and returns how many.
 */
export function selectNeighbours(
  store: GraphStore,
  slots: Int32Array,
  scores: Float64Array,
  count: number,
  m: number,
  out: Int32Array,
): number {
  const { vectors, dims } = store;
  let kept = 0;
  for (let i = 0; i < count && kept < m; i++) {
    const candidate = slots[i] ?? 0;
    const toBase = scores[i] ?? 0;
    const base = candidate * dims;
    let isDiverse = true;
    for (let j = 0; j < kept; j++) {
      if (dotF32(vectors, base, vectors, (out[j] ?? 0) * dims, dims) > toBase) {
        isDiverse = false;
        break;
      }
    }
    if (isDiverse) out[kept++] = candidate;
  }
  return kept;
}

/** Sets the list of `slot` on `level` to `neighbours[0 .. count)`. */
export function setLinks(
  store: GraphStore,
  slot: number,
  level: number,
  neighbours: Int32Array,
  count: number,
): void {
  const links = store.linksOf(level);
  const start = store.listStart(slot, level);
  links[start] = count;
  for (let i = 0; i < count; i++) links[start + 1 + i] = neighbours[i] ?? 0;
}

/**
 * Adds `newSlot` to the list of `target` on `level`. A full list is re-selected with the
 * heuristic over its members plus the newcomer, so it keeps the most useful `maxLinks`.
 */
export function addBackLink(
  store: GraphStore,
  target: number,
  newSlot: number,
  level: number,
  scratch: LinkScratch,
): void {
  const links = store.linksOf(level);
  const start = store.listStart(target, level);
  const n = links[start] ?? 0;
  const maxLinks = level === 0 ? store.M0 : store.M;
  if (n < maxLinks) {
    links[start + 1 + n] = newSlot;
    links[start] = n + 1;
    return;
  }
  const { vectors, dims } = store;
  const base = target * dims;
  scratch.ensure(n + 1);
  const { slots, scores } = scratch;
  // Insertion sort by similarity to target, best first; lists are at most 2M + 1 long.
  for (let i = 0; i <= n; i++) {
    const slot = i < n ? (links[start + 1 + i] ?? 0) : newSlot;
    const s = dotF32(vectors, base, vectors, slot * dims, dims);
    let j = i;
    while (j > 0 && (scores[j - 1] ?? 0) < s) {
      scores[j] = scores[j - 1] ?? 0;
      slots[j] = slots[j - 1] ?? 0;
      j--;
    }
    scores[j] = s;
    slots[j] = slot;
  }
  const kept = selectNeighbours(store, slots, scores, n + 1, maxLinks, scratch.selected);
  setLinks(store, target, level, scratch.selected, kept);
}
