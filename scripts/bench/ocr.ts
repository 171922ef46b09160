// OCR speed: pages/s of ThinkBank's OCR (PP-OCRv4 in the production build's vision worker, in Chromium)
// on WASM with 1 thread, with all threads, and on WebGPU, beside tesseract.js 7 (same Chromium, same
// files, its worker, core and English data served from the bench build) and the Tesseract 5 CLI, on the
// pages of ../shared/data/ocr-pages, with each engine's quality on the same pages (CER, word F1: the
// OCR eval's scoring), so "faster at equal or better quality" reads off one table. Ratios are to our
// all-threads row. The engines take turns page by page, so a machine that gets busier mid-run slows
// every row alike; WebGPU (a software GPU in headless Chromium here) runs last, within a time limit.
//   npm run bench:ocr                                   6 source pages × 3 conditions
//   npm run bench:ocr -- --pages 18 --no-build --skip-webgpu --json
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { chromium, type Page } from 'playwright';
import {
  averages,
  OCR_PAGES_DIR,
  readManifest,
  score,
  type OcrPageItem,
  type Score,
} from '../eval/ocr-pages';
import type { EngineConfig, OcrBenchApi, PageRead } from './ocr-page';
import { TESSERACT_DATA } from './ocr-tesseract';
import { buildApp, startPreview } from './preview';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: OCR_PAGES_DIR },
    /** Source pages to read, each in every condition, spread over the manifest (18 = all). */
    pages: { type: 'string', default: '6' },
    'no-build': { type: 'boolean', default: false },
    'skip-webgpu': { type: 'boolean', default: false },
    'webgpu-limit-s': { type: 'string', default: '300' },
    /** Also tesseract.js with the 11 MB `4.0.0` data (legacy + the same LSTM), not only `4.0.0_best_int`. */
    'all-tesseract-data': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const OUT = process.env['THINKBANK_OUT'] ?? 'dist-bench-ocr';
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4213);
const BENCH_PAGE = 'scripts/bench/ocr.html';
const REFERENCE = 'thinkbank-wasm-all';
const log = (line: string): void => {
  if (args.json) console.error(line);
  else console.log(line);
};

interface Row {
  engine: string;
  runsOn: string;
  pages: number;
  pagesPerS: number;
  /** pages/s ÷ our all-threads row's. */
  ratio: number;
  cer: number;
  wordF1: number;
  byCondition: Record<string, Score>;
  /** Start (load and one page read untimed), ms. */
  startMs?: number;
  note?: string;
}

interface Tally {
  engine: string;
  runsOn: string;
  startMs?: number;
  note?: string;
  reads: { condition: string; ms: number; score: Score }[];
}

/** `count` source pages spread over the manifest, each in every condition it has. */
function samplePages(all: OcrPageItem[], count: number): OcrPageItem[] {
  const source = (p: OcrPageItem) => p.id.replace(new RegExp(`_${p.condition}$`), '');
  const sources = [...new Set(all.map(source))];
  const n = Math.max(1, Math.min(count, sources.length));
  const picked = new Set(Array.from({ length: n }, (_, i) => sources[Math.floor((i * sources.length) / n)]));
  return all.filter((p) => picked.has(source(p)));
}

const bench = (page: Page) => ({
  start: (name: string, config: EngineConfig) =>
    page.evaluate(([n, c]) => (globalThis as unknown as { ocrBench: OcrBenchApi }).ocrBench.start(n, c), [
      name,
      config,
    ] as const),
  read: (name: string, index: number): Promise<PageRead> =>
    page.evaluate(([n, i]) => (globalThis as unknown as { ocrBench: OcrBenchApi }).ocrBench.read(n, i), [
      name,
      index,
    ] as const),
  stop: (name: string) =>
    page.evaluate((n) => (globalThis as unknown as { ocrBench: OcrBenchApi }).ocrBench.stop(n), name),
});

const execFileAsync = promisify(execFile);

/** The CLI as people run it: one process per page (its start and model load count), OpenMP threads. */
async function tesseractCli(image: string, threads: 'all' | 1): Promise<PageRead> {
  const env = threads === 'all' ? process.env : { ...process.env, OMP_THREAD_LIMIT: '1' };
  const t0 = performance.now();
  const { stdout } = await execFileAsync('tesseract', [image, 'stdout'], { env, maxBuffer: 1 << 26 });
  return { ms: performance.now() - t0, text: stdout };
}

function withLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} did not finish within ${String(Math.round(ms / 1000))} s`));
    }, ms);
  });
  return Promise.race([work, limit]).finally(() => {
    clearTimeout(timer);
  });
}

const message = (error: unknown) =>
  error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);

async function measure(pages: OcrPageItem[], baseURL: string): Promise<Tally[]> {
  const profile = mkdtempSync(join(tmpdir(), 'thinkbank-ocr-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    baseURL,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--enable-unsafe-webgpu',
    ],
  });
  const tallies: Tally[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(5 * 60_000);
    await page.goto(BENCH_PAGE);
    await page.waitForFunction(() => 'ocrBench' in globalThis);
    await page.locator('#pages').setInputFiles(pages.map((p) => p.image));
    const api = bench(page);
    const data = args['all-tesseract-data'] ? TESSERACT_DATA : TESSERACT_DATA.slice(0, 1);
    const engines: [string, EngineConfig][] = [
      ['thinkbank-wasm-1', { kind: 'thinkbank', device: 'wasm', threads: 1 }],
      [REFERENCE, { kind: 'thinkbank', device: 'wasm' }],
      ...data.map((d): [string, EngineConfig] => [`tesseractjs-${d}`, { kind: 'tesseract', data: d }]),
    ];
    const browserTallies: Tally[] = [];
    for (const [engine, config] of engines) {
      log(`starting ${engine}…`);
      const started = await api.start(engine, config);
      browserTallies.push({ engine, runsOn: started.runsOn, startMs: started.startMs, reads: [] });
    }
    const cli: Tally[] = [
      { engine: 'tesseract-cli', runsOn: 'native, OpenMP threads', reads: [] },
      { engine: 'tesseract-cli-1', runsOn: 'native, 1 thread', reads: [] },
    ];
    tallies.push(...browserTallies, ...cli);
    for (const [i, item] of pages.entries()) {
      const line: string[] = [];
      for (const tally of tallies) {
        const read =
          tally.engine === 'tesseract-cli'
            ? await tesseractCli(item.image, 'all')
            : tally.engine === 'tesseract-cli-1'
              ? await tesseractCli(item.image, 1)
              : await api.read(tally.engine, i);
        const s = score(item.truth, read.text);
        tally.reads.push({ condition: item.condition, ms: read.ms, score: s });
        line.push(`${tally.engine} ${(read.ms / 1000).toFixed(1)} s F1 ${s.wordF1.toFixed(2)}`);
      }
      log(`${String(i + 1).padStart(3)}/${String(pages.length)} ${item.id}: ${line.join(', ')}`);
    }
    for (const [engine] of engines) await api.stop(engine);
    if (!args['skip-webgpu']) tallies.push(await measureWebGpu(page, pages));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return tallies;
}

/** WebGPU last, alone, page after page until the time limit; a start that never ends is said plainly. */
async function measureWebGpu(page: Page, pages: OcrPageItem[]): Promise<Tally> {
  const engine = 'thinkbank-webgpu';
  const limitMs = Number(args['webgpu-limit-s']) * 1000;
  const t0 = performance.now();
  const tally: Tally = { engine, runsOn: 'WebGPU', reads: [] };
  const api = bench(page);
  try {
    log(`starting ${engine} (limit ${String(limitMs / 1000)} s)…`);
    const started = await withLimit(
      api.start(engine, { kind: 'thinkbank', device: 'webgpu' }),
      limitMs,
      'start',
    );
    tally.runsOn = started.runsOn;
    tally.startMs = started.startMs;
    for (const [i, item] of pages.entries()) {
      const left = limitMs - (performance.now() - t0);
      if (left <= 0) break;
      const read = await withLimit(api.read(engine, i), left, `page ${item.id}`);
      const s = score(item.truth, read.text);
      tally.reads.push({ condition: item.condition, ms: read.ms, score: s });
      log(`  ${engine} ${item.id}: ${(read.ms / 1000).toFixed(1)} s, F1 ${s.wordF1.toFixed(2)}`);
    }
  } catch (error) {
    log(`  ${engine}: ${message(error)}`);
    // A limit reached mid-page is said as the pages read; a start that failed, in its own words.
    if (tally.startMs === undefined) tally.note = message(error);
  }
  if (tally.startMs !== undefined && tally.reads.length < pages.length && tally.note === undefined) {
    tally.note = `${String(tally.reads.length)} of ${String(pages.length)} pages within ${String(limitMs / 1000)} s`;
  }
  return tally;
}

function rows(tallies: Tally[]): Row[] {
  const rate = (t: Tally) => t.reads.length / (t.reads.reduce((s, r) => s + r.ms, 0) / 1000);
  const reference = tallies.find((t) => t.engine === REFERENCE);
  const ours = reference ? rate(reference) : Number.NaN;
  return tallies.map((t) => {
    const byCondition = averages(t.reads);
    const all = byCondition['all'];
    return {
      engine: t.engine,
      runsOn: t.runsOn,
      pages: t.reads.length,
      pagesPerS: t.reads.length > 0 ? rate(t) : 0,
      ratio: t.reads.length > 0 ? rate(t) / ours : 0,
      cer: all?.cer ?? Number.NaN,
      wordF1: all?.wordF1 ?? Number.NaN,
      byCondition,
      ...(t.startMs === undefined ? {} : { startMs: Math.round(t.startMs) }),
      ...(t.note === undefined ? {} : { note: t.note }),
    };
  });
}

function table(result: Row[], pages: OcrPageItem[]): string[] {
  const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
  const conditions = [...new Set(pages.map((p) => p.condition))];
  return [
    `| engine | runs on | pages | pages/s | vs ours (all threads) | CER | word F1 | ${conditions.map((c) => `F1 ${c}`).join(' | ')} | start s |`,
    `|---|---|--:|--:|--:|--:|--:|${conditions.map(() => '--:|').join('')}--:|`,
    ...result.map(
      (r) =>
        `| ${r.engine} | ${r.runsOn}${r.note === undefined ? '' : ` (${r.note})`} | ${String(r.pages)} | ${fixed(r.pagesPerS, 3)} | ${fixed(r.ratio, 2)}× | ${fixed(r.cer, 3)} | ${fixed(r.wordF1, 3)} | ${conditions.map((c) => fixed(r.byCondition[c]?.wordF1 ?? Number.NaN, 3)).join(' | ')} | ${r.startMs === undefined ? '–' : fixed(r.startMs / 1000, 1)} |`,
    ),
  ];
}

async function main(): Promise<void> {
  const pages = samplePages(readManifest(args.dataset), Number(args.pages));
  if (!args['no-build']) buildApp(OUT, 'scripts/bench/ocr.vite.config.ts');
  if (!existsSync(join(OUT, BENCH_PAGE))) throw new Error(`No bench build in ${OUT}: run without --no-build`);
  log(`${String(pages.length)} pages: ${pages.map((p) => p.id).join(', ')}`);
  const server = await startPreview(OUT, PORT);
  let tallies: Tally[];
  try {
    tallies = await measure(pages, `http://localhost:${String(PORT)}/`);
  } finally {
    if (server.pid !== undefined) process.kill(-server.pid);
  }
  const result = rows(tallies);
  log('');
  for (const line of table(result, pages)) log(line);
  const ours = result.find((r) => r.engine === REFERENCE);
  const one = result.find((r) => r.engine === 'thinkbank-wasm-1');
  for (const anchor of result.filter((r) => r.engine.startsWith('tesseractjs-'))) {
    log(
      `ours ÷ ${anchor.engine}: ${((ours?.pagesPerS ?? NaN) / anchor.pagesPerS).toFixed(2)}× with all threads, ${((one?.pagesPerS ?? NaN) / anchor.pagesPerS).toFixed(2)}× on 1 thread; word F1 ${(ours?.wordF1 ?? NaN).toFixed(3)} vs ${anchor.wordF1.toFixed(3)}, CER ${(ours?.cer ?? NaN).toFixed(3)} vs ${anchor.cer.toFixed(3)}`,
    );
  }
  if (args.json) console.log(JSON.stringify({ pages: pages.map((p) => p.id), rows: result }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
