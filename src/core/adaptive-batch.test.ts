import { describe, expect, it } from 'vitest';
import { AdaptiveBatch } from './adaptive-batch';

describe('AdaptiveBatch', () => {
  describe('record', () => {
    it('starts at the maximum and keeps it while batches are quick', () => {
      const batch = new AdaptiveBatch({ max: 16, targetMs: 1_000 });
      expect(batch.size).toBe(16);
      batch.record(16, 300);
      expect(batch.size).toBe(16);
    });

    it('shrinks in proportion when a batch runs past the target, never below the minimum', () => {
      const batch = new AdaptiveBatch({ max: 16, min: 2, targetMs: 1_000 });
      batch.record(16, 4_000);
      expect(batch.size).toBe(4);
      batch.record(4, 100_000);
      expect(batch.size).toBe(2);
    });

    it('doubles back towards the maximum once full batches are quick again', () => {
      const batch = new AdaptiveBatch({ max: 16, targetMs: 1_000 });
      batch.record(16, 8_000);
      expect(batch.size).toBe(2);
      batch.record(2, 100);
      batch.record(4, 100);
      batch.record(8, 100);
      batch.record(16, 100);
      expect(batch.size).toBe(16);
    });

    it('does not grow on a short last batch, which says nothing about a full one', () => {
      const batch = new AdaptiveBatch({ max: 16, targetMs: 1_000 });
      batch.record(16, 4_000);
      batch.record(1, 10);
      expect(batch.size).toBe(4);
    });
  });
});
