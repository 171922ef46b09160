// The vision worker's API: image descriptions (captioner) and CLIP image/text vectors, each model loaded
// on demand. Images travel as their encoded bytes (a Blob is passed by reference) and are decoded in the
// worker; vectors come back as one transferred row-major Float32Array. Type-only.
import type { FileProgress } from '../../src/ml/loading/types';
import type { OcrPage } from '../../src/ml/ocr/pp-ocr';
import type { ImageSource, VisionVectors } from '../../src/ml/tasks/vision-service';
import type { BaseApi } from './base';
import type { LoadedModelInfo, ModelLoadOptions } from './model-load';

export type { ImageSource, OcrPage, VisionVectors };

/** Posted on `ReadTextOptions.progress` while text is read. */
export type ReadTextProgress =
  | { kind: 'file'; file: FileProgress }
  | { kind: 'step'; step: 'detecting' | 'reading'; done: number; total: number };

export interface ReadTextOptions {
  /** The app's absolute base URL: PP-OCR's files come from its models/ folder. */
  appBase: string;
  device?: 'webgpu' | 'wasm';
  /** At most this many WASM threads (Settings → "Threads"); the first read in a worker fixes it. */
  threads?: number;
  /** Progress messages (ReadTextProgress); closed at the end. Transfer it. */
  progress?: MessagePort;
}

export type ReadTextResult = OcrPage & { ms: number; device: 'webgpu' | 'wasm'; threads: number };

export interface VisionApi extends BaseApi {
  /** Loads a captioner or an image–text model (chosen by the entry's task). */
  load(modelKey: string, options: ModelLoadOptions): Promise<LoadedModelInfo>;
  caption(image: ImageSource): Promise<{ text: string; modelKey: string; ms: number }>;
  /**
   * Reads the printed text in a picture (encoded bytes, or a decoded bitmap: transfer it) with PP-OCR (loaded on first use from the app's models/ folder):
   * lines with boxes and confidences, grouped into blocks in reading order. Aborting the call stops it
   * between model runs.
   */
  readText(image: Blob | ImageBitmap, options: ReadTextOptions): Promise<ReadTextResult>;
  embedImage(images: ImageSource[]): Promise<VisionVectors>;
  embedText(texts: string[]): Promise<VisionVectors>;
  info(): Promise<{ captioning: LoadedModelInfo | undefined; imageText: LoadedModelInfo | undefined }>;
  unload(task?: 'captioning' | 'image-text-embedding'): Promise<void>;
}
