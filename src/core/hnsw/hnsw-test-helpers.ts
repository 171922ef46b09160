// Shared setup for the HNSW tests: a seeded clustered data set, an index built from it, and
// recall@k against exact search. Kept apart so each test file stays about one behaviour.

import { HnswIndex } from './hnsw-index';
import type { HnswOptions } from './params';
import { clusteredVectors, exactTopK, normaliseRows, row } from './synthetic-vectors';
import type { VectorSet } from './synthetic-vectors';

export const DIMS = 64;

export interface Fixture {
  base: VectorSet;
  queries: VectorSet;
}

export function clusteredFixture(count = 3000, queries = 100, seed = 7): Fixture {
  return {
    base: normaliseRows(clusteredVectors(count, DIMS, seed, 100, 0.5)),
    queries: normaliseRows(clusteredVectors(queries, DIMS, seed + 1, 100, 0.5)),
  };
}

export function buildIndex(base: VectorSet, options: Partial<HnswOptions> = {}): HnswIndex {
  const index = new HnswIndex({ dims: base.dims, ...options });
  for (let i = 0; i < base.count; i++) index.insert(i, row(base, i));
  return index;
}

/** Mean recall@k of `search` against exact top-k over rows not skipped. */
export function recallAt(
  k: number,
  fixture: Fixture,
  search: (query: Float32Array) => readonly { id: string | number }[],
  skip?: (i: number) => boolean,
): number {
  const truth = exactTopK(fixture.base, fixture.queries, k, skip);
  let found = 0;
  let total = 0;
  for (let q = 0; q < fixture.queries.count; q++) {
    const expected = new Set(truth.subarray(q * k, (q + 1) * k));
    expected.delete(-1);
    total += expected.size;
    for (const hit of search(row(fixture.queries, q))) if (expected.has(Number(hit.id))) found++;
  }
  return total === 0 ? 1 : found / total;
}
