// The browser half of the OCR speed bench, built beside the app (ocr.vite.config.ts) so the vision worker
// it starts is the production bundle, through the real supervisor, and tesseract.js runs in the same
// Chromium on the same files. Nothing here ships in the app: only the bench's build has this page and
// tesseract.js (its worker, wasm core and English data are copied under models/ by that build, never
// fetched from a CDN). The page holds several engines at once, each under a name, so the bench can
// take them in turn page by page; each of ours has its own supervisor, hence its own vision worker,
// since ORT fixes its thread count once per worker. Every read is clocked here, around the call.
import { createWorker, OEM, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import { Supervisor } from '../../src/services/supervisor';
import { workerFactories } from '../../src/services/worker-factories';
import { TESSERACT_DIR, type TesseractData } from './ocr-tesseract';

export type EngineConfig =
  | { kind: 'thinkbank'; device: 'wasm' | 'webgpu'; threads?: number }
  | { kind: 'tesseract'; data: TesseractData };

export interface EngineStarted {
  /** Creating the engine and reading the first page once (files, sessions, first run). */
  startMs: number;
  /** What the engine says it runs on. */
  runsOn: string;
}

export interface PageRead {
  ms: number;
  text: string;
}

export interface OcrBenchApi {
  /** How many page images the file input holds. */
  pages(): number;
  start(name: string, config: EngineConfig): Promise<EngineStarted>;
  read(name: string, index: number): Promise<PageRead>;
  stop(name: string): Promise<void>;
}

interface Engine {
  read(file: File): Promise<string>;
  stop(): Promise<void>;
}

const NO_LIMIT = Number.POSITIVE_INFINITY;
/** The app's base URL: this page lives at scripts/bench/ocr.html in the build. */
const APP_BASE = new URL('../../', document.baseURI).href;
const engines = new Map<string, Engine>();

function file(index: number): File {
  const input = document.querySelector<HTMLInputElement>('#pages');
  const picked = input?.files?.[index];
  if (!picked) throw new Error(`No page image at ${String(index)}: set the #pages input first.`);
  return picked;
}

async function thinkbank(config: Extract<EngineConfig, { kind: 'thinkbank' }>) {
  const supervisor = new Supervisor({ factories: workerFactories });
  const vision = supervisor.client('vision').with({ timeoutMs: NO_LIMIT });
  const options = {
    appBase: APP_BASE,
    device: config.device,
    ...(config.threads === undefined ? {} : { threads: config.threads }),
  };
  const first = await vision.readText(file(0), options);
  const engine: Engine = {
    read: async (picked) => (await vision.readText(picked, options)).text,
    stop: () => {
      supervisor.dispose();
      return Promise.resolve();
    },
  };
  const runsOn =
    first.device === 'webgpu'
      ? 'WebGPU'
      : `WASM, ${String(first.threads)} thread${first.threads === 1 ? '' : 's'}`;
  return { engine, runsOn };
}

async function tesseract(config: Extract<EngineConfig, { kind: 'tesseract' }>) {
  const base = new URL(TESSERACT_DIR, APP_BASE).href;
  const worker: TesseractWorker = await createWorker('eng', OEM.LSTM_ONLY, {
    workerPath: `${base}worker.min.js`,
    corePath: `${base}core/`,
    langPath: `${base}${config.data}/`,
    // A blob: worker would importScripts across origins' rules; the file is served from here.
    workerBlobURL: false,
    cacheMethod: 'none',
    gzip: true,
  });
  // The CLI's page segmentation (automatic), not tesseract.js's single-block default.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
  await worker.recognize(file(0));
  const engine: Engine = {
    read: async (picked) => (await worker.recognize(picked)).data.text,
    stop: async () => {
      await worker.terminate();
    },
  };
  return { engine, runsOn: `WASM, 1 thread, ${config.data}` };
}

const api: OcrBenchApi = {
  pages: () => document.querySelector<HTMLInputElement>('#pages')?.files?.length ?? 0,
  async start(name, config) {
    const t0 = performance.now();
    const { engine, runsOn } =
      config.kind === 'thinkbank' ? await thinkbank(config) : await tesseract(config);
    engines.set(name, engine);
    return { startMs: performance.now() - t0, runsOn };
  },
  async read(name, index) {
    const engine = engines.get(name);
    if (!engine) throw new Error(`No engine "${name}" started.`);
    const picked = file(index);
    const t0 = performance.now();
    const text = await engine.read(picked);
    return { ms: performance.now() - t0, text };
  },
  async stop(name) {
    await engines.get(name)?.stop();
    engines.delete(name);
  },
};

(globalThis as unknown as { ocrBench: OcrBenchApi }).ocrBench = api;
