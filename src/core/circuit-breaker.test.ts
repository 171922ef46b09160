import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker';

function makeBreaker(overrides: Partial<BreakerOptions> = {}) {
  const clock = { t: 1_000 };
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    baseCooldownMs: 5_000,
    growthFactor: 2,
    maxCooldownMs: 30_000,
    now: () => clock.t,
    ...overrides,
  });
  const seen: BreakerState['kind'][] = [];
  breaker.subscribe((s) => seen.push(s.kind));
  return { breaker, clock, seen };
}

function failTimes(breaker: CircuitBreaker, n: number) {
  for (let i = 0; i < n; i++) breaker.recordFailure();
}

describe('CircuitBreaker', () => {
  describe('admit', () => {
    it('lets calls through while closed', () => {
      const { breaker } = makeBreaker();
      expect(breaker.admit()).toEqual({ allowed: true, trial: false });
    });

    it('stays closed below the failure threshold', () => {
      const { breaker } = makeBreaker();
      failTimes(breaker, 2);
      expect(breaker.state).toEqual({ kind: 'closed', failures: 2 });
      expect(breaker.admit().allowed).toBe(true);
    });

    it('fails fast with the retry time once the threshold is reached', () => {
      const { breaker, clock, seen } = makeBreaker();
      failTimes(breaker, 3);
      expect(breaker.state).toMatchObject({ kind: 'open', retryAt: 6_000, cooldownMs: 5_000 });
      clock.t = 5_999;
      expect(breaker.admit()).toEqual({ allowed: false, retryAt: 6_000, now: 5_999 });
      expect(seen).toEqual(['closed', 'closed', 'open']);
    });

    it('admits exactly one trial once the cooldown has passed', () => {
      const { breaker, clock } = makeBreaker();
      failTimes(breaker, 3);
      clock.t = 6_000;
      expect(breaker.admit()).toEqual({ allowed: true, trial: true });
      expect(breaker.state).toMatchObject({ kind: 'half-open', trialInFlight: true });
      expect(breaker.admit()).toEqual({ allowed: false, retryAt: undefined, now: 6_000 });
    });
  });

  describe('recordSuccess', () => {
    it('closes a half-open breaker and forgets the failures', () => {
      const { breaker, clock, seen } = makeBreaker();
      failTimes(breaker, 3);
      clock.t = 6_000;
      breaker.admit();
      breaker.recordSuccess();
      expect(breaker.state).toEqual({ kind: 'closed', failures: 0 });
      expect(seen.slice(-3)).toEqual(['open', 'half-open', 'closed']);
      failTimes(breaker, 2);
      expect(breaker.state.kind).toBe('closed');
    });

    it('resets the count of consecutive failures while closed', () => {
      const { breaker } = makeBreaker();
      failTimes(breaker, 2);
      breaker.recordSuccess();
      failTimes(breaker, 2);
      expect(breaker.state).toEqual({ kind: 'closed', failures: 2 });
    });
  });

  describe('recordFailure', () => {
    it('re-opens with a longer cooldown when the trial fails', () => {
      const { breaker, clock } = makeBreaker();
      failTimes(breaker, 3);
      clock.t = 6_000;
      breaker.admit();
      breaker.recordFailure();
      expect(breaker.state).toMatchObject({ kind: 'open', cooldownMs: 10_000, retryAt: 16_000, openings: 2 });
    });

    it('caps the growing cooldown', () => {
      const { breaker, clock } = makeBreaker();
      failTimes(breaker, 3);
      const cooldowns: number[] = [];
      for (let i = 0; i < 5; i++) {
        const s = breaker.state;
        if (s.kind !== 'open') throw new Error(`expected open, got ${s.kind}`);
        cooldowns.push(s.cooldownMs);
        clock.t = s.retryAt;
        breaker.admit();
        breaker.recordFailure();
      }
      expect(cooldowns).toEqual([5_000, 10_000, 20_000, 30_000, 30_000]);
    });

    it('ignores failures reported while already open', () => {
      const { breaker } = makeBreaker();
      failTimes(breaker, 3);
      const before = breaker.state;
      breaker.recordFailure();
      expect(breaker.state).toBe(before);
    });

    it('starts the cooldown from the base again after a success', () => {
      const { breaker, clock } = makeBreaker();
      failTimes(breaker, 3);
      clock.t = 6_000;
      breaker.admit();
      breaker.recordFailure();
      clock.t = 16_000;
      breaker.admit();
      breaker.recordSuccess();
      failTimes(breaker, 3);
      expect(breaker.state).toMatchObject({ kind: 'open', cooldownMs: 5_000 });
    });
  });

  describe('reset', () => {
    it('closes an open breaker at once', () => {
      const { breaker } = makeBreaker();
      failTimes(breaker, 3);
      breaker.reset();
      expect(breaker.admit()).toEqual({ allowed: true, trial: false });
    });
  });

  describe('constructor', () => {
    it('rejects a threshold below one', () => {
      expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
    });
  });

  describe('subscribe', () => {
    it('stops notifying after unsubscribe', () => {
      const { breaker } = makeBreaker();
      const seen: string[] = [];
      const stop = breaker.subscribe((s) => seen.push(s.kind));
      breaker.recordFailure();
      stop();
      breaker.recordFailure();
      expect(seen).toEqual(['closed']);
    });
  });
});
