// A text embedder built from cached model files: the real tokenizer and ONNX graph through
// transformers.js's feature-extraction pipeline, with the registry's pooling, normalisation and the
// query/passage prefixes the model was trained with. Texts go through in batches, so a long list never
// becomes one huge tensor; the answer is one Float32Array of n × dims, ready to transfer.
import { AutoModel, AutoTokenizer, FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import { AdaptiveBatch } from '../../core/adaptive-batch';
import { AbortError } from '../../core/errors';
import type { BuildContext } from '../loading/model-loader';
import { ModelError } from '../loading/model-errors';
import type { TextEmbeddingSpec } from '../registry';

export type TextKind = 'query' | 'passage';

export const DEFAULT_BATCH_SIZE = 16;
/** One model pass should take about this long; slower devices get smaller batches (AdaptiveBatch). */
export const PASS_TARGET_MS = 1_500;

export class TextEmbedder {
  private batches: AdaptiveBatch | undefined;

  constructor(
    private readonly pipe: FeatureExtractionPipeline,
    readonly spec: TextEmbeddingSpec,
  ) {}

  get dimensions(): number {
    return this.spec.dimensions;
  }

  /**
   * Row-major vectors for `texts`, at most `batchSize` texts per model pass (fewer on a device where a
   * full pass takes longer than PASS_TARGET_MS); stops between passes on abort.
   */
  async embed(
    texts: readonly string[],
    kind: TextKind,
    batchSize = DEFAULT_BATCH_SIZE,
    signal?: AbortSignal,
  ): Promise<Float32Array> {
    const prefix = kind === 'query' ? this.spec.queryPrefix : this.spec.passagePrefix;
    const dims = this.spec.dimensions;
    const out = new Float32Array(texts.length * dims);
    const batches = this.batchesOf(batchSize);
    for (let start = 0; start < texts.length;) {
      if (signal?.aborted) throw new AbortError('Embedding was cancelled.', { cause: signal.reason });
      const batch = texts.slice(start, start + batches.size).map((text) => prefix + text);
      const t0 = performance.now();
      const tensor = await this.pipe(batch, { pooling: this.spec.pooling, normalize: this.spec.normalize });
      batches.record(batch.length, performance.now() - t0);
      out.set(toFloat32(tensor, batch.length, dims), start * dims);
      start += batch.length;
    }
    return out;
  }

  /** The batch size this device manages within the target, learnt across calls (up to `max`). */
  get passSize(): number | undefined {
    return this.batches?.size;
  }

  private batchesOf(max: number): AdaptiveBatch {
    const limit = Math.max(1, Math.floor(max));
    if (this.batches?.max !== limit) {
      this.batches = new AdaptiveBatch({ max: limit, targetMs: PASS_TARGET_MS });
    }
    return this.batches;
  }

  /**
   * Tokens the model sees for each text embedded as a passage: the passage prefix, the text and the
   * special tokens, counted by the model's own tokenizer without truncation (ADR 0103).
   */
  countTokens(texts: readonly string[]): number[] {
    const prefix = this.spec.passagePrefix;
    return texts.map((text) => this.pipe.tokenizer.encode(prefix + text).length);
  }

  async dispose(): Promise<void> {
    await this.pipe.dispose();
  }
}

function toFloat32(tensor: Tensor, rows: number, dims: number): Float32Array {
  const [n, d] = tensor.dims;
  if (n !== rows || d !== dims) {
    throw new ModelError(
      `The model returned vectors of shape [${tensor.dims.join(', ')}], expected [${String(rows)}, ${String(dims)}]. The registry's dimensions do not match this model.`,
      'model-load-failed',
    );
  }
  const converted: Tensor = tensor.type === 'float32' ? tensor : tensor.to('float32');
  const data: unknown = converted.data;
  if (!(data instanceof Float32Array))
    throw new ModelError('The model did not return float vectors.', 'model-load-failed');
  return data;
}

export async function buildTextEmbedder({ entry, pretrained, watch }: BuildContext): Promise<TextEmbedder> {
  if (entry.task !== 'text-embedding') {
    throw new ModelError(`${entry.label} is not a text embedding model.`, 'model-unknown');
  }
  const [tokenizer, model] = await Promise.all([
    AutoTokenizer.from_pretrained(entry.repo, { revision: pretrained.revision }),
    AutoModel.from_pretrained(entry.repo, pretrained).then(watch),
  ]);
  const pipe = new FeatureExtractionPipeline({ task: 'feature-extraction', model, tokenizer });
  return new TextEmbedder(pipe, entry.embedding);
}
