// The embed worker's work, apart from its thin entry file: the loaded text embedder (one at a time, as
// for every model task: CurrentModel) and embedding and token counting with it.
import type { LoadedModelInfo } from '../loading/types';
import { CurrentModel, type TaskLoadOptions } from './current-model';
import { DEFAULT_BATCH_SIZE, buildTextEmbedder, type TextEmbedder, type TextKind } from './text-embedder';

export interface EmbedServiceLoadOptions extends TaskLoadOptions {
  /** Texts per model pass at most (fewer where a pass takes too long). */
  batchSize?: number;
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
  private readonly model: CurrentModel<TextEmbedder>;
  private batchSize = DEFAULT_BATCH_SIZE;

  constructor(options: { onGpuLost?: (reason: string) => void } = {}) {
    this.model = new CurrentModel(['text-embedding'], 'embedding model', buildTextEmbedder, options);
  }

  async load(
    modelKey: string,
    options: EmbedServiceLoadOptions,
    signal: AbortSignal,
  ): Promise<LoadedModelInfo> {
    const { batchSize, ...load } = options;
    const loaded = await this.model.load(modelKey, load, signal);
    this.batchSize = batchSize ?? DEFAULT_BATCH_SIZE;
    return { ...loaded.info, dimensions: loaded.value.dimensions };
  }

  async embed(texts: readonly string[], kind: TextKind, signal: AbortSignal): Promise<Embedded> {
    const { value, info } = this.model.require();
    const vectors = await value.embed(texts, kind, this.batchSize, signal);
    return { vectors, dims: value.dimensions, count: texts.length, modelKey: info.modelKey };
  }

  /** Token counts by the loaded model's tokenizer (prefix and special tokens included), for the chunker. */
  countTokens(texts: readonly string[]): TokenCounts {
    const { value, info } = this.model.require();
    return { counts: value.countTokens(texts), modelKey: info.modelKey, maxTokens: value.spec.maxTokens };
  }

  info(): LoadedModelInfo | undefined {
    const info = this.model.info();
    const value = this.model.loadedValue();
    return info && value ? { ...info, dimensions: value.dimensions } : undefined;
  }

  unload(): Promise<void> {
    return this.model.unload();
  }
}
