// Vector sets for the search bench, all 384-d by default and all built deterministically:
//  - uniform:   isotropic Gaussian directions (structureless worst case);
//  - clustered: 100 tight Gaussian blobs (easy case);
//  - text:      SciFact passages cut into 1–3-sentence windows, each embedded as the sum of one
//               seeded Gaussian vector per word occurrence (hashed bag of words → random
//               projection), then normalised. Like a random-weight encoder's mean pooling, it
//               follows the words a passage contains, so neighbourhoods have the lumpy, anisotropic
//               structure of real text (shared words, overlapping windows, common function words).
//               Queries are SciFact's own claims embedded the same way.
//  - file:      --vectors FILE (raw little-endian float32, row-major, --dims wide); queries from
//               --query-vectors FILE or else the last rows of FILE (held out of the index).
import { readFileSync } from 'node:fs';
import { Prng } from '../../src/core/hnsw/prng';
import { clusteredVectors, normaliseRows, uniformVectors } from '../../src/core/hnsw/synthetic-vectors';
import type { VectorSet } from '../../src/core/hnsw/synthetic-vectors';
import { join } from 'node:path';

export interface BenchSet {
  name: string;
  base: VectorSet;
  queries: VectorSet;
}

const SCIFACT = join(import.meta.dirname, '../../../shared/data/beir-scifact/scifact');

export function syntheticSet(
  kind: 'uniform' | 'clustered',
  count: number,
  queries: number,
  dims: number,
): BenchSet {
  // Tight blobs (noise 0.25 of the centre scale): the easy case, as in shared/BENCH.md.
  const make = (n: number, seed: number): VectorSet =>
    kind === 'uniform' ? uniformVectors(n, dims, seed) : clusteredVectors(n, dims, seed, 100, 0.25);
  return {
    name: kind,
    base: normaliseRows(make(count, 11)),
    queries: normaliseRows(make(queries, 12)),
  };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

class BagOfWordsProjector {
  private readonly cache = new Map<string, Float32Array>();
  constructor(private readonly dims: number) {}

  embed(text: string, target: Float32Array, offset: number): void {
    for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      const v = this.wordVector(word);
      for (let d = 0; d < this.dims; d++) target[offset + d] = (target[offset + d] ?? 0) + (v[d] ?? 0);
    }
  }

  private wordVector(word: string): Float32Array {
    let v = this.cache.get(word);
    if (v) return v;
    const rng = new Prng(fnv1a(word));
    v = new Float32Array(this.dims);
    for (let d = 0; d < this.dims; d++) {
      v[d] = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    }
    this.cache.set(word, v);
    return v;
  }
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** 1–3-sentence windows of every SciFact abstract, in a seeded shuffled order. */
export function scifactWindows(): string[] {
  const docs = readJsonl<{ title: string; text: string }>(`${SCIFACT}/corpus.jsonl`);
  const windows: string[] = [];
  for (const doc of docs) {
    const sentences = `${doc.title}. ${doc.text}`
      .split(/(?<=[.!?])\s+(?=[A-Z0-9(])/)
      .filter((s) => s.length > 20);
    for (let width = 1; width <= 3; width++) {
      for (let i = 0; i + width <= sentences.length; i++)
        windows.push(sentences.slice(i, i + width).join(' '));
    }
  }
  const rng = new Prng(2024);
  for (let i = windows.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [windows[i], windows[j]] = [windows[j] ?? '', windows[i] ?? ''];
  }
  return windows;
}

export function textSet(count: number, queries: number, dims: number): BenchSet {
  const windows = scifactWindows();
  if (count > windows.length) throw new Error(`SciFact gives ${windows.length} windows; asked for ${count}.`);
  const claims = readJsonl<{ text: string }>(`${SCIFACT}/queries.jsonl`).slice(0, queries);
  const projector = new BagOfWordsProjector(dims);
  const embed = (texts: string[]): VectorSet => {
    const data = new Float32Array(texts.length * dims);
    texts.forEach((text, i) => {
      projector.embed(text, data, i * dims);
    });
    return normaliseRows({ dims, count: texts.length, data });
  };
  return {
    name: 'text (SciFact BoW)',
    base: embed(windows.slice(0, count)),
    queries: embed(claims.map((c) => c.text)),
  };
}

export function fileSet(
  path: string,
  dims: number,
  count: number,
  queries: number,
  queryPath?: string,
): BenchSet {
  const read = (file: string): Float32Array => {
    const bytes = readFileSync(file);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const all = read(path);
  const rows = Math.floor(all.length / dims);
  const held = queryPath ? 0 : queries;
  if (count + held > rows) throw new Error(`${path} has ${rows} rows of ${dims}; need ${count + held}.`);
  const base = { dims, count, data: all.slice(0, count * dims) };
  const q = queryPath
    ? read(queryPath).slice(0, queries * dims)
    : all.slice((rows - queries) * dims, rows * dims);
  return {
    name: `file ${path.split('/').pop() ?? path}`,
    base: normaliseRows(base),
    queries: normaliseRows({ dims, count: q.length / dims, data: q }),
  };
}
