// Batch sizes that keep one step short on whatever device runs them. A batch of 16 passages is one
// model pass of a fraction of a second on a laptop and many seconds on a slow phone or a busy machine;
// during a pass nothing else runs in that worker (no cancel, no progress). The size starts at its
// maximum and, from the time each batch took, shrinks in proportion when a batch ran past the target
// and doubles back (never past the maximum) when one took less than half of it.

export interface AdaptiveBatchOptions {
  /** Largest batch (and the first); the caller's configured size. */
  max: number;
  /** Smallest batch. */
  min?: number;
  /** How long one batch should take. */
  targetMs: number;
}

export class AdaptiveBatch {
  private current: number;
  private readonly min: number;

  constructor(private readonly options: AdaptiveBatchOptions) {
    this.min = Math.max(1, Math.floor(options.min ?? 1));
    this.current = this.max;
  }

  get size(): number {
    return this.current;
  }

  get max(): number {
    return Math.max(this.min, Math.floor(this.options.max));
  }

  /** Learns from a batch of `count` items that took `ms`. */
  record(count: number, ms: number): void {
    if (!(count > 0) || !(ms >= 0)) return;
    const { targetMs } = this.options;
    if (ms > targetMs) {
      const fitting = Math.floor((count * targetMs) / ms);
      this.current = Math.max(this.min, Math.min(this.current, fitting));
    } else if (ms < targetMs / 2 && count >= this.current) {
      this.current = Math.min(this.max, this.current * 2);
    }
  }
}
