// Where onnxruntime-web finds its WASM runtime. transformers.js points ORT at a CDN by default; ThinkBank
// serves the runtime itself (copied into the build under `ort/` and precached by the service worker), so
// models work offline and no request leaves the origin. Used inside workers, so no DOM types here: the
// caller passes the app's base URL (the page's `document.baseURI`, handed to workers by the supervisor).
import type { env as TransformersEnv } from '@huggingface/transformers';

/** Folder, relative to the app's base URL, that holds the ORT runtime in a build. */
export const ORT_DIR = 'ort/';

/**
 * The runtime variant transformers.js 4.3 loads by default (threaded SIMD with asyncify, which its WebGPU
 * and WASM paths share). The build copies exactly these files from node_modules/onnxruntime-web/dist.
 */
export const ORT_FILES = {
  mjs: 'ort-wasm-simd-threaded.asyncify.mjs',
  wasm: 'ort-wasm-simd-threaded.asyncify.wasm',
} as const;

export interface OrtWasmPaths {
  mjs: string;
  wasm: string;
}

/** Absolute URLs of the ORT loader and binary for an app served at `appBase`. */
export function ortWasmPaths(appBase: string | URL): OrtWasmPaths {
  const dir = new URL(ORT_DIR, appBase);
  return {
    mjs: new URL(ORT_FILES.mjs, dir).href,
    wasm: new URL(ORT_FILES.wasm, dir).href,
  };
}

/** The slice of transformers.js' `env` this module touches. */
export type OrtEnvTarget = Pick<typeof TransformersEnv, 'backends'>;

/**
 * Points transformers.js (and the onnxruntime-web it wraps) at the app's own copy of the runtime. Call it
 * after importing transformers.js and before the first model loads. The `wasm` settings object is
 * mutated in place because transformers.js shares it with ORT's own `env`.
 */
export function useAppOrtRuntime(env: OrtEnvTarget, appBase: string | URL): OrtWasmPaths {
  const paths = ortWasmPaths(appBase);
  const wasm = env.backends.onnx.wasm;
  if (!wasm) throw new Error('onnxruntime-web has no WASM backend settings to configure');
  wasm.wasmPaths = { ...paths };
  return paths;
}
