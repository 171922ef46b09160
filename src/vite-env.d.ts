/// <reference types="svelte" />
/// <reference types="vite/client" />

/** Build identity injected by vite.config.ts: shown on Diagnostics and matched against the service worker. */
declare const __APP_VERSION__: string;
declare const __BUILD_ID__: string;
