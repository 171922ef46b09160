import { beforeAll, describe, expect, it } from 'vitest';
import { HnswFormatError } from './format';
import type { HnswHeader, HnswSegments } from './format';
import { HnswIndex } from './hnsw-index';
import { buildIndex, clusteredFixture, DIMS } from './hnsw-test-helpers';
import type { Fixture } from './hnsw-test-helpers';
import { row } from './synthetic-vectors';

function bytesOf(segments: HnswSegments): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, buffer] of Object.entries(segments)) {
    if (buffer instanceof ArrayBuffer) out[name] = Array.from(new Uint8Array(buffer));
  }
  return out;
}

function answers(index: HnswIndex, fixture: Fixture, options = {}): unknown[] {
  const out: unknown[] = [];
  for (let q = 0; q < fixture.queries.count; q++)
    out.push(index.search(row(fixture.queries, q), 10, options));
  return out;
}

describe('HnswIndex', () => {
  let fixture: Fixture;
  beforeAll(() => {
    fixture = clusteredFixture(1200, 40);
  });

  describe('serialize', () => {
    it('writes the same bytes for the same seed and inserts', () => {
      const a = buildIndex(fixture.base).serialize();
      const b = buildIndex(fixture.base).serialize();
      expect(b.header).toEqual(a.header);
      expect(bytesOf(b.segments)).toEqual(bytesOf(a.segments));
    });

    it('writes a different graph for a different seed', () => {
      const a = buildIndex(fixture.base).serialize();
      const b = buildIndex(fixture.base, { seed: 99 }).serialize();
      expect(bytesOf(b.segments)['nodes']).not.toEqual(bytesOf(a.segments)['nodes']);
    });

    it('keeps a few large segments, not a record per vector', () => {
      const { header, segments } = buildIndex(fixture.base, { quantization: 'int8' }).serialize();
      expect(Object.keys(segments).sort()).toEqual(
        ['codes', 'ids', 'links0', 'nodes', 'scales', 'upper', 'vectors'].sort(),
      );
      expect(segments.vectors.byteLength).toBe(4 * DIMS * fixture.base.count);
      expect(header).toMatchObject({ formatVersion: 1, dims: DIMS, M: 16, quantized: true });
    });
  });

  describe('deserialize', () => {
    it('answers exactly as the original, tombstones and int8 included', () => {
      const index = buildIndex(fixture.base, { quantization: 'int8', modelId: 'test-model' });
      for (let i = 0; i < fixture.base.count; i += 4) index.delete(i);
      const { header, segments } = index.serialize();
      const loaded = HnswIndex.deserialize(header, segments, { dims: DIMS, modelId: 'test-model' });
      expect(loaded.size).toBe(index.size);
      expect(loaded.isQuantized).toBe(true);
      expect(answers(loaded, fixture)).toEqual(answers(index, fixture));
      const isOdd = (id: string | number): boolean => Number(id) % 2 === 1;
      expect(answers(loaded, fixture, { filter: isOdd })).toEqual(answers(index, fixture, { filter: isOdd }));
    });

    it('continues inserting exactly as if it had never been saved', () => {
      const whole = buildIndex(fixture.base);
      const half = new HnswIndex({ dims: DIMS });
      const n = fixture.base.count;
      for (let i = 0; i < n / 2; i++) half.insert(i, row(fixture.base, i));
      const saved = half.serialize();
      const resumed = HnswIndex.deserialize(saved.header, saved.segments);
      for (let i = n / 2; i < n; i++) resumed.insert(i, row(fixture.base, i));
      expect(bytesOf(resumed.serialize().segments)).toEqual(bytesOf(whole.serialize().segments));
    });

    it('round-trips string ids, deletes and updates by id', () => {
      const index = new HnswIndex({ dims: DIMS });
      for (let i = 0; i < 300; i++) index.insert(`doc-${i}/chunk-é${i}`, row(fixture.base, i));
      const { header, segments } = index.serialize();
      const loaded = HnswIndex.deserialize(header, segments);
      expect(loaded.search(row(fixture.base, 42), 1)[0]?.id).toBe('doc-42/chunk-é42');
      expect(loaded.delete('doc-42/chunk-é42')).toBe(true);
      expect(loaded.search(row(fixture.base, 42), 1)[0]?.id).not.toBe('doc-42/chunk-é42');
      loaded.insert('doc-7/chunk-é7', row(fixture.base, 500));
      expect(loaded.search(row(fixture.base, 500), 1)[0]?.id).toBe('doc-7/chunk-é7');
      expect(loaded.size).toBe(299);
    });

    it('loads an empty index', () => {
      const { header, segments } = new HnswIndex({ dims: DIMS }).serialize();
      const loaded = HnswIndex.deserialize(header, segments);
      expect(loaded.search(row(fixture.base, 0), 3)).toEqual([]);
      loaded.insert(1, row(fixture.base, 0));
      expect(loaded.search(row(fixture.base, 0), 3).map((h) => h.id)).toEqual([1]);
    });

    describe('refusals', () => {
      let saved: { header: HnswHeader; segments: HnswSegments };
      beforeAll(() => {
        saved = buildIndex(fixture.queries, { modelId: 'model-a' }).serialize();
      });
      const reasonOf = (run: () => unknown): string => {
        try {
          run();
        } catch (error) {
          if (error instanceof HnswFormatError) return `${error.reason}: ${error.message}`;
          throw error;
        }
        return 'loaded';
      };

      it('refuses another format version', () => {
        const header = { ...saved.header, formatVersion: 2 };
        expect(reasonOf(() => HnswIndex.deserialize(header, saved.segments))).toMatch(/^version: .*rebuild/);
      });

      it('refuses settings the caller does not expect', () => {
        const load = (expected: object): string =>
          reasonOf(() => HnswIndex.deserialize(saved.header, saved.segments, expected));
        expect(load({ dims: 384 })).toMatch(/^settings: .*dims = 64, expected 384/);
        expect(load({ modelId: 'model-b' })).toMatch(/^settings: .*modelId/);
        expect(load({ quantization: 'int8' })).toMatch(/^settings: .*quantization/);
        expect(load({ dims: DIMS, modelId: 'model-a' })).toBe('loaded');
      });

      it('refuses segments whose size does not match the header', () => {
        const segments = { ...saved.segments, links0: saved.segments.links0.slice(8) };
        expect(reasonOf(() => HnswIndex.deserialize(saved.header, segments))).toMatch(/^corrupt: .*links0/);
        const header = { ...saved.header, entryPoint: saved.header.count };
        expect(reasonOf(() => HnswIndex.deserialize(header, saved.segments))).toMatch(/^corrupt/);
      });
    });
  });
});
