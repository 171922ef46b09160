// Where model files come from: the Hugging Face hub (default), this site's own `models/` folder (for
// self-hosted and air-gapped installs) or a custom URL. Pure functions turn a host + model + file into
// the exact URL transformers.js 4.3.1 will fetch, validate custom URLs, name the one origin model
// requests go to (for the privacy guard) and build the transformers.js `env` settings a worker applies.
// No DOM: `appBase` (the app's absolute base URL, e.g. document.baseURI) is passed in, because a worker
// would otherwise resolve relative paths against its own script URL.

export type ModelHost =
  | { kind: 'hub' }
  | { kind: 'site' }
  /** `layout: 'hub'` for hub mirrors (`…/resolve/<rev>/`); `'folder'` for a static copy of `models/`. */
  | { kind: 'custom'; baseUrl: string; layout: 'hub' | 'folder' };

export const DEFAULT_MODEL_HOST: ModelHost = { kind: 'hub' };
export const HUB_URL = 'https://huggingface.co/';

/**
 * The hub answers `/resolve/` for large files with a redirect to its CDN (cdn-lfs*.hf.co,
 * cas-bridge.xethub.hf.co, us.aws.cdn.hf.co, … — the list changes). Requests are addressed to
 * huggingface.co only; these suffixes say which redirect targets belong to the same operator.
 */
export const HUB_REDIRECT_HOST_SUFFIXES: readonly string[] = ['.hf.co', '.huggingface.co'];

/** The model and snapshot a file belongs to. */
export interface ModelRef {
  repo: string;
  revision: string;
}

/** The transformers.js `env` fields that decide where model files are fetched. */
export interface TransformersHostSettings {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  remoteHost: string;
  remotePathTemplate: string;
  localModelPath: string;
}

const HUB_TEMPLATE = '{model}/resolve/{revision}/';
/** The site and folder layout keep the revision in the path: see ADR 0080 ("Model host"). */
const FOLDER_TEMPLATE = '{model}/{revision}/';
/** transformers.js's own browser default; irrelevant while local models are off, set for determinism. */
const DEFAULT_LOCAL_MODEL_PATH = '/models/';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The folder the app is served from, as an absolute URL ending in "/" (drops file, query, hash). */
export function appFolder(appBase: string): string {
  const base = new URL(appBase);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error(`The app base must be an http(s) URL, got "${appBase}"`);
  }
  return new URL('./', base).href;
}

/** remoteHost + remotePathTemplate for a host: the two settings that shape every model URL. */
function remoteFor(host: ModelHost, appBase: string): { remoteHost: string; template: string } {
  switch (host.kind) {
    case 'hub':
      return { remoteHost: HUB_URL, template: HUB_TEMPLATE };
    case 'site':
      return { remoteHost: new URL('models/', appFolder(appBase)).href, template: FOLDER_TEMPLATE };
    case 'custom':
      return {
        remoteHost: withSlash(host.baseUrl),
        template: host.layout === 'hub' ? HUB_TEMPLATE : FOLDER_TEMPLATE,
      };
  }
}

/** transformers.js's pathJoin: trim one "/" at each inner joint, then join with "/". */
function pathJoin(...parts: string[]): string {
  return parts
    .map((part, index) => {
      let trimmed = index > 0 ? part.replace(/^\//, '') : part;
      if (index < parts.length - 1) trimmed = trimmed.replace(/\/$/, '');
      return trimmed;
    })
    .join('/');
}

/** The URL transformers.js fetches for `file` of `model` under `host` (its buildResourcePaths). */
export function modelFileUrl(host: ModelHost, model: ModelRef, file: string, appBase: string): string {
  const { remoteHost, template } = remoteFor(host, appBase);
  const path = template
    .replaceAll('{model}', model.repo)
    .replaceAll('{revision}', encodeURIComponent(model.revision));
  return pathJoin(remoteHost, path, file);
}

export type CustomUrlCheck = { ok: true; baseUrl: string } | { ok: false; reason: string };

/** Checks a person-typed model host URL: https, or http only on this machine (loopback). */
export function validateCustomBaseUrl(input: string): CustomUrlCheck {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return { ok: false, reason: `That is not a web address${detail}.` };
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return { ok: false, reason: 'Use https. Plain http is only allowed for localhost.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'The address must start with https://.' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'The address must not contain a user name or password.' };
  }
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, reason: 'The address must not contain "?" or "#" parts.' };
  }
  return { ok: true, baseUrl: withSlash(url.href) };
}

/** The single origin model requests are addressed to under this host. */
export function allowedModelOrigin(host: ModelHost, appBase: string): string {
  return new URL(remoteFor(host, appBase).remoteHost).origin;
}

/**
 * Whether a URL seen on the wire may belong to model loading: the host's origin, or (hub only) an
 * https redirect target on the hub's own CDN domains.
 */
export function isAllowedModelUrl(host: ModelHost, url: string, appBase: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
  if (parsed.origin === allowedModelOrigin(host, appBase)) return true;
  return (
    host.kind === 'hub' &&
    parsed.protocol === 'https:' &&
    HUB_REDIRECT_HOST_SUFFIXES.some((suffix) => parsed.hostname.endsWith(suffix))
  );
}

/**
 * transformers.js `env` settings for a host. Every kind uses the remote code path (local models off):
 * it keys the browser cache by full URL, so a new pinned revision never reads a stale cached file.
 */
export function transformersHostSettings(host: ModelHost, appBase: string): TransformersHostSettings {
  const { remoteHost, template } = remoteFor(host, appBase);
  return {
    allowRemoteModels: true,
    allowLocalModels: false,
    remoteHost,
    remotePathTemplate: template,
    localModelPath: DEFAULT_LOCAL_MODEL_PATH,
  };
}
