// Binary min-heap of (key, value) pairs on typed arrays: the candidate and result queues of the
// graph search. No objects per entry, storage reused across searches; a max-heap is the same heap
// with negated keys.

export class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  size = 0;

  constructor(initialCapacity = 64) {
    this.keys = new Float64Array(initialCapacity);
    this.values = new Int32Array(initialCapacity);
  }

  clear(): void {
    this.size = 0;
  }

  /** Smallest key; only meaningful when size > 0. */
  peekKey(): number {
    return this.keys[0] ?? Infinity;
  }

  peekValue(): number {
    return this.values[0] ?? -1;
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const values = this.values;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent] ?? 0;
      if (parentKey <= key) break;
      keys[i] = parentKey;
      values[i] = values[parent] ?? 0;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes the smallest entry and returns its value (read its key with peekKey first). */
  pop(): number {
    const keys = this.keys;
    const values = this.values;
    const top = values[0] ?? -1;
    const last = --this.size;
    if (last <= 0) return top;
    const key = keys[last] ?? 0;
    const value = values[last] ?? 0;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      let childKey = keys[child] ?? 0;
      const right = child + 1;
      if (right < last) {
        const rightKey = keys[right] ?? 0;
        if (rightKey < childKey) {
          child = right;
          childKey = rightKey;
        }
      }
      if (key <= childKey) break;
      keys[i] = childKey;
      values[i] = values[child] ?? 0;
      i = child;
    }
    keys[i] = key;
    values[i] = value;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const values = new Int32Array(this.values.length * 2);
    keys.set(this.keys);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
