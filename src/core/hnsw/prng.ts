// Seeded pseudo-random numbers for level generation: the same seed and the same inserts give the
// same graph, byte for byte, so builds are reproducible and tests can pin exact results.

/** mulberry32: tiny, fast, good enough for level draws; state is one 32-bit integer. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Current state, so a serialised index continues the same sequence after loading. */
  get snapshot(): number {
    return this.state >>> 0;
  }

  set snapshot(value: number) {
    this.state = value >>> 0;
  }
}
