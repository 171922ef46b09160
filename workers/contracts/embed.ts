// The embed worker's API: text embeddings (and later image embeddings), shared by ingest and search. A
// model is loaded once per key with progress reported on a MessagePort the caller transfers; embed()
// answers one transferred Float32Array of n × dims values. Type-only.
import type { ModelHost } from '../../src/ml/model-host';
import type { ModelEntry } from '../../src/ml/registry';
import type { DevicePreference, LoadedModelInfo, ModelLoadProgress } from '../../src/ml/loading/types';
import type { TokenCounts } from '../../src/ml/tasks/embed-service';
import type { BaseApi } from './base';

export type { DevicePreference, LoadedModelInfo, ModelLoadProgress, TokenCounts };

export interface EmbedLoadOptions {
  /** Where model files come from (the Settings page's "Model source"). */
  host: ModelHost;
  /** The app's absolute base URL (`document.baseURI`): the ORT runtime and "this site" models live under it. */
  appBase: string;
  /** The entry for a key outside the curated registry (a self-hosted `models/manifest.json`). */
  entry?: ModelEntry;
  /** 'auto' (default): WebGPU when an adapter exists, else WASM. */
  device?: DevicePreference;
  /** At most this many WASM threads (Settings → "Threads"). */
  maxThreads?: number;
  /** Texts per model call inside embed(); default 16. */
  batchSize?: number;
  /** Progress messages (ModelLoadProgress) are posted here while files download and load; transfer it. */
  progress?: MessagePort;
}

export type EmbedKind = 'query' | 'passage';

export interface EmbedResult {
  /** Row-major n × dims, L2-normalised when the model says so. Transferred, not copied. */
  vectors: Float32Array;
  dims: number;
  count: number;
  modelKey: string;
}

export interface EmbedApi extends BaseApi {
  /** Downloads (or reads from the cache) and loads a text embedder; later calls with the same key join it. */
  load(modelKey: string, options: EmbedLoadOptions): Promise<LoadedModelInfo>;
  /** Embeds texts with the loaded model, after the registry's query/passage prefix. */
  embed(texts: string[], options: { kind: EmbedKind }): Promise<EmbedResult>;
  /**
   * Token counts by the loaded model's tokenizer, as a passage (prefix and special tokens included), with
   * the model's key and input limit; no model call. Fails with 'model-not-loaded' when none is loaded.
   */
  countTokens(texts: string[]): Promise<TokenCounts>;
  /** The loaded model, if any. */
  info(): Promise<LoadedModelInfo | undefined>;
  /** Frees the loaded model's sessions (its files stay cached). */
  unload(): Promise<void>;
}
