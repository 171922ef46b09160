// The embed worker's work, apart from its thin entry file: which text embedder is loaded, loading it
// through the generic ModelLoader (progress to a port, cancel by signal), and embedding with it. One
// model is current at a time; loading another unloads the previous one, so memory holds one embedder.
import { ModelLoader, type Loaded } from '../loading/model-loader';
import { ModelError } from '../loading/model-errors';
import type { DevicePreference, LoadedModelInfo, ModelLoadProgress } from '../loading/types';
import type { ModelHost } from '../model-host';
import { findModel, type ModelEntry } from '../registry';
import { DEFAULT_BATCH_SIZE, buildTextEmbedder, type TextEmbedder, type TextKind } from './text-embedder';

export interface EmbedServiceLoadOptions {
  host: ModelHost;
  appBase: string;
  entry?: ModelEntry;
  device?: DevicePreference;
  maxThreads?: number;
  batchSize?: number;
  progress?: MessagePort;
}

export interface Embedded {
  vectors: Float32Array;
  dims: number;
  count: number;
  modelKey: string;
}

export interface TokenCounts {
  /** One count per text, in order. */
  counts: number[];
  /** The model whose tokenizer counted. */
  modelKey: string;
  /** The most tokens the model reads per text; longer input is cut off. */
  maxTokens: number;
}

export class EmbedService {
  private readonly loader: ModelLoader<TextEmbedder>;
  private current: { loaded: Loaded<TextEmbedder>; batchSize: number } | undefined;

  constructor(options: { onGpuLost?: (reason: string) => void } = {}) {
    this.loader = new ModelLoader(buildTextEmbedder, options);
  }

  async load(
    modelKey: string,
    options: EmbedServiceLoadOptions,
    signal: AbortSignal,
  ): Promise<LoadedModelInfo> {
    const entry = options.entry ?? findModel(modelKey);
    if (entry?.key !== modelKey) {
      options.progress?.close();
      throw new ModelError(
        `There is no model called "${modelKey}" in this version of ThinkBank.`,
        'model-unknown',
      );
    }
    const port = options.progress;
    try {
      const loaded = await this.loader.load(
        {
          entry,
          host: options.host,
          appBase: options.appBase,
          device: options.device ?? 'auto',
          ...(options.maxThreads === undefined ? {} : { maxThreads: options.maxThreads }),
        },
        {
          signal,
          onProgress: (progress: ModelLoadProgress) => {
            port?.postMessage(progress);
          },
        },
      );
      const previous = this.current?.loaded.info.modelKey;
      if (previous !== undefined && previous !== modelKey) await this.loader.unload(previous);
      this.current = { loaded, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE };
      return { ...loaded.info, dimensions: loaded.value.dimensions };
    } finally {
      port?.close();
    }
  }

  async embed(texts: readonly string[], kind: TextKind, signal: AbortSignal): Promise<Embedded> {
    const current = this.current;
    if (!current) {
      throw new ModelError(
        'No embedding model is loaded yet. Load one on the Models page.',
        'model-not-loaded',
      );
    }
    const { value, info } = current.loaded;
    const vectors = await value.embed(texts, kind, current.batchSize, signal);
    return { vectors, dims: value.dimensions, count: texts.length, modelKey: info.modelKey };
  }

  /** Token counts by the loaded model's tokenizer (prefix and special tokens included), for the chunker. */
  countTokens(texts: readonly string[]): TokenCounts {
    const current = this.current;
    if (!current) {
      throw new ModelError(
        'No embedding model is loaded yet. Load one on the Models page.',
        'model-not-loaded',
      );
    }
    const { value, info } = current.loaded;
    return { counts: value.countTokens(texts), modelKey: info.modelKey, maxTokens: value.spec.maxTokens };
  }

  info(): LoadedModelInfo | undefined {
    const loaded = this.current?.loaded;
    return loaded ? { ...loaded.info, dimensions: loaded.value.dimensions } : undefined;
  }

  async unload(): Promise<void> {
    const key = this.current?.loaded.info.modelKey;
    this.current = undefined;
    if (key !== undefined) await this.loader.unload(key);
  }
}
