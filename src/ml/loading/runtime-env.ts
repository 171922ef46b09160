// Applies ThinkBank's settings to transformers.js inside a model worker: the model host (where files
// come from), the app-served ONNX Runtime (never a CDN), our model cache, WASM threads, and a fetch that
// refuses any URL outside the configured model host and stops when the load that asked is cancelled.
// transformers.js keeps these in one module-level `env`, so they apply to every load in the worker.
import { env } from '@huggingface/transformers';
import { appFolder, isAllowedModelUrl, transformersHostSettings, type ModelHost } from '../model-host';
import { useAppOrtRuntime } from '../ort-env';
import { MODEL_CACHE_NAME } from './model-cache';
import { ModelError } from './model-errors';

export interface RuntimeSettings {
  host: ModelHost;
  appBase: string;
  /** WASM threads; onnxruntime-web reads it once, when its first session starts. */
  threads: number;
}

let current: RuntimeSettings | undefined;
/** Signals of the loads running now, by the URL prefix of their files. */
const activeSignals = new Map<string, AbortSignal>();

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
  const signals = [...activeSignals].filter(([prefix]) => url.startsWith(prefix)).map(([, signal]) => signal);
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

/** Runs `task` with `signal` attached to every library fetch under `prefix`. */
export async function withFetchSignal<T>(
  prefix: string,
  signal: AbortSignal,
  task: () => Promise<T>,
): Promise<T> {
  activeSignals.set(prefix, signal);
  try {
    return await task();
  } finally {
    activeSignals.delete(prefix);
  }
}

/**
 * The GPU device onnxruntime-web created, once a WebGPU session exists. Its typings say a promise; the
 * 1.31 build hands the device itself, so both are accepted.
 */
export async function webGpuDevice(): Promise<GPUDevice | undefined> {
  const webgpu = env.backends.onnx.webgpu as { device?: GPUDevice | Promise<GPUDevice> } | undefined;
  return await webgpu?.device;
}
