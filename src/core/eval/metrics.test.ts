import { describe, expect, it } from 'vitest';
import { evaluateRun, mrrAtK, ndcgAtK, recallAtK } from './metrics';

const judgements = new Map([
  ['a', 2],
  ['b', 1],
  ['c', 0],
]);

describe('metrics', () => {
  describe('ndcgAtK', () => {
    it('uses linear gains and a log2(rank + 1) discount', () => {
      // DCG = 2/log2(3) + 1/log2(4); IDCG = 2/log2(2) + 1/log2(3).
      const expected = (2 / Math.log2(3) + 0.5) / (2 + 1 / Math.log2(3));
      expect(ndcgAtK(['x', 'a', 'b'], judgements, 10)).toBeCloseTo(expected, 12);
      expect(expected).toBeCloseTo(0.66967181649, 10);
    });

    it('is 1 for the ideal ranking and ignores results past the cut-off', () => {
      expect(ndcgAtK(['a', 'b', 'c'], judgements, 10)).toBe(1);
      expect(ndcgAtK(['x', 'a'], judgements, 1)).toBe(0);
    });
  });

  describe('recallAtK', () => {
    it('counts relevant documents found within k over all relevant ones', () => {
      expect(recallAtK(['c', 'a', 'x'], judgements, 100)).toBe(0.5);
      expect(recallAtK(['x', 'a', 'b'], judgements, 2)).toBe(0.5);
    });
  });

  describe('mrrAtK', () => {
    it('takes the reciprocal rank of the first relevant result within k', () => {
      expect(mrrAtK(['c', 'x', 'b'], judgements, 10)).toBeCloseTo(1 / 3, 12);
      expect(mrrAtK(['c', 'x', 'b'], judgements, 2)).toBe(0);
    });
  });

  describe('evaluateRun', () => {
    it('averages over every judged query, counting a query without results as zero', () => {
      const qrels = new Map([
        ['q1', judgements],
        ['q2', new Map([['d', 1]])],
      ]);
      const scores = evaluateRun(new Map([['q1', ['a', 'b']]]), qrels);
      expect(scores).toEqual({ ndcgAt10: 0.5, recallAt100: 0.5, mrrAt10: 0.5, queries: 2 });
    });
  });
});
