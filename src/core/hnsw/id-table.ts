// External ids (numbers or strings, one kind per index) mapped to internal slots and back.
// Loading must stay cheap at 100k vectors, so a loaded table keeps its packed form: number ids in
// one Float64Array, string ids as one decoded string plus UTF-16 offsets (each id is a substring,
// made only when asked for). The id → slot Map is built on first use (insert, delete, has).

export type VectorId = string | number;
export type IdKind = 'none' | 'number' | 'string';

export interface PackedIds {
  kind: IdKind;
  count: number;
  numbers?: Float64Array;
  text?: string;
  offsets?: Uint32Array;
}

export class IdTable {
  kind: IdKind = 'none';
  private count = 0;
  private numbers: Float64Array = new Float64Array(0);
  private strings: (string | undefined)[] = [];
  private packedText = '';
  private packedOffsets: Uint32Array = new Uint32Array(0);
  private map: Map<VectorId, number> | undefined;

  constructor(private readonly isDeleted: (slot: number) => boolean) {}

  static fromPacked(packed: PackedIds, isDeleted: (slot: number) => boolean): IdTable {
    const table = new IdTable(isDeleted);
    table.kind = packed.kind;
    table.count = packed.count;
    if (packed.kind === 'number' && packed.numbers) table.numbers = packed.numbers;
    if (packed.kind === 'string' && packed.text !== undefined && packed.offsets) {
      table.packedText = packed.text;
      table.packedOffsets = packed.offsets;
      table.strings = new Array<string | undefined>(packed.count);
    }
    return table;
  }

  idAt(slot: number): VectorId {
    if (this.kind === 'number') return this.numbers[slot] ?? NaN;
    const cached = this.strings[slot];
    if (cached !== undefined) return cached;
    const start = this.packedOffsets[slot] ?? 0;
    const end = this.packedOffsets[slot + 1] ?? start;
    const id = this.packedText.slice(start, end);
    this.strings[slot] = id;
    return id;
  }

  /** Slot of a live id, or -1. */
  slotOf(id: VectorId): number {
    return this.ensureMap().get(id) ?? -1;
  }

  /** Records the id of a new slot (slots are appended in order). */
  assign(slot: number, id: VectorId): void {
    const kind = typeof id === 'number' ? 'number' : 'string';
    if (this.kind === 'none') this.kind = kind;
    if (kind !== this.kind) {
      throw new TypeError(`This index uses ${this.kind} ids; got a ${kind} id.`);
    }
    if (typeof id === 'number') {
      if (!Number.isFinite(id)) throw new TypeError('A number id must be finite.');
      if (slot >= this.numbers.length) {
        const grown = new Float64Array(Math.max(16, slot + 1, this.numbers.length * 2));
        grown.set(this.numbers);
        this.numbers = grown;
      }
      this.numbers[slot] = id;
    } else {
      this.strings[slot] = id;
    }
    this.ensureMap().set(id, slot);
    this.count = Math.max(this.count, slot + 1);
  }

  /** Forgets the id → slot entry of a deleted slot (the slot keeps its id for routing). */
  release(id: VectorId): void {
    this.ensureMap().delete(id);
  }

  pack(): PackedIds {
    if (this.kind === 'number') {
      return { kind: 'number', count: this.count, numbers: this.numbers.slice(0, this.count) };
    }
    if (this.kind === 'none') return { kind: 'none', count: 0 };
    const offsets = new Uint32Array(this.count + 1);
    const parts: string[] = [];
    let length = 0;
    for (let slot = 0; slot < this.count; slot++) {
      const id = this.idAt(slot) as string;
      parts.push(id);
      length += id.length;
      offsets[slot + 1] = length;
    }
    return { kind: 'string', count: this.count, text: parts.join(''), offsets };
  }

  private ensureMap(): Map<VectorId, number> {
    if (this.map) return this.map;
    const map = new Map<VectorId, number>();
    for (let slot = 0; slot < this.count; slot++) {
      if (!this.isDeleted(slot)) map.set(this.idAt(slot), slot);
    }
    this.map = map;
    return map;
  }
}
