// The contenders of the search bench behind one shape: build from a vector set, report the
// persisted size and the time to load it back, answer top-k at a given ef. Ours (f32 and int8),
// exact brute force, hnswlib-node (native C++ anchor) and MeMemo (a pure-JS HNSW, in memory).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { HNSW as Mememo } from 'mememo';
import { HnswIndex } from '../../src/core/hnsw/hnsw-index';
import { MinHeap } from '../../src/core/hnsw/heap';
import { row } from '../../src/core/hnsw/synthetic-vectors';
import type { VectorSet } from '../../src/core/hnsw/synthetic-vectors';
import { dotF32 } from '../../src/core/hnsw/vector-math';

export const M = 16;
export const EF_CONSTRUCTION = 200;

export interface Engine {
  name: string;
  /** Builds the index; may return the build time (ms) to report instead of the measured one. */
  build(base: VectorSet): Promise<number | undefined>;
  /** Persisted bytes and the time (ms) to load them back into a searchable index. */
  persist(): Promise<{ bytes: number; loadMs: number }>;
  search(query: Float32Array, k: number, ef: number): number[] | Promise<number[]>;
  dispose(): void;
}

/** The float graph built by the f32 engine, reused by the int8 engine (same graph, plus codes). */
export interface SharedBuild {
  index?: HnswIndex | undefined;
  buildMs: number;
}

export function oursEngine(quantization: 'none' | 'int8', shared: SharedBuild): Engine {
  let index: HnswIndex | undefined;
  return {
    name: quantization === 'int8' ? 'ours int8' : 'ours f32',
    build(base) {
      const start = performance.now();
      if (quantization === 'int8' && shared.index) {
        const { header, segments } = shared.index.serialize();
        index = HnswIndex.deserialize(header, segments);
        const quantizeStart = performance.now();
        index.quantize();
        return Promise.resolve(shared.buildMs + performance.now() - quantizeStart);
      }
      index = new HnswIndex({ dims: base.dims, M, efConstruction: EF_CONSTRUCTION });
      for (let i = 0; i < base.count; i++) index.insert(i, row(base, i));
      if (quantization === 'int8') index.quantize();
      else Object.assign(shared, { index, buildMs: performance.now() - start });
      return Promise.resolve(undefined);
    },
    persist() {
      if (!index) throw new Error('not built');
      const { header, segments } = index.serialize();
      let bytes = 0;
      for (const buffer of Object.values(segments) as (ArrayBuffer | undefined)[]) {
        bytes += buffer?.byteLength ?? 0;
      }
      const start = performance.now();
      index = HnswIndex.deserialize(header, segments);
      return Promise.resolve({ bytes, loadMs: performance.now() - start });
    },
    search(query, k, ef) {
      return (index?.search(query, k, { ef }) ?? []).map((h) => Number(h.id));
    },
    dispose() {
      index = undefined;
      if (quantization === 'int8') shared.index = undefined;
    },
  };
}

/** Exact search: one pass over a plain Float32Array with the same dot kernel. */
export function bruteForceEngine(): Engine {
  let base: VectorSet | undefined;
  const heap = new MinHeap(64);
  return {
    name: 'exact brute force',
    build(set) {
      base = set;
      return Promise.resolve(undefined);
    },
    persist() {
      return Promise.resolve({ bytes: base?.data.byteLength ?? 0, loadMs: 0 });
    },
    search(query, k) {
      if (!base) return [];
      heap.clear();
      const { data, dims, count } = base;
      for (let i = 0; i < count; i++) {
        const s = dotF32(query, 0, data, i * dims, dims);
        if (heap.size < k) heap.push(s, i);
        else if (s > heap.peekKey()) {
          heap.pop();
          heap.push(s, i);
        }
      }
      const out = new Array<number>(heap.size);
      for (let i = heap.size - 1; i >= 0; i--) out[i] = heap.pop();
      return out;
    },
    dispose() {
      base = undefined;
    },
  };
}

export function hnswlibEngine(): Engine {
  let index: hnswlib.HierarchicalNSW | undefined;
  let dims = 0;
  const dir = mkdtempSync(join(tmpdir(), 'bench-hnswlib-'));
  return {
    name: 'hnswlib-node',
    build(base) {
      dims = base.dims;
      index = new hnswlib.HierarchicalNSW('ip', dims);
      index.initIndex(base.count, M, EF_CONSTRUCTION, 100);
      for (let i = 0; i < base.count; i++) index.addPoint(Array.from(row(base, i)), i);
      return Promise.resolve(undefined);
    },
    persist() {
      if (!index) throw new Error('not built');
      const file = join(dir, 'index.bin');
      index.writeIndexSync(file);
      const bytes = statSync(file).size;
      const start = performance.now();
      index = new hnswlib.HierarchicalNSW('ip', dims);
      index.readIndexSync(file);
      return Promise.resolve({ bytes, loadMs: performance.now() - start });
    },
    search(query, k, ef) {
      if (!index) return [];
      index.setEf(ef);
      return index.searchKnn(Array.from(query), k).neighbors;
    },
    dispose() {
      index = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** MeMemo in memory; persisted form = its exported graph JSON plus the float vectors. */
export function mememoEngine(): Engine {
  let index: Mememo | undefined;
  let base: VectorSet | undefined;
  const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i));
  const values = (set: VectorSet): number[][] => keys(set.count).map((_, i) => Array.from(row(set, i)));
  return {
    name: 'MeMemo',
    async build(set) {
      base = set;
      index = new Mememo({
        distanceFunction: 'cosine-normalized',
        m: M,
        efConstruction: EF_CONSTRUCTION,
        seed: 100,
      });
      await index.bulkInsert(keys(set.count), values(set));
      return undefined;
    },
    async persist() {
      if (!index || !base) throw new Error('not built');
      const json = JSON.stringify(index.exportIndex());
      const bytes = json.length + base.data.byteLength;
      const vectors = values(base);
      const start = performance.now();
      index = new Mememo({ distanceFunction: 'cosine-normalized', m: M, efConstruction: EF_CONSTRUCTION });
      index.loadIndex(JSON.parse(json) as ReturnType<Mememo['exportIndex']>);
      await index.bulkInsertSkipIndex(keys(base.count), vectors);
      return { bytes, loadMs: performance.now() - start };
    },
    async search(query, k, ef) {
      if (!index) return [];
      const { keys: found } = await index.query(Array.from(query), k, ef);
      return found.map(Number);
    },
    dispose() {
      index = undefined;
      base = undefined;
    },
  };
}
