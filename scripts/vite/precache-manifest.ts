// Which files of a build the service worker precaches, and under which revision. Pure functions over the
// list of emitted files so the rules are unit-tested; the Vite plugin feeds them the real build output.
import { createHash } from 'node:crypto';

export interface PrecacheEntry {
  /** Path relative to the build root (and so to the service worker's scope), with forward slashes. */
  url: string;
  /** Content hash: unchanged files keep their cache entry across app updates. */
  revision: string;
  bytes: number;
}

/**
 * Files that must never be precached: source maps (debug only), the service worker itself, static-host
 * configuration, and model weights (self-hosted under `models/`, cached separately and on demand).
 */
const EXCLUDED: readonly RegExp[] = [
  /\.map$/,
  /^sw\.js$/,
  /^_headers$/,
  /^_redirects$/,
  /^models\//,
  /(^|\/)\.[^/]+$/,
  /\.(onnx|onnx_data|safetensors|bin|gguf)$/,
];

export function isPrecached(path: string): boolean {
  return !EXCLUDED.some((re) => re.test(path));
}

export function revisionOf(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** The precache manifest for a build, sorted by path so the same build yields the same `sw.js`. */
export function precacheManifest(files: Iterable<[path: string, content: Uint8Array]>): PrecacheEntry[] {
  const entries: PrecacheEntry[] = [];
  for (const [path, content] of files) {
    const url = path.split('\\').join('/');
    if (!isPrecached(url)) continue;
    entries.push({ url, revision: revisionOf(content), bytes: content.byteLength });
  }
  return entries.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
