// The vision worker's work: an image captioner and the CLIP towers, each loaded through CurrentModel
// (one per task, so captioning and image search can both be warm), images decoded from their bytes
// here in the worker.
import type { LoadedModelInfo } from '../loading/types';
import { findModel } from '../registry';
import { buildCaptioner, decodeImage, type Captioner } from './captioner';
import { CurrentModel, type TaskLoadOptions } from './current-model';
import { buildImageTextEmbedder, type ImageTextEmbedder } from './image-text-embedder';

export type ImageSource = Blob | ArrayBuffer | Uint8Array;

export interface VisionVectors {
  vectors: Float32Array;
  dims: number;
  count: number;
  modelKey: string;
}

async function toImage(source: ImageSource) {
  if (source instanceof Blob) return decodeImage(new Uint8Array(await source.arrayBuffer()), source.type);
  return decodeImage(source);
}

export class VisionService {
  private readonly captioner: CurrentModel<Captioner>;
  private readonly clip: CurrentModel<ImageTextEmbedder>;

  constructor(options: { onGpuLost?: (reason: string) => void } = {}) {
    this.captioner = new CurrentModel(['captioning'], 'image description model', buildCaptioner, options);
    this.clip = new CurrentModel(
      ['image-text-embedding'],
      'image search model',
      buildImageTextEmbedder,
      options,
    );
  }

  async load(modelKey: string, options: TaskLoadOptions, signal: AbortSignal): Promise<LoadedModelInfo> {
    const task = (options.entry ?? findModel(modelKey))?.task;
    if (task === 'image-text-embedding') {
      const loaded = await this.clip.load(modelKey, options, signal);
      return { ...loaded.info, dimensions: loaded.value.dimensions };
    }
    const loaded = await this.captioner.load(modelKey, options, signal);
    return loaded.info;
  }

  async caption(
    image: ImageSource,
    signal: AbortSignal,
  ): Promise<{ text: string; modelKey: string; ms: number }> {
    const { value, info } = this.captioner.require();
    const started = performance.now();
    const text = await value.caption(await toImage(image), signal);
    return { text, modelKey: info.modelKey, ms: Math.round(performance.now() - started) };
  }

  async embedImages(images: readonly ImageSource[], signal: AbortSignal): Promise<VisionVectors> {
    const { value, info } = this.clip.require();
    const decoded = await Promise.all(images.map(toImage));
    const vectors = await value.embedImages(decoded, signal);
    return { vectors, dims: value.dimensions, count: images.length, modelKey: info.modelKey };
  }

  async embedTexts(texts: readonly string[], signal: AbortSignal): Promise<VisionVectors> {
    const { value, info } = this.clip.require();
    const vectors = await value.embedTexts(texts, signal);
    return { vectors, dims: value.dimensions, count: texts.length, modelKey: info.modelKey };
  }

  info(): { captioning: LoadedModelInfo | undefined; imageText: LoadedModelInfo | undefined } {
    return { captioning: this.captioner.info(), imageText: this.clip.info() };
  }

  async unload(task?: 'captioning' | 'image-text-embedding'): Promise<void> {
    if (task !== 'image-text-embedding') await this.captioner.unload();
    if (task !== 'captioning') await this.clip.unload();
  }
}
