// CLIP-style image–text embeddings built from cached files: the text tower and the vision tower with
// their projection heads, loaded as separate sessions, so one shared space holds photos and the words
// that describe them. Vectors are L2-normalised when the registry says so and come back as one
// row-major Float32Array, ready to transfer.
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Processor,
  type RawImage,
  type Tensor,
} from '@huggingface/transformers';
import { AbortError } from '../../core/errors';
import type { BuildContext } from '../loading/model-loader';
import { ModelError } from '../loading/model-errors';
import type { ImageTextEmbeddingSpec } from '../registry';

export class ImageTextEmbedder {
  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly processor: Processor,
    private readonly textModel: PreTrainedModel,
    private readonly visionModel: PreTrainedModel,
    readonly spec: ImageTextEmbeddingSpec,
  ) {}

  get dimensions(): number {
    return this.spec.dimensions;
  }

  async embedTexts(texts: readonly string[], signal: AbortSignal): Promise<Float32Array> {
    if (signal.aborted) throw new AbortError('Embedding was cancelled.', { cause: signal.reason });
    const inputs = this.tokenizer([...texts], {
      padding: true,
      truncation: true,
      max_length: this.spec.maxTokens,
    });
    const { text_embeds } = (await this.textModel(inputs)) as { text_embeds: Tensor };
    return this.rows(text_embeds, texts.length);
  }

  async embedImages(images: readonly RawImage[], signal: AbortSignal): Promise<Float32Array> {
    if (signal.aborted) throw new AbortError('Embedding was cancelled.', { cause: signal.reason });
    const { pixel_values } = (await this.processor([...images])) as { pixel_values: Tensor };
    const { image_embeds } = (await this.visionModel({ pixel_values })) as { image_embeds: Tensor };
    return this.rows(image_embeds, images.length);
  }

  private rows(tensor: Tensor, count: number): Float32Array {
    const dims = this.spec.dimensions;
    if (tensor.dims[0] !== count || tensor.dims[1] !== dims) {
      throw new ModelError(
        `The model returned vectors of shape [${tensor.dims.join(', ')}], expected [${String(count)}, ${String(dims)}].`,
        'model-load-failed',
      );
    }
    const data = Float32Array.from(tensor.data as ArrayLike<number>);
    if (!this.spec.normalize) return data;
    for (let row = 0; row < count; row++) {
      const v = data.subarray(row * dims, (row + 1) * dims);
      const norm = Math.hypot(...v) || 1;
      for (let i = 0; i < dims; i++) v[i] = (v[i] ?? 0) / norm;
    }
    return data;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.textModel.dispose(), this.visionModel.dispose()]);
  }
}

export async function buildImageTextEmbedder({
  entry,
  pretrained,
  watch,
}: BuildContext): Promise<ImageTextEmbedder> {
  if (entry.task !== 'image-text-embedding') {
    throw new ModelError(`${entry.label} is not an image–text embedding model.`, 'model-unknown');
  }
  const [tokenizer, processor, textModel, visionModel] = await Promise.all([
    AutoTokenizer.from_pretrained(entry.repo, { revision: pretrained.revision }),
    AutoProcessor.from_pretrained(entry.repo, { revision: pretrained.revision }),
    CLIPTextModelWithProjection.from_pretrained(entry.repo, pretrained).then(watch),
    CLIPVisionModelWithProjection.from_pretrained(entry.repo, pretrained).then(watch),
  ]);
  return new ImageTextEmbedder(tokenizer, processor, textModel, visionModel, entry.embedding);
}
