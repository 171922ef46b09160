// Messages between the page and the service worker. Types and constants only (no DOM or worker globals),
// so both the app (src/state/pwa.svelte.ts) and the service worker compile against the same contract.

/** The page asks the waiting worker to take over; the page reloads on `controllerchange`. */
export interface SkipWaitingMessage {
  type: 'SKIP_WAITING';
}

/** Sent with a MessagePort; the worker answers on that port with a `VersionReply`. */
export interface GetVersionMessage {
  type: 'GET_VERSION';
}

export type PageToWorkerMessage = SkipWaitingMessage | GetVersionMessage;

export interface VersionReply {
  type: 'VERSION';
  buildId: string;
  /**
   * Whether the host sent COOP/COEP itself with the app shell when this version was installed. When it did
   * not, the worker adds them, and isolation comes from the worker.
   */
  hostSendsIsolationHeaders: boolean;
  precachedFiles: number;
  precachedBytes: number;
}

/** One precached file, as the build injects them into the worker. */
export interface PrecacheEntry {
  url: string;
  revision: string;
  bytes: number;
}

/** Caches the worker owns start with this; other caches (model files) are never touched by it. */
export const PRECACHE_PREFIX = 'thinkbank-precache-';

export function isPageToWorkerMessage(data: unknown): data is PageToWorkerMessage {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  return data.type === 'SKIP_WAITING' || data.type === 'GET_VERSION';
}

export function isVersionReply(data: unknown): data is VersionReply {
  return (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    data.type === 'VERSION' &&
    'buildId' in data &&
    typeof data.buildId === 'string'
  );
}
