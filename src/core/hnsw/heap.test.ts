import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap';
import { Prng } from './prng';
import { VisitedSet } from './visited';

describe('MinHeap', () => {
  describe('pop', () => {
    it('returns values in key order and grows past its first capacity', () => {
      const heap = new MinHeap(2);
      const rng = new Prng(3);
      const keys = Array.from({ length: 500 }, () => rng.next());
      keys.forEach((key, i) => {
        heap.push(key, i);
      });
      const popped: number[] = [];
      while (heap.size > 0) {
        popped.push(heap.peekKey());
        heap.pop();
      }
      expect(popped).toEqual([...keys].sort((a, b) => a - b));
    });
  });
});

describe('VisitedSet', () => {
  describe('visit', () => {
    it('forgets marks when a new search starts, also across the generation wrap', () => {
      const visited = new VisitedSet(8);
      for (let search = 0; search < 70_000; search++) {
        visited.reset(8);
        expect(visited.visit(search % 8)).toBe(false);
        expect(visited.visit(search % 8)).toBe(true);
      }
    });
  });
});
