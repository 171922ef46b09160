import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from './heartbeat';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function makeHeartbeat(answers: boolean[], maxMisses = 3) {
  let silentCalls = 0;
  let beats = 0;
  const heartbeat = new Heartbeat(
    100,
    maxMisses,
    () => Promise.resolve(answers[beats++] ?? true),
    () => {
      silentCalls++;
    },
  );
  return { heartbeat, silent: () => silentCalls, beats: () => beats };
}

describe('Heartbeat', () => {
  describe('start', () => {
    it('reports silence after the given number of missed beats in a row', async () => {
      const h = makeHeartbeat([false, false, false]);
      h.heartbeat.start();
      await vi.advanceTimersByTimeAsync(250);
      expect(h.silent()).toBe(0);
      await vi.advanceTimersByTimeAsync(100);
      expect(h.silent()).toBe(1);
      await vi.advanceTimersByTimeAsync(500);
      expect(h.beats()).toBe(3);
    });

    it('starts counting again after an answered beat', async () => {
      const h = makeHeartbeat([false, false, true, false, false, true]);
      h.heartbeat.start();
      await vi.advanceTimersByTimeAsync(600);
      expect(h.beats()).toBe(6);
      expect(h.silent()).toBe(0);
    });

    it('never runs two beats at once', async () => {
      let running = 0;
      let maxRunning = 0;
      const heartbeat = new Heartbeat(
        100,
        3,
        async () => {
          maxRunning = Math.max(maxRunning, ++running);
          await new Promise((resolve) => setTimeout(resolve, 250));
          running--;
          return true;
        },
        () => undefined,
      );
      heartbeat.start();
      await vi.advanceTimersByTimeAsync(1_000);
      heartbeat.stop();
      expect(maxRunning).toBe(1);
    });
  });

  describe('stop', () => {
    it('stops beating', async () => {
      const h = makeHeartbeat([]);
      h.heartbeat.start();
      await vi.advanceTimersByTimeAsync(200);
      h.heartbeat.stop();
      await vi.advanceTimersByTimeAsync(500);
      expect(h.beats()).toBe(2);
    });
  });
});
