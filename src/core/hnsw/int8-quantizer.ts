// Int8 scalar quantisation with one scale per dimension. Codes are used only to walk the graph
// (4× less memory touched per distance); the final candidates are rescored with the float
// vectors, so returned scores are exact. Scales come from the vectors present when quantisation
// is trained; later vectors outside that range are clipped, which the rescoring absorbs.

/** Per-dimension scales: code = round(x / scale), clipped to [-127, 127]. */
export function trainScales(vectors: Float32Array, count: number, dims: number, stride = 1): Float32Array {
  const maxAbs = new Float32Array(dims);
  for (let slot = 0; slot < count; slot += stride) {
    const base = slot * dims;
    for (let d = 0; d < dims; d++) {
      const x = Math.abs(vectors[base + d] ?? 0);
      if (x > (maxAbs[d] ?? 0)) maxAbs[d] = x;
    }
  }
  const scales = new Float32Array(dims);
  for (let d = 0; d < dims; d++) {
    const m = maxAbs[d] ?? 0;
    // A dimension that is always zero still needs a usable scale.
    scales[d] = m > 0 ? m / 127 : 1 / 127;
  }
  return scales;
}

/** Encodes the float vector at `slot` into `codes` at the same slot. */
export function encodeSlot(
  vectors: Float32Array,
  codes: Int8Array,
  scales: Float32Array,
  slot: number,
  dims: number,
): void {
  const base = slot * dims;
  for (let d = 0; d < dims; d++) {
    const q = Math.round((vectors[base + d] ?? 0) / (scales[d] ?? 1));
    codes[base + d] = q > 127 ? 127 : q < -127 ? -127 : q;
  }
}

/** Query prepared for asymmetric distance: q'[d] = q[d] · scale[d], so q'·code ≈ q·x. */
export function prepareQuery(
  query: Float32Array,
  scales: Float32Array,
  target: Float32Array,
  dims: number,
): void {
  for (let d = 0; d < dims; d++) target[d] = (query[d] ?? 0) * (scales[d] ?? 0);
}
