// PP-OCR inside the vision worker, on onnxruntime-web: the files come from the app's own models/
// folder into the model cache with byte progress (src/ml/ocr/files.ts), the three sessions are created
// once (WebGPU where asked and available, else WASM) and shared by every page. A failed or cancelled
// load is forgotten, so the next call tries again. Every session run is a declared long step (ADR 0022).
import * as ort from 'onnxruntime-web';
import { AbortError } from '../../core/errors';
import { SharedJob } from '../../core/shared-job';
import { downloadToCache } from '../loading/download';
import { loadBudgetMs, watchSessionRuns } from '../loading/long-steps';
import { openModelCache } from '../loading/model-cache';
import { ModelError } from '../loading/model-errors';
import { wasmThreadsFor } from '../capabilities';
import type { FileProgress } from '../loading/types';
import { appFolder } from '../model-host';
import { ortWasmPaths } from '../ort-env';
import { longStep } from '../../core/long-step';
import { OCR_FILES, OCR_TOTAL_BYTES, ocrFileUrl, type OcrFileRole } from './files';
import { foldAffine } from './affine-fold';
import { fuseHardSwish } from './hard-swish';
import { recognizePage, type OcrModels, type OcrOptions, type OcrPage, type RunModel } from './pp-ocr';
import { parseDictionary, type Pixels } from './tensors';

export interface OcrLoadOptions {
  /** The app's absolute base URL (the page's document.baseURI). */
  appBase: string;
  /** WebGPU runs the detector on the GPU; WASM is the fallback and the default. */
  device?: 'webgpu' | 'wasm';
  /**
   * At most this many WASM threads (the "Threads" setting); all the device allows otherwise. ORT reads it
   * once per worker, when its first session starts.
   */
  threads?: number;
  onFile?: (progress: FileProgress) => void;
}

export interface OcrReaderInfo {
  device: 'webgpu' | 'wasm';
  /** The WASM threads ORT was given (WebGPU falls back to them). */
  threads: number;
  /** How long creating the sessions took, in ms (after the files were cached). */
  loadMs: number;
}

type Sessions = Record<'detect' | 'recognize' | 'classify', ort.InferenceSession>;

interface Ready {
  models: OcrModels;
  info: OcrReaderInfo;
}

async function cachedBytes(url: string): Promise<Uint8Array> {
  const cache = await openModelCache();
  const hit = await cache.match(url);
  if (!hit)
    throw new ModelError(
      'A text-reading model file vanished from the cache while loading.',
      'model-file-missing',
    );
  return new Uint8Array(await hit.arrayBuffer());
}

function runner(session: ort.InferenceSession): RunModel {
  const input = session.inputNames[0] ?? 'x';
  const output = session.outputNames[0] ?? '';
  return async (tensor) => {
    const result = await session.run({ [input]: new ort.Tensor('float32', tensor.data, [...tensor.dims]) });
    const out = result[output];
    if (!out) throw new Error(`The text-reading model gave no "${output}" output.`);
    const data = out.data;
    if (!(data instanceof Float32Array)) throw new Error('The text-reading model gave a non-float output.');
    return { data, dims: out.dims };
  };
}

async function load(options: OcrLoadOptions, signal: AbortSignal): Promise<Ready> {
  const roles = Object.keys(OCR_FILES) as OcrFileRole[];
  await downloadToCache(
    roles.map((role) => ({
      path: OCR_FILES[role].file,
      url: ocrFileUrl(role, appFolder(options.appBase)),
      estimatedBytes: OCR_FILES[role].bytes,
    })),
    { signal, onFile: options.onFile ?? (() => undefined) },
  );
  const wasm = ort.env.wasm;
  wasm.wasmPaths = { ...ortWasmPaths(appFolder(options.appBase)) };
  wasm.proxy = false;
  // Left unset, ORT takes half the cores (at most 4); models use what the device plan gives them (ADR 0077).
  wasm.numThreads = wasmThreadsFor(
    globalThis.crossOriginIsolated,
    navigator.hardwareConcurrency,
    options.threads,
  );
  const device = options.device === 'webgpu' && 'gpu' in navigator ? 'webgpu' : 'wasm';
  const executionProviders = device === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'];
  const t0 = performance.now();
  const sessions = await longStep(
    { label: 'loading the text-reading model', budgetMs: loadBudgetMs(OCR_TOTAL_BYTES) },
    async (): Promise<Sessions> => {
      const create = async (role: 'detect' | 'recognize' | 'classify') =>
        ort.InferenceSession.create(
          // Four element-wise passes per hard-swish become two, and the scalar Mul → Add pairs around
          // them fold into the convolutions: ~2.5× on recognition (ADR 0077).
          foldAffine(fuseHardSwish(await cachedBytes(ocrFileUrl(role, appFolder(options.appBase)))).model)
            .model,
          { executionProviders },
        );
      // The recogniser's CTC head and the tiny classifier gain nothing from a GPU round trip.
      return {
        detect: await create('detect'),
        recognize: await create('recognize'),
        classify: await create('classify'),
      };
    },
  );
  const loadMs = Math.round(performance.now() - t0);
  watchSessionRuns({ sessions }, 'reading text', OCR_TOTAL_BYTES);
  const dictionary = parseDictionary(
    new TextDecoder().decode(await cachedBytes(ocrFileUrl('dictionary', appFolder(options.appBase)))),
  );
  return {
    models: {
      detect: runner(sessions.detect),
      recognize: runner(sessions.recognize),
      classify: runner(sessions.classify),
      dictionary,
    },
    info: { device, threads: wasm.numThreads, loadMs },
  };
}

export class OcrReader {
  #job: SharedJob<Ready> | undefined;
  #ready: Ready | undefined;

  /** Loads the models once; a second caller joins the load in flight. */
  async load(options: OcrLoadOptions, signal: AbortSignal): Promise<OcrReaderInfo> {
    if (this.#ready) return this.#ready.info;
    const job = (this.#job ??= new SharedJob((jobSignal) => load(options, jobSignal)));
    try {
      this.#ready = await job.join(
        signal,
        () => new AbortError('Loading the text-reading model was cancelled.'),
      );
      return this.#ready.info;
    } catch (error) {
      if (this.#job === job) this.#job = undefined;
      throw error;
    }
  }

  info(): OcrReaderInfo | undefined {
    return this.#ready?.info;
  }

  async read(image: Pixels, options: Partial<OcrOptions> & { signal: AbortSignal }): Promise<OcrPage> {
    const ready = this.#ready;
    if (!ready) throw new ModelError('The text-reading model is not loaded yet.', 'model-not-loaded');
    return recognizePage(image, ready.models, options);
  }
}

/**
 * An encoded image (PNG, JPEG, WebP…), turned upright by its EXIF orientation, or a decoded bitmap (the
 * ingest worker's decoded page), as RGBA pixels. A bitmap handed in is closed here.
 */
export async function decodePixels(image: Blob | ImageBitmap): Promise<Pixels> {
  const bitmap =
    image instanceof Blob ? await createImageBitmap(image, { imageOrientation: 'from-image' }) : image;
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw images in a worker.');
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: data.width, height: data.height, data: data.data };
  } finally {
    bitmap.close();
  }
}
