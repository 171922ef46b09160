// Flat storage of the graph: every vector in one Float32Array, optional int8 codes beside it,
// level-0 neighbour lists in one Int32Array block of (1 + M0) ints per slot (count, then ids),
// upper-level lists appended in slot order to one Int32Array, (1 + M) ints per level.
// Nothing is an object per node, so serialising is a handful of typed-array copies and loading
// wraps the buffers as they are. Arrays grow by doubling.

export interface GraphArrays {
  vectors: Float32Array;
  codes: Int8Array | undefined;
  levels: Uint8Array;
  deleted: Uint8Array;
  links0: Int32Array;
  upper: Int32Array;
}

export class GraphStore {
  readonly M0: number;
  capacity: number;
  count = 0;
  vectors: Float32Array;
  codes: Int8Array | undefined;
  levels: Uint8Array;
  deleted: Uint8Array;
  links0: Int32Array;
  /** Offset of each slot's first upper block in `upper` (-1 when the slot lives on level 0 only). */
  upperOffset: Int32Array;
  upper: Int32Array;
  upperLength = 0;

  constructor(
    readonly dims: number,
    readonly M: number,
    initialCapacity = 1024,
  ) {
    this.M0 = 2 * M;
    this.capacity = Math.max(16, initialCapacity);
    this.vectors = new Float32Array(this.capacity * dims);
    this.codes = undefined;
    this.levels = new Uint8Array(this.capacity);
    this.deleted = new Uint8Array(this.capacity);
    this.links0 = new Int32Array(this.capacity * (this.M0 + 1));
    this.upperOffset = new Int32Array(this.capacity);
    this.upper = new Int32Array(Math.max(64, (this.capacity >> 3) * (M + 1)));
  }

  /** Wraps loaded arrays without copying; rebuilds upper offsets from levels (slot order). */
  static fromArrays(dims: number, M: number, count: number, arrays: GraphArrays): GraphStore {
    const store = new GraphStore(dims, M, 16);
    store.capacity = count;
    store.count = count;
    store.vectors = arrays.vectors;
    store.codes = arrays.codes;
    store.levels = arrays.levels;
    store.deleted = arrays.deleted;
    store.links0 = arrays.links0;
    store.upper = arrays.upper;
    store.upperOffset = new Int32Array(Math.max(count, 16));
    let offset = 0;
    const block = M + 1;
    for (let slot = 0; slot < count; slot++) {
      const level = arrays.levels[slot] ?? 0;
      store.upperOffset[slot] = level > 0 ? offset : -1;
      offset += level * block;
    }
    if (offset !== arrays.upper.length) {
      throw new RangeError(`Upper links hold ${arrays.upper.length} ints; levels imply ${offset}.`);
    }
    store.upperLength = offset;
    return store;
  }

  /** Appends a slot at `level` with empty neighbour lists; returns the slot. */
  addSlot(level: number): number {
    if (this.count === this.capacity) this.grow(Math.max(16, this.capacity * 2));
    const slot = this.count++;
    this.levels[slot] = level;
    this.deleted[slot] = 0;
    this.links0[slot * (this.M0 + 1)] = 0;
    if (level > 0) {
      const need = this.upperLength + level * (this.M + 1);
      if (need > this.upper.length) {
        const grown = new Int32Array(Math.max(need, this.upper.length * 2));
        grown.set(this.upper.subarray(0, this.upperLength));
        this.upper = grown;
      }
      this.upperOffset[slot] = this.upperLength;
      for (let l = 0; l < level; l++) this.upper[this.upperLength + l * (this.M + 1)] = 0;
      this.upperLength = need;
    } else {
      this.upperOffset[slot] = -1;
    }
    return slot;
  }

  /** Start of the neighbour list (its count) of `slot` on `level`, in the returned array. */
  listStart(slot: number, level: number): number {
    if (level === 0) return slot * (this.M0 + 1);
    return (this.upperOffset[slot] ?? 0) + (level - 1) * (this.M + 1);
  }

  linksOf(level: number): Int32Array {
    return level === 0 ? this.links0 : this.upper;
  }

  enableCodes(): Int8Array {
    this.codes = new Int8Array(this.capacity * this.dims);
    return this.codes;
  }

  private grow(capacity: number): void {
    const dims = this.dims;
    const vectors = new Float32Array(capacity * dims);
    vectors.set(this.vectors.subarray(0, this.count * dims));
    this.vectors = vectors;
    if (this.codes) {
      const codes = new Int8Array(capacity * dims);
      codes.set(this.codes.subarray(0, this.count * dims));
      this.codes = codes;
    }
    this.levels = growBytes(this.levels, capacity, this.count);
    this.deleted = growBytes(this.deleted, capacity, this.count);
    const links0 = new Int32Array(capacity * (this.M0 + 1));
    links0.set(this.links0.subarray(0, this.count * (this.M0 + 1)));
    this.links0 = links0;
    const upperOffset = new Int32Array(capacity);
    upperOffset.set(this.upperOffset.subarray(0, this.count));
    this.upperOffset = upperOffset;
    this.capacity = capacity;
  }
}

function growBytes(array: Uint8Array, capacity: number, used: number): Uint8Array {
  const grown = new Uint8Array(capacity);
  grown.set(array.subarray(0, used));
  return grown;
}
