import { beforeAll, describe, expect, it } from 'vitest';
import { HnswIndex } from './hnsw-index';
import { buildIndex, clusteredFixture, DIMS, recallAt } from './hnsw-test-helpers';
import type { Fixture } from './hnsw-test-helpers';
import { row, uniformVectors, normaliseRows } from './synthetic-vectors';

describe('HnswIndex', () => {
  let fixture: Fixture;
  let index: HnswIndex;
  beforeAll(() => {
    fixture = clusteredFixture();
    index = buildIndex(fixture.base);
  });

  describe('search', () => {
    it('finds at least 95% of the exact top 10 at ef 64 on clustered data', () => {
      const recall = recallAt(10, fixture, (q) => index.search(q, 10, { ef: 64 }));
      expect(recall).toBeGreaterThanOrEqual(0.95);
    });

    it('recalls more with a wider beam', () => {
      const narrow = recallAt(10, fixture, (q) => index.search(q, 10, { ef: 10 }));
      const wide = recallAt(10, fixture, (q) => index.search(q, 10, { ef: 128 }));
      expect(wide).toBeGreaterThan(narrow);
      expect(wide).toBeGreaterThanOrEqual(0.98);
    });

    it('returns hits best first with cosine scores', () => {
      const query = row(fixture.base, 123);
      const hits = index.search(query, 5);
      expect(hits[0]?.id).toBe(123);
      expect(hits[0]?.score).toBeCloseTo(1, 5);
      for (let i = 1; i < hits.length; i++) {
        expect(hits[i]?.score).toBeLessThanOrEqual(hits[i - 1]?.score ?? 1);
      }
    });

    it('scores the same whatever the query length', () => {
      const query = row(fixture.queries, 3);
      const scaled = query.map((x) => x * 17);
      const plain = index.search(query, 10);
      const hits = index.search(scaled, 10);
      expect(hits.map((h) => h.id)).toEqual(plain.map((h) => h.id));
      hits.forEach((h, i) => {
        expect(h.score).toBeCloseTo(plain[i]?.score ?? NaN, 6);
      });
    });

    it('only returns ids the filter accepts, still k of them', () => {
      const isEven = (id: string | number): boolean => Number(id) % 2 === 0;
      for (let q = 0; q < 20; q++) {
        const hits = index.search(row(fixture.queries, q), 10, { filter: isEven });
        expect(hits).toHaveLength(10);
        expect(hits.every((h) => isEven(h.id))).toBe(true);
      }
      const recall = recallAt(
        10,
        fixture,
        (q) => index.search(q, 10, { ef: 64, filter: isEven }),
        (i) => !isEven(i),
      );
      expect(recall).toBeGreaterThanOrEqual(0.95);
    });

    it('returns the few accepted ids when a filter accepts fewer than k', () => {
      const allowed = new Set([5, 900, 2500]);
      const hits = index.search(row(fixture.queries, 0), 10, { filter: (id) => allowed.has(Number(id)) });
      expect(hits.map((h) => h.id).sort((a, b) => Number(a) - Number(b))).toEqual([5, 900, 2500]);
    });
  });

  describe('edge cases', () => {
    it('returns nothing from an empty index', () => {
      const empty = new HnswIndex({ dims: DIMS });
      expect(empty.search(row(fixture.queries, 0), 10)).toEqual([]);
      expect(empty.size).toBe(0);
    });

    it('returns every vector when k exceeds the count', () => {
      const small = buildIndex(normaliseRows(uniformVectors(7, DIMS, 3)));
      const hits = small.search(row(fixture.queries, 0), 50);
      expect(hits.map((h) => h.id).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    it('treats a second insert of an id as an update', () => {
      const small = buildIndex(normaliseRows(uniformVectors(50, DIMS, 4)));
      const target = row(fixture.queries, 1);
      small.insert(10, target);
      expect(small.size).toBe(50);
      const hits = small.search(target, 3);
      expect(hits[0]).toEqual({ id: 10, score: expect.closeTo(1, 5) as number });
      expect(hits.filter((h) => h.id === 10)).toHaveLength(1);
    });

    it('rejects vectors of the wrong length, zero vectors and mixed id kinds', () => {
      const small = new HnswIndex({ dims: DIMS });
      expect(() => {
        small.insert(1, new Float32Array(DIMS + 4));
      }).toThrow(/dimensions/);
      expect(() => {
        small.insert(1, new Float32Array(DIMS));
      }).toThrow(/zero length/);
      small.insert(1, row(fixture.base, 0));
      expect(() => small.search(new Float32Array(8), 1)).toThrow(/dimensions/);
      expect(() => {
        small.insert('a', row(fixture.base, 1));
      }).toThrow(/number ids/);
      expect(small.size).toBe(1);
    });

    it('rejects settings it cannot honour', () => {
      expect(() => new HnswIndex({ dims: 30 })).toThrow(/multiple of 4/);
      expect(() => new HnswIndex({ dims: DIMS, M: 1 })).toThrow(/M must be/);
    });

    it('accepts string ids', () => {
      const small = new HnswIndex({ dims: DIMS });
      for (let i = 0; i < 20; i++) small.insert(`chunk-${i}`, row(fixture.base, i));
      expect(small.search(row(fixture.base, 4), 1)[0]?.id).toBe('chunk-4');
      expect(small.has('chunk-19')).toBe(true);
    });
  });
});
