// Seeded synthetic vector sets for tests and the search bench: uniform directions (the hard,
// structureless case) and Gaussian clusters (the easy case). Row-major Float32Array, one row per
// vector, not normalised (the index normalises). Exact top-k by brute force for ground truth.

import { Prng } from './prng';

export interface VectorSet {
  dims: number;
  count: number;
  data: Float32Array;
}

function gaussian(rng: Prng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Isotropic Gaussian rows: after normalising, uniform on the sphere. */
export function uniformVectors(count: number, dims: number, seed: number): VectorSet {
  const rng = new Prng(seed);
  const data = new Float32Array(count * dims);
  for (let i = 0; i < data.length; i++) data[i] = gaussian(rng);
  return { dims, count, data };
}

/** `clusters` Gaussian blobs; `spread` is the noise scale relative to a unit-variance centre. */
export function clusteredVectors(
  count: number,
  dims: number,
  seed: number,
  clusters = 50,
  spread = 0.9,
): VectorSet {
  const rng = new Prng(seed);
  const centres = uniformVectors(clusters, dims, seed ^ 0x9e3779b9).data;
  const data = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(rng.next() * clusters) * dims;
    for (let d = 0; d < dims; d++) data[i * dims + d] = (centres[c + d] ?? 0) + spread * gaussian(rng);
  }
  return { dims, count, data };
}

/** Row `i` as a view (no copy). */
export function row(set: VectorSet, i: number): Float32Array {
  return set.data.subarray(i * set.dims, (i + 1) * set.dims);
}

/** Scales every row to unit length in place. */
export function normaliseRows(set: VectorSet): VectorSet {
  for (let i = 0; i < set.count; i++) {
    const v = row(set, i);
    let norm = 0;
    for (const x of v) norm += x * x;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < set.dims; d++) v[d] = (v[d] ?? 0) * inv;
  }
  return set;
}

/**
 * Exact top-k rows of `base` for each row of `queries` by dot product (both must be normalised
 * for cosine), as an Int32Array of queries.count × k row indices, best first. Rows for which
 * `skip(i)` is true are left out.
 */
export function exactTopK(
  base: VectorSet,
  queries: VectorSet,
  k: number,
  skip: (i: number) => boolean = () => false,
): Int32Array {
  const out = new Int32Array(queries.count * k).fill(-1);
  const scores = new Float64Array(k);
  const dims = base.dims;
  for (let q = 0; q < queries.count; q++) {
    scores.fill(-Infinity);
    const qo = q * dims;
    for (let i = 0; i < base.count; i++) {
      if (skip(i)) continue;
      let s = 0;
      for (let d = 0; d < dims; d++) s += (queries.data[qo + d] ?? 0) * (base.data[i * dims + d] ?? 0);
      if (s <= (scores[k - 1] ?? 0)) continue;
      let j = k - 1;
      while (j > 0 && (scores[j - 1] ?? 0) < s) {
        scores[j] = scores[j - 1] ?? 0;
        out[q * k + j] = out[q * k + j - 1] ?? -1;
        j--;
      }
      scores[j] = s;
      out[q * k + j] = i;
    }
  }
  return out;
}
