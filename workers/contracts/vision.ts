// The vision worker's API: image descriptions (captioner) and CLIP image/text vectors, each model loaded
// on demand. Images travel as their encoded bytes (a Blob is passed by reference) and are decoded in the
// worker; vectors come back as one transferred row-major Float32Array. Type-only.
import type { ImageSource, VisionVectors } from '../../src/ml/tasks/vision-service';
import type { BaseApi } from './base';
import type { LoadedModelInfo, ModelLoadOptions } from './model-load';

export type { ImageSource, VisionVectors };

export interface VisionApi extends BaseApi {
  /** Loads a captioner or an image–text model (chosen by the entry's task). */
  load(modelKey: string, options: ModelLoadOptions): Promise<LoadedModelInfo>;
  caption(image: ImageSource): Promise<{ text: string; modelKey: string; ms: number }>;
  embedImage(images: ImageSource[]): Promise<VisionVectors>;
  embedText(texts: string[]): Promise<VisionVectors>;
  info(): Promise<{ captioning: LoadedModelInfo | undefined; imageText: LoadedModelInfo | undefined }>;
  unload(task?: 'captioning' | 'image-text-embedding'): Promise<void>;
}
