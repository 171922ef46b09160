import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA, SCHEMA_VERSION } from './schema';
import { cumulativeShapes, findRemovals, parseStore } from './schema-history';

const SNAPSHOT = new URL('./schema.snapshot.json', import.meta.url);

/** The declared schema as plain data: what the snapshot records. */
function describeSchema() {
  return SCHEMA.map((v) => ({
    version: v.version,
    stores: v.stores,
    upgrade: v.upgradeSummary ?? null,
  }));
}

describe('schema', () => {
  describe('SCHEMA', () => {
    it('equals the committed snapshot, so a schema change is always a reviewed change', () => {
      const actual = `${JSON.stringify(describeSchema(), null, 2)}\n`;
      // After an intended change: THINKBANK_WRITE_SCHEMA_SNAPSHOT=1 npx vitest run --project node src/db/schema.test.ts
      if (process.env['THINKBANK_WRITE_SCHEMA_SNAPSHOT'] === '1') writeFileSync(SNAPSHOT, actual);
      expect(actual).toBe(readFileSync(SNAPSHOT, 'utf8'));
    });

    it('numbers its versions in increasing order, the last being SCHEMA_VERSION', () => {
      const numbers = SCHEMA.map((v) => v.version);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers.at(-1)).toBe(SCHEMA_VERSION);
    });

    it('only ever adds: no version removes or re-keys a store, or drops an index', () => {
      const shapes = cumulativeShapes(SCHEMA);
      for (let i = 1; i < shapes.length; i += 1) {
        const prev = shapes[i - 1];
        const next = shapes[i];
        if (!prev || !next) throw new Error('unreachable: index within bounds');
        expect(findRemovals(prev.shape, next.shape), `version ${next.version}`).toEqual([]);
      }
    });

    it('gives every version with an upgrade function a summary for the snapshot', () => {
      for (const v of SCHEMA) expect(v.upgrade === undefined, `version ${v.version}`).toBe(!v.upgradeSummary);
    });
  });

  describe('parseStore', () => {
    it('splits the primary key from the indexes', () => {
      expect(parseStore('[modelId+segmentId], modelId, *tags, &name')).toEqual({
        primaryKey: '[modelId+segmentId]',
        indexes: ['modelId', '*tags', '&name'],
      });
      expect(parseStore('key')).toEqual({ primaryKey: 'key', indexes: [] });
    });
  });

  describe('cumulativeShapes', () => {
    it('carries stores forward and replaces the ones a version redeclares', () => {
      const shapes = cumulativeShapes([
        { version: 1, stores: { a: 'id, x', b: 'key' } },
        { version: 2, stores: { a: 'id, x, y' } },
      ]);
      expect(shapes[1]?.shape).toEqual({
        a: { primaryKey: 'id', indexes: ['x', 'y'] },
        b: { primaryKey: 'key', indexes: [] },
      });
    });
  });

  describe('findRemovals', () => {
    const before = {
      a: { primaryKey: 'id', indexes: ['x', '[x+y]'] },
      b: { primaryKey: 'key', indexes: [] },
    };

    it('reports a removed store, a changed primary key and a dropped index', () => {
      expect(findRemovals(before, { a: { primaryKey: '++id', indexes: ['x'] } })).toEqual([
        'store "a" primary key changed from id to ++id',
        'index "[x+y]" removed from store "a"',
        'store "b" removed',
      ]);
    });

    it('accepts new stores and new indexes', () => {
      const after = {
        ...before,
        a: { primaryKey: 'id', indexes: ['x', '[x+y]', 'z'] },
        c: { primaryKey: 'id', indexes: [] },
      };
      expect(findRemovals(before, after)).toEqual([]);
    });
  });
});
