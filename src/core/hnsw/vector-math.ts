// Dot products over flat typed arrays: the inner loop of every search. Unrolled by four with
// independent accumulators, which V8 runs about 1.6× faster than the plain loop on 384-d vectors.
// `dims` must be a multiple of 4 (the index checks it once); offsets are element offsets.

/** Dot product of a[ao .. ao+dims) and b[bo .. bo+dims). */
export function dotF32(a: Float32Array, ao: number, b: Float32Array, bo: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < dims; i += 4) {
    s0 += (a[ao + i] ?? 0) * (b[bo + i] ?? 0);
    s1 += (a[ao + i + 1] ?? 0) * (b[bo + i + 1] ?? 0);
    s2 += (a[ao + i + 2] ?? 0) * (b[bo + i + 2] ?? 0);
    s3 += (a[ao + i + 3] ?? 0) * (b[bo + i + 3] ?? 0);
  }
  return s0 + s1 + s2 + s3;
}

/** Dot product of a float query (already multiplied by the code scales) with int8 codes at bo. */
export function dotI8(q: Float32Array, codes: Int8Array, bo: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < dims; i += 4) {
    s0 += (q[i] ?? 0) * (codes[bo + i] ?? 0);
    s1 += (q[i + 1] ?? 0) * (codes[bo + i + 1] ?? 0);
    s2 += (q[i + 2] ?? 0) * (codes[bo + i + 2] ?? 0);
    s3 += (q[i + 3] ?? 0) * (codes[bo + i + 3] ?? 0);
  }
  return s0 + s1 + s2 + s3;
}

/**
 * Copies `source` into `target` at `offset`, scaled to unit length. Throws on a wrong length,
 * a non-finite value or a zero vector (cosine similarity is undefined for it).
 */
export function writeNormalised(
  source: ArrayLike<number>,
  target: Float32Array,
  offset: number,
  dims: number,
): void {
  if (source.length !== dims) {
    throw new RangeError(`Vector has ${source.length} dimensions; this index holds ${dims}.`);
  }
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const x = source[i] ?? 0;
    norm += x * x;
  }
  if (!Number.isFinite(norm)) throw new RangeError('Vector contains a value that is not finite.');
  if (norm === 0) throw new RangeError('Vector has zero length; cosine similarity is undefined.');
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < dims; i++) target[offset + i] = (source[i] ?? 0) * inv;
}
