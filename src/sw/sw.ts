// ThinkBank's service worker: offline app shell, the ORT runtime served from the app, cross-origin
// isolation on hosts that cannot send headers, and a user-approved update flow. Built into `sw.js` at the
// build root by scripts/vite/service-worker.ts, which injects the precache manifest and the build id.
// It never stores model weights and never touches cross-origin requests (model downloads stay CORS
// fetches handled by the browser and cached by the model loader).
import { hasIsolationHeaders, withIsolationHeaders } from './isolation';
import { Precache } from './precache';
import {
  isPageToWorkerMessage,
  type PrecacheEntry,
  type PageToWorkerMessage,
  type VersionReply,
} from './protocol';

declare const __PRECACHE_MANIFEST__: readonly PrecacheEntry[];

const sw = globalThis as unknown as ServiceWorkerGlobalScope;
const scope = sw.registration.scope;
const precache = new Precache(__PRECACHE_MANIFEST__, __BUILD_ID__, scope);

sw.addEventListener('install', (event) => {
  // No skipWaiting here: a new version waits until the person chooses to reload (UpdatePrompt).
  event.waitUntil(precache.install());
});

sw.addEventListener('activate', (event) => {
  // Claiming lets the first visit work offline at once; the page reloads once if it still needs isolation.
  event.waitUntil(precache.removeOldCaches().then(() => sw.clients.claim()));
});

sw.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (!isPageToWorkerMessage(data)) return;
  event.waitUntil(answer(data, event.ports[0]));
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  if (precache.keyFor(request.url) === undefined) return;
  event.respondWith(fromPrecache(request.url));
});

async function answer(message: PageToWorkerMessage, port: MessagePort | undefined): Promise<void> {
  if (message.type === 'SKIP_WAITING') {
    await sw.skipWaiting();
    return;
  }
  if (!port) return;
  const shell = await caches.match(precache.keyFor(precache.shellUrl) ?? precache.shellUrl);
  const reply: VersionReply = {
    type: 'VERSION',
    buildId: __BUILD_ID__,
    hostSendsIsolationHeaders: shell ? hasIsolationHeaders(shell.headers) : false,
    precachedFiles: precache.size,
    precachedBytes: precache.bytes,
  };
  port.postMessage(reply);
}

async function fromPrecache(url: string): Promise<Response> {
  const response = await precache.match(url);
  if (!response) throw new Error(`${url} is not precached`);
  return withIsolationHeaders(response);
}

/** Navigations get the cached shell (hash routes live in it); other pages go to the network first. */
async function navigate(request: Request): Promise<Response> {
  const path = request.url.slice(scope.length).replace(/[?#].*$/, '');
  if (path === '' || path === 'index.html') return fromPrecache(precache.shellUrl);
  if (precache.keyFor(request.url) !== undefined) return fromPrecache(request.url);
  try {
    return withIsolationHeaders(await fetch(request));
  } catch (error) {
    const shell = await precache.match(precache.shellUrl);
    if (!shell) throw error;
    return withIsolationHeaders(shell);
  }
}
