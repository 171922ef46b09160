// Entry point of the vision worker: serves its contract. Captioning and CLIP embeddings live in
// src/ml/tasks.
import { transfer } from 'comlink';
import { OcrReader, decodePixels } from '../src/ml/ocr/ocr-reader';
import { VisionService, type ImageSource } from '../src/ml/tasks/vision-service';
import type { ModelLoadOptions } from './contracts/model-load';
import type { ReadTextOptions, VisionApi } from './contracts/vision';
import { baseApi, reportGpuDeviceLost, serve, type CallContext } from './host';

const service = new VisionService({ onGpuLost: reportGpuDeviceLost });
const ocr = new OcrReader();

const api = {
  ...baseApi,
  load(this: CallContext, modelKey: string, options: ModelLoadOptions) {
    return service.load(modelKey, options, this.signal);
  },
  caption(this: CallContext, image: ImageSource) {
    return service.caption(image, this.signal);
  },
  async embedImage(this: CallContext, images: ImageSource[]) {
    const result = await service.embedImages(images, this.signal);
    return transfer(result, [result.vectors.buffer]);
  },
  async embedText(this: CallContext, texts: string[]) {
    const result = await service.embedTexts(texts, this.signal);
    return transfer(result, [result.vectors.buffer]);
  },
  async readText(this: CallContext, image: Blob | ImageBitmap, options: ReadTextOptions) {
    const { progress, ...load } = options;
    try {
      await ocr.load(
        { ...load, onFile: (file) => progress?.postMessage({ kind: 'file', file }) },
        this.signal,
      );
      const t0 = performance.now();
      const pixels = await decodePixels(image);
      const page = await ocr.read(pixels, {
        signal: this.signal,
        onProgress: (step) => progress?.postMessage({ kind: 'step', ...step }),
      });
      const { device = 'wasm', threads = 1 } = ocr.info() ?? {};
      return { ...page, ms: Math.round(performance.now() - t0), device, threads };
    } finally {
      progress?.close();
    }
  },
  info(this: CallContext) {
    return Promise.resolve(service.info());
  },
  unload(this: CallContext, task?: 'captioning' | 'image-text-embedding') {
    return service.unload(task);
  },
} satisfies VisionApi;

serve('vision', api);
