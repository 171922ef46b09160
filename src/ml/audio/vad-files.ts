// Where Silero VAD's file lives. The weights are the trained Silero VAD v5 model (MIT, snakers4) as the
// npm package `@ricky0123/vad-web` (ISC) ships it, copied by the build under the app's own `models/`
// folder (scripts/vite/vad-models.ts): fetched from this site whatever model host is chosen, on first
// use, into the model cache (never precached). The package version is part of the path, so a new
// version never meets a stale cache entry (ADR 0161).
export const VAD_PACKAGE = '@ricky0123/vad-web';
export const VAD_PACKAGE_VERSION = '0.0.31';
export const VAD_DIR = `models/silero-vad-${VAD_PACKAGE_VERSION}/`;
export const VAD_FILE = { file: 'silero_vad_v5.onnx', bytes: 2_327_524 } as const;

/** Absolute URL of the model for an app served at `appBase`. */
export function vadFileUrl(appBase: string): string {
  return new URL(VAD_DIR + VAD_FILE.file, appBase).href;
}
