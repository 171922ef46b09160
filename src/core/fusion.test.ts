import { describe, expect, it } from 'vitest';
import { convexFusion, fuseForMode, normalizeScores, reciprocalRankFusion, type RankedItem } from './fusion';

function list(...pairs: [string, number][]): RankedItem[] {
  return pairs.map(([id, score]) => ({ id, score }));
}

const semantic = list(['x', 0.9], ['y', 0.8], ['z', 0.5]);
const keyword = list(['z', 12], ['w', 6], ['x', 3]);

describe('fusion', () => {
  describe('reciprocalRankFusion', () => {
    it('sums 1 / (60 + rank) over the lists', () => {
      const fused = reciprocalRankFusion([
        list(['a', 9], ['b', 8], ['c', 7]),
        list(['c', 1], ['a', 0.5], ['d', 0.1]),
      ]);
      expect(fused.map((f) => f.id)).toEqual(['a', 'c', 'b', 'd']);
      expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
      expect(fused[1]?.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
      expect(fused[2]?.score).toBeCloseTo(1 / 62, 12);
      expect(fused[3]?.score).toBeCloseTo(1 / 63, 12);
    });

    it('uses the given k and list weights', () => {
      const fused = reciprocalRankFusion([list(['a', 1]), list(['b', 1])], { k: 1, weights: [1, 3] });
      expect(fused).toEqual([
        { id: 'b', score: 1.5 },
        { id: 'a', score: 0.5 },
      ]);
    });
  });

  describe('normalizeScores', () => {
    it('maps min-max onto [0, 1] and gives equal scores 1', () => {
      expect(normalizeScores(keyword, 'min-max').map((x) => x.score)).toEqual([1, 1 / 3, 0]);
      expect(normalizeScores(list(['a', 4], ['b', 4]), 'min-max').map((x) => x.score)).toEqual([1, 1]);
    });

    it('computes z-scores with the population deviation', () => {
      const z = normalizeScores(list(['a', 1], ['b', 2], ['c', 3]), 'z-score').map((x) => x.score);
      const sd = Math.sqrt(2 / 3);
      expect(z[0]).toBeCloseTo(-1 / sd, 12);
      expect(z[1]).toBeCloseTo(0, 12);
      expect(z[2]).toBeCloseTo(1 / sd, 12);
    });
  });

  describe('convexFusion', () => {
    it('weights min-max scores, an item missing from a list taking that list’s floor', () => {
      // semantic → x 1, y 0.75, z 0; keyword → z 1, w 1/3, x 0; alpha 0.6 on semantic.
      const fused = convexFusion([semantic, keyword], { weights: [0.6, 0.4] });
      expect(fused.map((f) => f.id)).toEqual(['x', 'y', 'z', 'w']);
      [0.6, 0.45, 0.4, 0.4 / 3].forEach((value, i) => {
        expect(fused[i]?.score).toBeCloseTo(value, 12);
      });
    });

    it('normalises weights that do not sum to one', () => {
      expect(convexFusion([semantic, keyword], { weights: [3, 2] })).toEqual(
        convexFusion([semantic, keyword], { weights: [0.6, 0.4] }),
      );
    });
  });

  describe('fuseForMode', () => {
    it('returns one retriever’s ranking in semantic and keyword modes', () => {
      expect(fuseForMode('semantic', { semantic, keyword }).map((f) => f.id)).toEqual(['x', 'y', 'z']);
      expect(fuseForMode('keyword', { semantic, keyword }).map((f) => f.id)).toEqual(['z', 'w', 'x']);
    });

    it('fuses with RRF in hybrid mode unless convex fusion is asked for', () => {
      expect(fuseForMode('hybrid', { semantic, keyword })).toEqual(reciprocalRankFusion([semantic, keyword]));
      expect(fuseForMode('hybrid', { semantic, keyword }, { method: 'convex', alpha: 0.6 })).toEqual(
        convexFusion([semantic, keyword], { weights: [0.6, 0.4] }),
      );
    });
  });
});
