// A posting list: the passages (by slot number, ascending) that contain one term, with the
// term's frequency in each field. Stored in typed arrays that grow by doubling, so a large
// index is a few big buffers rather than millions of small objects. A list loaded from a
// serialised segment starts as a view into that segment and is copied on its first change,
// which keeps loading free of copies and never alters the caller's buffers.

const MAX_TF = 0xffff;

export class PostingList {
  #docs: Uint32Array;
  #tfs: Uint16Array;
  #length: number;
  #isOwned: boolean;
  readonly #fieldCount: number;

  constructor(fieldCount: number, docs?: Uint32Array, tfs?: Uint16Array) {
    this.#fieldCount = fieldCount;
    this.#docs = docs ?? new Uint32Array(2);
    this.#tfs = tfs ?? new Uint16Array(2 * fieldCount);
    this.#length = docs?.length ?? 0;
    this.#isOwned = docs === undefined;
  }

  /** Number of passages containing the term (its document frequency). */
  get length(): number {
    return this.#length;
  }

  get docs(): Uint32Array {
    return this.#docs.subarray(0, this.#length);
  }

  get tfs(): Uint16Array {
    return this.#tfs.subarray(0, this.#length * this.#fieldCount);
  }

  /** Append a passage; slots must arrive in ascending order. */
  push(slot: number, fieldTfs: readonly number[]): void {
    if (!this.#isOwned || this.#length === this.#docs.length) this.#grow();
    this.#docs[this.#length] = slot;
    const base = this.#length * this.#fieldCount;
    for (let f = 0; f < this.#fieldCount; f += 1) this.#tfs[base + f] = Math.min(MAX_TF, fieldTfs[f] ?? 0);
    this.#length += 1;
  }

  /** Remove a passage by slot; returns whether it was there. */
  remove(slot: number): boolean {
    const at = lowerBound(this.#docs, this.#length, slot);
    if (at >= this.#length || this.#docs[at] !== slot) return false;
    if (!this.#isOwned) this.#grow(this.#docs.length);
    const f = this.#fieldCount;
    this.#docs.copyWithin(at, at + 1, this.#length);
    this.#tfs.copyWithin(at * f, (at + 1) * f, this.#length * f);
    this.#length -= 1;
    return true;
  }

  #grow(capacity = Math.max(4, this.#docs.length * 2)): void {
    const docs = new Uint32Array(capacity);
    docs.set(this.#docs.subarray(0, this.#length));
    const tfs = new Uint16Array(capacity * this.#fieldCount);
    tfs.set(this.#tfs.subarray(0, this.#length * this.#fieldCount));
    this.#docs = docs;
    this.#tfs = tfs;
    this.#isOwned = true;
  }
}

/** First index in `values[0, length)` whose value is ≥ `target` (values ascending). */
export function lowerBound(values: Uint32Array, length: number, target: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
