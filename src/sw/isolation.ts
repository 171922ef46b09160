// Cross-origin isolation for hosts that cannot send headers. A page is isolated (SharedArrayBuffer, WASM
// threads) only when its document is served with COOP `same-origin` and COEP `require-corp`; the service
// worker adds them to the same-origin responses it serves. Cross-origin model downloads are CORS fetches,
// which `require-corp` allows, so nothing the app loads is blocked by the added policy.

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** True when the response already carries both headers (the host sets them). */
export function hasIsolationHeaders(headers: Headers): boolean {
  return Object.keys(ISOLATION_HEADERS).every((name) => headers.has(name));
}

/**
 * The same response with COOP/COEP added where missing. A host's own values win (it may have chosen
 * `credentialless`). Opaque and redirect responses cannot be rebuilt and pass through unchanged.
 */
export function withIsolationHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error') {
    return response;
  }
  if (hasIsolationHeaders(response.headers)) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
    if (!headers.has(name)) headers.set(name, value);
  }
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
