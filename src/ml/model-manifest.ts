// A self-hosted install's list of models: `{base}models/manifest.json` (or `manifest.json` at the root of
// a custom folder-layout host), written by `npm run models:link` beside the files it serves. Entries use the registry's own format, so a site can offer models that are
// not in the curated list; each is held to the registry's rules and a bad one is skipped with a reason.
// The app reads it when the model source is "this site". The last good copy is kept in the model cache,
// so the list is still there offline. No DOM: usable from the UI and from workers.
import { appFolder, type ModelHost } from './model-host';
import { openModelCache, hasModelCache } from './loading/model-cache';
import { MODEL_REGISTRY, validateRegistry, type ModelEntry } from './registry';

export const MANIFEST_FILE = 'models/manifest.json';
export const MANIFEST_FORMAT = 1;

export interface ModelManifest {
  formatVersion: typeof MANIFEST_FORMAT;
  generatedBy?: string;
  models: ModelEntry[];
}

export interface ManifestRead {
  entries: ModelEntry[];
  /** Why entries were skipped, "key: problem" per line. */
  problems: string[];
  /** Where it came from: the network, the offline copy, or nowhere (no manifest on this site). */
  source: 'network' | 'offline-copy' | 'none';
}

function isEntryLike(value: unknown): value is ModelEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['key'] === 'string' &&
    typeof v['repo'] === 'string' &&
    typeof v['revision'] === 'string' &&
    typeof v['task'] === 'string' &&
    typeof v['weights'] === 'object' &&
    typeof v['dtypes'] === 'object' &&
    Array.isArray(v['supportFiles'])
  );
}

/** Checks a parsed manifest: shape first, then the registry's rules (beside the curated entries). */
export function parseManifest(json: unknown): Omit<ManifestRead, 'source'> {
  const doc = json as Partial<ModelManifest> | null;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    doc.formatVersion !== MANIFEST_FORMAT ||
    !Array.isArray(doc.models)
  ) {
    return { entries: [], problems: [`manifest: not a format ${String(MANIFEST_FORMAT)} model manifest`] };
  }
  const problems: string[] = [];
  const candidates: ModelEntry[] = [];
  doc.models.forEach((item: unknown, index) => {
    if (isEntryLike(item)) candidates.push({ ...item, isDefault: false });
    else problems.push(`models[${String(index)}]: not a model entry`);
  });
  const found = validateRegistry([...MODEL_REGISTRY, ...candidates]);
  const bad = new Set<string>();
  for (const line of found) {
    const key = line.slice(0, line.indexOf(':'));
    if (candidates.some((entry) => entry.key === key)) {
      bad.add(key);
      problems.push(line);
    }
  }
  return { entries: candidates.filter((entry) => !bad.has(entry.key)), problems };
}

/** Where a host keeps its manifest: this site's models/, or a folder-layout copy's root; none for hub layouts. */
export function manifestUrl(host: ModelHost, appBase: string): string | undefined {
  if (host.kind === 'site') return new URL(MANIFEST_FILE, appFolder(appBase)).href;
  if (host.kind === 'custom' && host.layout === 'folder') return new URL('manifest.json', host.baseUrl).href;
  return undefined;
}

/** Reads a host's manifest; offline (or on a server error) the last good copy answers. */
export async function readManifest(
  host: ModelHost,
  appBase: string,
  fetchImpl: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init),
): Promise<ManifestRead> {
  const url = manifestUrl(host, appBase);
  if (url === undefined) return { entries: [], problems: [], source: 'none' };
  const cache = hasModelCache() ? await openModelCache() : undefined;
  let response: Response | undefined;
  try {
    response = await fetchImpl(url, { cache: 'no-cache' });
  } catch (error) {
    console.warn('ThinkBank: the model manifest could not be fetched; using the offline copy', error);
  }
  if (response?.status === 404) {
    await cache?.delete(url);
    return { entries: [], problems: [], source: 'none' };
  }
  if (response?.ok) {
    const text = await response.text();
    await cache?.put(url, new Response(text, { headers: { 'content-type': 'application/json' } }));
    return { ...parseManifest(JSON.parse(text)), source: 'network' };
  }
  const copy = await cache?.match(url);
  if (!copy) return { entries: [], problems: [], source: 'none' };
  return { ...parseManifest(await copy.json()), source: 'offline-copy' };
}
