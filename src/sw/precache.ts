// The precache: every file of one build (app shell, workers, icons, ORT runtime), stored in a cache named
// after the build. Entries are keyed by URL plus content revision, so an update copies unchanged files
// (the 26 MB ORT binary above all) from the previous build's cache instead of downloading them again.
import { PRECACHE_PREFIX, type PrecacheEntry } from './protocol';

const REVISION_PARAM = '__thinkbank_rev';

export class Precache {
  readonly cacheName: string;
  /** Absolute URL (no query) → cache key carrying the revision. */
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly entries: readonly PrecacheEntry[],
    buildId: string,
    private readonly scope: string,
  ) {
    this.cacheName = PRECACHE_PREFIX + buildId;
    for (const entry of entries) {
      const url = new URL(entry.url, scope);
      const key = new URL(url);
      key.searchParams.set(REVISION_PARAM, entry.revision);
      this.keys.set(url.href, key.href);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  get bytes(): number {
    return this.entries.reduce((sum, e) => sum + e.bytes, 0);
  }

  /** The cache key of a precached URL (query ignored: built files are content-hashed by name), if any. */
  keyFor(url: string): string | undefined {
    const u = new URL(url);
    u.search = '';
    u.hash = '';
    return this.keys.get(u.href);
  }

  /** Downloads (or copies from an earlier build's cache) every entry; fails if any file fails. */
  async install(): Promise<void> {
    const cache = await caches.open(this.cacheName);
    const previous = await this.previousCaches();
    await Promise.all(
      [...this.keys].map(async ([url, key]) => {
        if (await cache.match(key)) return;
        for (const old of previous) {
          const hit = await old.match(key);
          if (hit) {
            await cache.put(key, hit);
            return;
          }
        }
        // `reload` skips the HTTP cache so the bytes match the revision this build expects.
        const response = await fetch(url, { cache: 'reload', credentials: 'same-origin' });
        if (!response.ok) {
          throw new Error(`Precaching ${url} failed: HTTP ${response.status}`);
        }
        await cache.put(key, response.redirected ? unredirected(response) : response);
      }),
    );
  }

  /** Deletes the caches of earlier builds. Caches without the precache prefix (models) are kept. */
  async removeOldCaches(): Promise<void> {
    const names = await caches.keys();
    await Promise.all(
      names
        .filter((name) => name.startsWith(PRECACHE_PREFIX) && name !== this.cacheName)
        .map((name) => caches.delete(name)),
    );
  }

  /** The cached response for a precached URL; fetched and stored again if the browser evicted it. */
  async match(url: string): Promise<Response | undefined> {
    const key = this.keyFor(url);
    if (key === undefined) return undefined;
    const cache = await caches.open(this.cacheName);
    const hit = await cache.match(key);
    if (hit) return hit;
    const response = await fetch(url, { credentials: 'same-origin' });
    if (response.ok) await cache.put(key, response.clone());
    return response;
  }

  /** The app shell's URL (what navigations inside the scope are answered with). */
  get shellUrl(): string {
    return new URL('index.html', this.scope).href;
  }

  private async previousCaches(): Promise<Cache[]> {
    const names = await caches.keys();
    return Promise.all(
      names
        .filter((name) => name.startsWith(PRECACHE_PREFIX) && name !== this.cacheName)
        .map((name) => caches.open(name)),
    );
  }
}

/**
 * A response that followed a redirect (hosts that send `index.html` to `./`) cannot answer a navigation;
 * a copy without the redirect flag can.
 */
function unredirected(response: Response): Response {
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
