// The browser cache that holds model files for offline use. transformers.js 4.3.1 reads and writes the
// Cache API cache named by `env.cacheKey` ("transformers-cache" by default; we set it explicitly) with
// the file's full remote URL as the key, so our downloader writes exactly those keys and transformers.js
// finds them. A model is removed by deleting every key of its snapshot, from whichever host it came.
// No DOM: runs in workers and on the main thread (the Models page reads what is cached).
import { modelFileUrl, type ModelHost, type ModelRef } from '../model-host';

export const MODEL_CACHE_NAME = 'thinkbank-models-v1';

/** Whether this context has the Cache API (absent in some private modes and insecure contexts). */
export function hasModelCache(): boolean {
  return typeof caches !== 'undefined';
}

export function openModelCache(): Promise<Cache> {
  return caches.open(MODEL_CACHE_NAME);
}

/** The URL of every file, as the cache keys it under `host`. */
export function fileUrls(
  host: ModelHost,
  model: ModelRef,
  files: readonly string[],
  appBase: string,
): string[] {
  return files.map((file) => modelFileUrl(host, model, file, appBase));
}

/** Which of `urls` are in the cache. */
export async function cachedUrls(urls: readonly string[]): Promise<Set<string>> {
  if (!hasModelCache()) return new Set();
  const cache = await openModelCache();
  const hits = await Promise.all(urls.map(async (url) => ((await cache.match(url)) ? url : undefined)));
  return new Set(hits.filter((url): url is string => url !== undefined));
}

/**
 * Whether a cache key belongs to this snapshot under any host layout: `…/{repo}/resolve/{rev}/…`
 * (hub and hub mirrors) or `…/{repo}/{rev}/…` (this site, folder copies).
 */
export function isKeyOfModel(url: string, model: ModelRef): boolean {
  const path = new URL(url).pathname;
  const revision = encodeURIComponent(model.revision);
  return path.includes(`/${model.repo}/resolve/${revision}/`) || path.includes(`/${model.repo}/${revision}/`);
}

/** Deletes every cached file of a model snapshot; returns how many were removed and their bytes. */
export async function removeCachedModel(model: ModelRef): Promise<{ files: number; bytes: number }> {
  if (!hasModelCache()) return { files: 0, bytes: 0 };
  const cache = await openModelCache();
  let files = 0;
  let bytes = 0;
  for (const request of await cache.keys()) {
    if (!isKeyOfModel(request.url, model)) continue;
    const response = await cache.match(request);
    bytes += Number(response?.headers.get('content-length') ?? 0);
    if (await cache.delete(request)) files++;
  }
  return { files, bytes };
}
