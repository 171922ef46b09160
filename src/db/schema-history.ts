// Reads the declared schema as data: the full set of stores each version ends up with, and what a
// version would take away from the one before. The schema guard test uses it to keep changes additive.
import type { SchemaVersion } from './schema';

export interface StoreShape {
  primaryKey: string;
  indexes: string[];
}

export type SchemaShape = Record<string, StoreShape>;

/** 'id, &name, *tags, [a+b]' → primary key 'id', indexes ['&name', '*tags', '[a+b]']. */
export function parseStore(spec: string): StoreShape {
  const [primaryKey = '', ...indexes] = spec.split(',').map((part) => part.trim());
  return { primaryKey, indexes: indexes.filter((index) => index !== '') };
}

/** The stores as they stand after each version, since a version lists only what it adds or changes. */
export function cumulativeShapes(
  versions: readonly SchemaVersion[],
): { version: number; shape: SchemaShape }[] {
  const shape: SchemaShape = {};
  return versions.map((v) => {
    for (const [name, spec] of Object.entries(v.stores)) shape[name] = parseStore(spec);
    return { version: v.version, shape: structuredClone(shape) };
  });
}

/** Everything `next` drops or re-keys from `prev`, in words; empty when the change is additive. */
export function findRemovals(prev: SchemaShape, next: SchemaShape): string[] {
  const problems: string[] = [];
  for (const [name, before] of Object.entries(prev)) {
    const after = next[name];
    if (!after) {
      problems.push(`store "${name}" removed`);
      continue;
    }
    if (after.primaryKey !== before.primaryKey) {
      problems.push(`store "${name}" primary key changed from ${before.primaryKey} to ${after.primaryKey}`);
    }
    for (const index of before.indexes) {
      if (!after.indexes.includes(index)) problems.push(`index "${index}" removed from store "${name}"`);
    }
  }
  return problems;
}
