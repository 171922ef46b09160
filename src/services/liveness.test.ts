import { describe, expect, it } from 'vitest';
import { Liveness, uncaughtMessage } from './liveness';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Liveness', () => {
  describe('coveringStep', () => {
    it('never covers silence when no step is open', () => {
      const c = clock();
      const liveness = new Liveness(c.now);
      liveness.answered();
      c.advance(10);
      expect(liveness.coveringStep()).toBeUndefined();
    });

    it('covers silence inside a step until its budget runs out', () => {
      const c = clock();
      const liveness = new Liveness(c.now);
      liveness.stepBegan(1, 'loading a model', 1_000);
      c.advance(999);
      expect(liveness.coveringStep()?.label).toBe('loading a model');
      expect(liveness.overrunStep()).toBeUndefined();
      c.advance(1);
      expect(liveness.coveringStep()).toBeUndefined();
      expect(liveness.overrunStep()?.label).toBe('loading a model');
    });

    it('measures silence from the last answer, so a step that yields renews its budget', () => {
      const c = clock();
      const liveness = new Liveness(c.now);
      liveness.stepBegan(1, 'generating', 1_000);
      c.advance(900);
      liveness.answered();
      c.advance(900);
      expect(liveness.coveringStep()).toBeDefined();
    });

    it('stops covering once the step ended', () => {
      const liveness = new Liveness(clock().now);
      liveness.stepBegan(1, 'a pass', 1_000);
      liveness.stepEnded(1);
      expect(liveness.hasOpenSteps).toBe(false);
      expect(liveness.coveringStep()).toBeUndefined();
    });
  });

  describe('currentStep', () => {
    it('names the step that began first, and nothing after a reset', () => {
      const c = clock();
      const liveness = new Liveness(c.now);
      liveness.stepBegan(1, 'loading', 1_000);
      c.advance(5);
      liveness.stepBegan(2, 'a pass', 1_000);
      expect(liveness.currentStep).toBe('loading');
      liveness.reset();
      expect(liveness.currentStep).toBeUndefined();
      expect(liveness.hasOpenSteps).toBe(false);
    });
  });
});

describe('uncaughtMessage', () => {
  it('keeps the words of a worker crash and drops the browser prefix and class name', () => {
    expect(uncaughtMessage('Uncaught Error: Fault drill: the llm worker crashed on purpose')).toBe(
      'Fault drill: the llm worker crashed on purpose',
    );
    expect(uncaughtMessage('Uncaught TypeError: x is not a function')).toBe('x is not a function');
    expect(uncaughtMessage('Uncaught out of memory')).toBe('out of memory');
    expect(uncaughtMessage('')).toBe('');
  });
});
