// Keeps the k best hits seen so far in a min-heap, so ranking n candidates costs n·log k rather
// than sorting them all. Ties break on id, so equal scores come out in a stable order.

export interface ScoredId {
  readonly id: string;
  readonly score: number;
}

/** True when `a` ranks below `b` (lower score, or equal score and later id). */
function ranksBelow(a: ScoredId, b: ScoredId): boolean {
  return a.score < b.score || (a.score === b.score && a.id > b.id);
}

export class TopK {
  readonly #k: number;
  readonly #heap: ScoredId[] = [];

  constructor(k: number) {
    this.#k = Math.max(0, Math.floor(k));
  }

  offer(hit: ScoredId): void {
    const heap = this.#heap;
    if (heap.length < this.#k) {
      heap.push(hit);
      this.#siftUp(heap.length - 1);
      return;
    }
    const worst = heap[0];
    if (worst === undefined || !ranksBelow(worst, hit)) return;
    heap[0] = hit;
    this.#siftDown(0);
  }

  /** Best first. */
  sorted(): ScoredId[] {
    return [...this.#heap].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  #siftUp(index: number): void {
    const heap = this.#heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const a = heap[i];
      const p = heap[parent];
      if (a === undefined || p === undefined || !ranksBelow(a, p)) break;
      heap[i] = p;
      heap[parent] = a;
      i = parent;
    }
  }

  #siftDown(index: number): void {
    const heap = this.#heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      const at = (j: number): ScoredId | undefined => heap[j];
      const s0 = at(smallest);
      const l = at(left);
      if (l !== undefined && s0 !== undefined && ranksBelow(l, s0)) smallest = left;
      const s1 = at(smallest);
      const r = at(right);
      if (r !== undefined && s1 !== undefined && ranksBelow(r, s1)) smallest = right;
      if (smallest === i) return;
      const a = heap[i];
      const b = heap[smallest];
      if (a === undefined || b === undefined) return;
      heap[i] = b;
      heap[smallest] = a;
      i = smallest;
    }
  }
}
