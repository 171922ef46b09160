// Applies ThinkBank's settings to transformers.js inside a model worker: the model host (where files
// come from), the app-served ONNX Runtime (never a CDN), our model cache, WASM threads, and a fetch that
// refuses any URL outside the configured model host and stops when the load that asked is cancelled.
// transformers.js keeps these in one module-level `env`, so they apply to every load in the worker.
import { env } from '@huggingface/transformers';
import { appFolder, isAllowedModelUrl, transformersHostSettings, type ModelHost } from '../model-host';
import { useAppOrtRuntime } from '../ort-env';
import { MODEL_CACHE_NAME, openModelCache } from './model-cache';
import { ModelError } from './model-errors';

export interface RuntimeSettings {
  host: ModelHost;
  appBase: string;
  /** WASM threads; onnxruntime-web reads it once, when its first session starts. */
  threads: number;
}

/** A load in progress: where its pinned files live, the unpinned ("main") form, and its signal. */
export interface ActiveLoad {
  pinnedPrefix: string;
  mainPrefix: string;
  signal: AbortSignal;
}

let current: RuntimeSettings | undefined;
const activeLoads = new Set<ActiveLoad>();

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** transformers.js's `env.fetch`: model host only, and cancellable per load. */
function guardedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = urlOf(input);
  if (!current || !isAllowedModelUrl(current.host, url, current.appBase)) {
    return Promise.reject(
      new ModelError(
        `A model file was requested from ${url}, which is not the configured model source.`,
        'model-host-refused',
      ),
    );
  }
  const owners = [...activeLoads].filter(
    (load) => url.startsWith(load.pinnedPrefix) || url.startsWith(load.mainPrefix),
  );
  const probe = isMetadataProbe(init);
  const owner = owners[0];
  if (probe && owner) return answerProbe(url, owner);
  const signals = owners.map((load) => load.signal);
  if (init?.signal) signals.push(init.signal);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  return fetch(input, signal ? { ...init, signal } : init);
}

export function applyRuntimeSettings(settings: RuntimeSettings): void {
  current = settings;
  Object.assign(env, transformersHostSettings(settings.host, settings.appBase));
  useAppOrtRuntime(env, appFolder(settings.appBase));
  env.useBrowserCache = true;
  env.useCustomCache = false;
  env.cacheKey = MODEL_CACHE_NAME;
  // The service worker already precaches the runtime; a second copy in our cache would cost 27 MB.
  env.useWasmCache = false;
  env.fetch = guardedFetch;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.numThreads = settings.threads;
    wasm.proxy = false;
  }
}

/** Runs `task` with the load's signal on every library fetch of its files. */
export async function withActiveLoad<T>(load: ActiveLoad, task: () => Promise<T>): Promise<T> {
  activeLoads.add(load);
  try {
    return await task();
  } finally {
    activeLoads.delete(load);
  }
}

/** transformers.js asks for a file's size and existence with a one-byte range request. */
function isMetadataProbe(init: RequestInit | undefined): boolean {
  return new Headers(init?.headers).get('range') === 'bytes=0-0';
}

/**
 * Answers a metadata probe from the cache, without the network. transformers.js 4.3.1 probes tokenizer
 * files without the pinned revision (`get_tokenizer_files` → `get_file_metadata(model, file, {})`), i.e.
 * at `…/main/…`, which a site or folder host does not have (404 → "no tokenizer") and which fails
 * offline. Every file a load needs is already cached under its pinned URL before the library runs.
 */
async function answerProbe(url: string, load: ActiveLoad): Promise<Response> {
  const file = url.startsWith(load.pinnedPrefix)
    ? url.slice(load.pinnedPrefix.length)
    : url.slice(load.mainPrefix.length);
  const cache = await openModelCache();
  const hit = await cache.match(load.pinnedPrefix + file);
  if (!hit) return new Response(null, { status: 404, statusText: 'Not in the model cache' });
  const size = hit.headers.get('content-length') ?? '0';
  await hit.body?.cancel();
  return new Response(null, {
    status: 206,
    headers: { 'content-range': `bytes 0-0/${size}`, 'content-type': hit.headers.get('content-type') ?? '' },
  });
}

/**
 * The GPU device onnxruntime-web created, once a WebGPU session exists. Its typings say a promise; the
 * 1.31 build hands the device itself, so both are accepted.
 */
export async function webGpuDevice(): Promise<GPUDevice | undefined> {
  const webgpu = env.backends.onnx.webgpu as { device?: GPUDevice | Promise<GPUDevice> } | undefined;
  return await webgpu?.device;
}
