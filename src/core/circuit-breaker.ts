// A circuit breaker for one worker: after a run of infrastructure failures (crash, hang, failed start)
// it opens, so callers get an immediate, clear answer instead of waiting on a worker that keeps dying.
// After a cooldown it lets one trial through (half-open); the trial's outcome closes or re-opens it, and
// each re-opening waits longer, up to a cap. Pure: the clock is injected and time only moves when asked,
// so Node tests drive it without timers. Ordinary application errors are not reported here at all.

export interface BreakerOptions {
  /** Consecutive infrastructure failures that open the breaker. */
  failureThreshold: number;
  /** First cooldown after opening. */
  baseCooldownMs: number;
  /** Each re-opening without a success in between multiplies the cooldown by this. */
  growthFactor: number;
  maxCooldownMs: number;
  now: () => number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  failureThreshold: 3,
  baseCooldownMs: 5_000,
  growthFactor: 2,
  maxCooldownMs: 60_000,
  now: () => Date.now(),
};

export type BreakerState =
  | { kind: 'closed'; failures: number }
  | { kind: 'open'; retryAt: number; cooldownMs: number; openings: number }
  | { kind: 'half-open'; openings: number; trialInFlight: boolean };

/** What a caller may do now. A trial must report its outcome with recordSuccess/recordFailure. */
export type Admission =
  { allowed: true; trial: boolean } | { allowed: false; retryAt: number | undefined; now: number };

export type BreakerListener = (state: BreakerState) => void;

export class CircuitBreaker {
  private current: BreakerState = { kind: 'closed', failures: 0 };
  private readonly listeners = new Set<BreakerListener>();
  private readonly options: BreakerOptions;

  constructor(options: Partial<BreakerOptions> = {}) {
    this.options = { ...DEFAULT_BREAKER_OPTIONS, ...options };
    if (this.options.failureThreshold < 1) throw new RangeError('failureThreshold must be at least 1');
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Asks to make a call. Moves open → half-open once the cooldown has passed (the first asker is the trial). */
  admit(): Admission {
    const s = this.current;
    const now = this.options.now();
    if (s.kind === 'closed') return { allowed: true, trial: false };
    if (s.kind === 'open') {
      if (now < s.retryAt) return { allowed: false, retryAt: s.retryAt, now };
      this.set({ kind: 'half-open', openings: s.openings, trialInFlight: true });
      return { allowed: true, trial: true };
    }
    if (!s.trialInFlight) {
      this.set({ ...s, trialInFlight: true });
      return { allowed: true, trial: true };
    }
    return { allowed: false, retryAt: undefined, now };
  }

  /** The worker answered (a result or an ordinary application error): close and forget past failures. */
  recordSuccess(): void {
    const s = this.current;
    if (s.kind === 'closed' && s.failures === 0) return;
    this.set({ kind: 'closed', failures: 0 });
  }

  /** An infrastructure failure: count it, open at the threshold, re-open (longer) after a failed trial. */
  recordFailure(): void {
    const s = this.current;
    if (s.kind === 'closed') {
      const failures = s.failures + 1;
      if (failures >= this.options.failureThreshold) this.open(1);
      else this.set({ kind: 'closed', failures });
    } else if (s.kind === 'half-open') {
      this.open(s.openings + 1);
    }
    // Failures reported while open (e.g. stragglers from before it opened) change nothing.
  }

  /** A person asked for a fresh start: forget the history. */
  reset(): void {
    this.set({ kind: 'closed', failures: 0 });
  }

  /** The cooldown the n-th consecutive opening waits. */
  cooldownFor(openings: number): number {
    const { baseCooldownMs, growthFactor, maxCooldownMs } = this.options;
    return Math.min(maxCooldownMs, baseCooldownMs * growthFactor ** Math.max(0, openings - 1));
  }

  subscribe(listener: BreakerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private open(openings: number): void {
    const cooldownMs = this.cooldownFor(openings);
    this.set({ kind: 'open', retryAt: this.options.now() + cooldownMs, cooldownMs, openings });
  }

  private set(state: BreakerState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
