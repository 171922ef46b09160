import { beforeAll, describe, expect, it } from 'vitest';
import type { HnswIndex } from './hnsw-index';
import { buildIndex, clusteredFixture, recallAt } from './hnsw-test-helpers';
import type { Fixture } from './hnsw-test-helpers';
import { row } from './synthetic-vectors';

// Deletes, compaction and int8 quantisation on one clustered data set.
describe('HnswIndex', () => {
  let fixture: Fixture;
  beforeAll(() => {
    fixture = clusteredFixture(2500);
  });
  const isGone = (i: number): boolean => i % 3 === 0;

  describe('delete', () => {
    let index: HnswIndex;
    beforeAll(() => {
      index = buildIndex(fixture.base);
      for (let i = 0; i < fixture.base.count; i++) if (isGone(i)) index.delete(i);
    });

    it('never returns a deleted id', () => {
      for (let q = 0; q < fixture.queries.count; q++) {
        const hits = index.search(row(fixture.queries, q), 10);
        expect(hits).toHaveLength(10);
        expect(hits.some((h) => isGone(Number(h.id)))).toBe(false);
      }
      expect(index.search(row(fixture.base, 3), 1)[0]?.id).not.toBe(3);
    });

    it('keeps recall over the live vectors', () => {
      const recall = recallAt(10, fixture, (q) => index.search(q, 10, { ef: 64 }), isGone);
      expect(recall).toBeGreaterThanOrEqual(0.95);
    });

    it('counts live vectors and reports unknown ids', () => {
      expect(index.size).toBe(fixture.base.count - Math.ceil(fixture.base.count / 3));
      expect(index.delete(3)).toBe(false);
      expect(index.has(3)).toBe(false);
      expect(index.has(4)).toBe(true);
    });

    it('lets a deleted id come back', () => {
      const copy = buildIndex(fixture.queries);
      copy.delete(6);
      expect(copy.search(row(fixture.queries, 6), 1)[0]?.id).not.toBe(6);
      copy.insert(6, row(fixture.queries, 6));
      expect(copy.search(row(fixture.queries, 6), 1)[0]?.id).toBe(6);
    });

    it('serves inserts again after everything was deleted', () => {
      const copy = buildIndex(fixture.queries);
      for (let i = 0; i < fixture.queries.count; i++) copy.delete(i);
      expect(copy.search(row(fixture.queries, 0), 5)).toEqual([]);
      copy.insert('again', row(fixture.queries, 0));
      expect(copy.search(row(fixture.queries, 1), 5).map((h) => h.id)).toEqual(['again']);
    });
  });

  describe('compact', () => {
    it('waits until tombstones pass the fraction, then rebuilds with the same answers', () => {
      const index = buildIndex(fixture.base, { compactFraction: 0.3 });
      for (let i = 0; i < fixture.base.count; i++) if (i % 5 === 0) index.delete(i);
      expect(index.compact()).toBe(false);
      for (let i = 0; i < fixture.base.count; i++) if (isGone(i)) index.delete(i);
      expect(index.tombstoneFraction).toBeGreaterThan(0.3);
      const gone = (i: number): boolean => isGone(i) || i % 5 === 0;
      const before = recallAt(10, fixture, (q) => index.search(q, 10), gone);
      expect(index.compact()).toBe(true);
      expect(index.tombstoneFraction).toBe(0);
      const after = recallAt(10, fixture, (q) => index.search(q, 10), gone);
      expect(after).toBeGreaterThanOrEqual(0.95);
      expect(after).toBeGreaterThanOrEqual(before - 0.02);
      expect(index.search(row(fixture.base, 7), 1)[0]?.id).toBe(7);
    });
  });

  describe('int8 quantisation', () => {
    let index: HnswIndex;
    beforeAll(() => {
      index = buildIndex(fixture.base, { quantization: 'int8', int8TrainSize: 500 });
    });

    it('trains once enough vectors are in', () => {
      expect(index.isQuantized).toBe(true);
    });

    it('keeps recall within 2 points of the float walk and returns exact scores', () => {
      const floats = buildIndex(fixture.base);
      const f32 = recallAt(10, fixture, (q) => floats.search(q, 10, { ef: 64 }));
      const int8 = recallAt(10, fixture, (q) => index.search(q, 10, { ef: 64 }));
      expect(int8).toBeGreaterThanOrEqual(f32 - 0.02);
      const query = row(fixture.queries, 2);
      const [a, b] = [index.search(query, 1)[0], floats.search(query, 1)[0]];
      expect(a?.id).toBe(b?.id);
      expect(a?.score).toBeCloseTo(b?.score ?? NaN, 6);
    });
  });
});
