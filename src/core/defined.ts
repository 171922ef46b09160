// Optional properties under `exactOptionalPropertyTypes`: `{ x?: T }` may be absent but never hold
// undefined. `...defined({ x: maybeX })` spreads only the keys whose value is defined, in place of one
// `...(maybeX === undefined ? {} : { x: maybeX })` per key.

/** The same object without its undefined values; every key becomes optional in the type. */
export function defined<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
