// Passage vectors on disk, keyed by a hash of the model (its files and embedding settings) and of the
// exact passages (ids and embedded texts), so a second eval of the same corpus and model skips the
// embedding and a change to either embeds again. Raw little-endian float32 rows plus a small JSON
// header; bench-results/ is git-ignored.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalPassage } from './passages';

export const DEFAULT_CACHE_DIR = 'bench-results/eval-vectors';

export function cacheKey(modelFingerprint: string, passages: readonly EvalPassage[]): string {
  const hash = createHash('sha256');
  hash.update(modelFingerprint);
  for (const p of passages) hash.update(`${p.id}\u0000${p.embedText}\u0001`);
  return hash.digest('hex').slice(0, 32);
}

interface Header {
  readonly rows: number;
  readonly dims: number;
}

export function readVectors(dir: string, key: string, rows: number, dims: number): Float32Array | undefined {
  const headerPath = join(dir, `${key}.json`);
  const dataPath = join(dir, `${key}.f32`);
  if (!existsSync(headerPath) || !existsSync(dataPath)) return undefined;
  const header = JSON.parse(readFileSync(headerPath, 'utf8')) as Header;
  const bytes = readFileSync(dataPath);
  if (header.rows !== rows || header.dims !== dims || bytes.byteLength !== rows * dims * 4) return undefined;
  const out = new Float32Array(rows * dims);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function writeVectors(dir: string, key: string, vectors: Float32Array, dims: number): void {
  mkdirSync(dir, { recursive: true });
  const dataPath = join(dir, `${key}.f32`);
  // Written under a temporary name first, so an interrupted run never leaves a short file behind.
  writeFileSync(`${dataPath}.tmp`, new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  renameSync(`${dataPath}.tmp`, dataPath);
  const header: Header = { rows: vectors.length / dims, dims };
  writeFileSync(join(dir, `${key}.json`), `${JSON.stringify(header)}\n`);
}
