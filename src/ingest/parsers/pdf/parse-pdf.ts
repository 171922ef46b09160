// PDF parser: pdf.js text content → positioned runs → reading-order lines → blocks, with page
// numbers and boxes. Encrypted files need a password; damaged files fail with a typed error; a
// per-document time budget and an AbortSignal stop hostile files. A page without text, or whose text
// layer is garbage (a scanner's failed OCR), is drawn in this worker and read by the OCR reader when one
// is given (ADR 0077); without one it is kept in the metadata as needing OCR, never dropped silently.
import type { Block, DocumentWarning, ParsedDocument } from '../../../core/chunking/types';
import { judgeTextLayer } from '../../../core/text/text-layer-quality';
import type { ImageTextReader } from '../../images/text-reader';
import { CorruptFileError, ParseError, PasswordRequiredError, WrongPasswordError } from '../errors';
import { checkSize, throwIfAborted, toBytes, withBudget, type Budget, type ParseOptions } from '../options';
import { linesToBlocks, type PageLines } from './blocks';
import { removeFurniture } from './furniture';
import { layoutPage, type Line, type TextRun } from './layout';
import { ocrLinesToPage } from './ocr-page';
import { loadBrowserPdfJs, type PdfJs, type PdfJsLoader } from './pdfjs-loader';
import { canRenderPages, NoFilterFactory, OffscreenCanvasFactory, renderPageForOcr } from './render-page';

export interface PdfParseOptions extends ParseOptions {
  /** Which pdf.js build to use; the browser build by default. */
  readonly loadPdfJs?: PdfJsLoader;
  /** Largest decoded image, in pixels, pdf.js may allocate (default 2^24). */
  readonly maxImageSize?: number;
  /**
   * Where pdf.js finds its packed CMaps (folder URL or, in Node, path, ending in "/"). Without
   * them CJK text in fonts with predefined CMaps (e.g. vertical Japanese) extracts as nothing.
   */
  readonly cMapUrl?: string;
  /** Where pdf.js finds the standard font metrics, for PDFs that do not embed their fonts. */
  readonly standardFontDataUrl?: string;
  /** Where pdf.js finds its image decoders (JBIG2, JPEG 2000) and colour management, as WASM. */
  readonly wasmUrl?: string;
  /**
   * Reads the words of a page drawn as pixels (OCR). Given, and where the thread can draw pages
   * (OffscreenCanvas), pages without a usable text layer are read with it.
   */
  readonly readText?: ImageTextReader;
  /** Called after each page: pages done, pages in all. */
  readonly onPage?: (done: number, pages: number) => Promise<void> | void;
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

/** Pages whose text layer has fewer letters or digits than this are reported as needing OCR. */
const MIN_TEXT_CHARS = 3;

function mapError(error: unknown, hasPassword: boolean): ParseError {
  if (error instanceof ParseError) return error;
  const e = error as { name?: string; code?: number; message?: string };
  if (e.name === 'PasswordException') {
    // pdf.js: 1 = a password is needed, 2 = the given one is wrong.
    return e.code === 2 || hasPassword
      ? new WrongPasswordError({ cause: error })
      : new PasswordRequiredError({ cause: error });
  }
  return new CorruptFileError(e.message ?? String(error), { cause: error });
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

async function pageRuns(page: PdfPage): Promise<{ runs: TextRun[]; width: number; height: number }> {
  const viewport = page.getViewport({ scale: 1 });
  // PDF user space (origin bottom-left) to the page as viewed (origin top-left, rotation applied).
  const [m0 = 1, m1 = 0, m2 = 0, m3 = 1, m4 = 0, m5 = 0] = viewport.transform;
  const toViewport = (x: number, y: number) => [m0 * x + m2 * y + m4, m1 * x + m3 * y + m5] as const;
  const content = await page.getTextContent();
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform as number[];
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    if (size <= 0) continue;
    const width = Number.isFinite(item.width) ? item.width : item.str.length * size * 0.5;
    // A font pdf.js could not load (missing, damaged, or a Type3 font) has NaN metrics: typical ones
    // place its text instead of dropping it.
    const style = content.styles[item.fontName];
    const ascent = finiteOr(style?.ascent, 0.8);
    const descent = finiteOr(style?.descent, -0.2);
    // Direction of the text run, so rotated text gets a sensible box too.
    const ux = a / (Math.hypot(a, b) || 1);
    const uy = b / (Math.hypot(a, b) || 1);
    const corners = [
      [e + c * descent, f + d * descent],
      [e + c * ascent, f + d * ascent],
      [e + ux * width + c * descent, f + uy * width + d * descent],
      [e + ux * width + c * ascent, f + uy * width + d * ascent],
    ].map(([x = 0, y = 0]) => toViewport(x, y));
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    // Damaged fonts can yield NaN widths; such a run has no place on the page.
    if (![...xs, ...ys].every(Number.isFinite)) continue;
    runs.push({
      text: item.str,
      x0: Math.min(...xs),
      x1: Math.max(...xs),
      y0: Math.min(...ys),
      y1: Math.max(...ys),
      size,
      font: item.fontName,
    });
  }
  return { runs, width: viewport.width, height: viewport.height };
}

interface ReadPages {
  pages: PageLines[];
  needsOcr: number[];
  /** Pages whose lines came from OCR. */
  ocrPages: Set<number>;
}

function letterCount(runs: readonly TextRun[]): number {
  return runs.reduce((sum, r) => sum + (r.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
}

/** The share of odd words in lines (see judgeTextLayer); 0 for no words. */
function oddShare(text: string): number {
  const verdict = judgeTextLayer(text);
  return verdict.words === 0 ? 0 : verdict.odd / verdict.words;
}

/** Draws the page and reads it; the budget stops while the reader works (it is watched where it runs). */
async function readByOcr(
  page: PdfPage,
  n: number,
  reader: ImageTextReader,
  size: { width: number; height: number },
  options: PdfParseOptions,
  budget: Budget,
): Promise<Line[]> {
  const signal = options.signal ?? new AbortController().signal;
  const rendered = await renderPageForOcr(page, signal);
  try {
    const lines = await budget.exclude(() =>
      reader({ page: n, bitmap: rendered.bitmap, width: rendered.width, height: rendered.height }, signal),
    );
    return ocrLinesToPage(lines, size.width, size.height);
  } finally {
    rendered.bitmap.close();
  }
}

async function readPages(
  doc: PdfDocument,
  options: PdfParseOptions,
  warnings: DocumentWarning[],
  budget: Budget,
): Promise<ReadPages> {
  const pages: PageLines[] = [];
  const needsOcr: number[] = [];
  const ocrPages = new Set<number>();
  const reader = options.readText && canRenderPages() ? options.readText : undefined;
  for (let n = 1; n <= doc.numPages; n++) {
    throwIfAborted(options.signal);
    try {
      const page = await doc.getPage(n);
      const { runs, width, height } = await pageRuns(page);
      let lines = runs.length > 0 ? layoutPage(runs, width) : [];
      const layerText = runs.map((r) => r.text).join(' ');
      const empty = letterCount(runs) < MIN_TEXT_CHARS;
      const garbage = !empty && judgeTextLayer(layerText).garbage;
      if ((empty || garbage) && reader) {
        const read = await readByOcr(page, n, reader, { width, height }, options, budget);
        const readText = read.map((l) => l.text).join(' ');
        // A garbage layer gives way only to a reading that is less odd (the recogniser may not know the
        // page's script either); an empty one to any text found.
        if (read.length > 0 && (empty || oddShare(readText) < oddShare(layerText))) {
          lines = read;
          ocrPages.add(n);
        }
        if (garbage && !ocrPages.has(n)) {
          warnings.push({
            code: 'source-message',
            page: n,
            message: `Page ${String(n)}'s text layer looks garbled, and reading the page's picture did not do better.`,
          });
        }
      } else if (empty || garbage) {
        needsOcr.push(n);
        warnings.push({
          code: 'needs-ocr',
          page: n,
          message: empty
            ? `Page ${String(n)} has no text: it needs OCR to be searchable.`
            : `Page ${String(n)}'s text layer looks garbled: it needs OCR to be searchable.`,
        });
      }
      page.cleanup();
      pages.push({ page: n, width, height, lines });
    } catch (error: unknown) {
      if (error instanceof ParseError) throw error;
      if (options.signal?.aborted === true) throw error;
      const message = error instanceof Error ? error.message : String(error);
      warnings.push({ code: 'page-failed', page: n, message: `Page ${n} could not be read (${message}).` });
      pages.push({ page: n, width: 1, height: 1, lines: [] });
    }
    await options.onPage?.(n, doc.numPages);
  }
  return { pages, needsOcr, ocrPages };
}

/**
 * Blocks for every page in page order. Pages read by OCR get their own pass: their line heights come
 * from boxes, not fonts, and must not set the body size (and so the headings) of the text pages.
 */
function pagesToBlocks(pages: readonly PageLines[], ocrPages: ReadonlySet<number>): Block[] {
  if (ocrPages.size === 0) return linesToBlocks(pages);
  const byPage = new Map<number, Block[]>();
  const collect = (blocks: readonly Block[]) => {
    let current: Block[] = [];
    for (const block of blocks) {
      if (block.type === 'page-break') {
        current = [];
        byPage.set(block.page, current);
      }
      current.push(block);
    }
  };
  collect(linesToBlocks(pages.filter((p) => !ocrPages.has(p.page))));
  collect(linesToBlocks(pages.filter((p) => ocrPages.has(p.page))));
  return pages.flatMap((p) => byPage.get(p.page) ?? []);
}

function infoString(info: unknown, key: string): string | undefined {
  const value = (info as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The XMP dc:title; pdf.js gives null metadata when a file has no XMP packet. */
function xmpTitle(metadata: unknown): string | undefined {
  const get = (metadata as { get?: unknown } | null | undefined)?.get;
  if (typeof get !== 'function') return undefined;
  const value: unknown = get.call(metadata, 'dc:title');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export async function parsePdf(
  input: Uint8Array | ArrayBuffer,
  options: PdfParseOptions = {},
): Promise<ParsedDocument> {
  const bytes = toBytes(input);
  checkSize(bytes, options);
  const { lib: pdfjs, createPort } = await (options.loadPdfJs ?? loadBrowserPdfJs)();
  const port = createPort?.();
  const worker = port ? pdfjs.PDFWorker.create({ port }) : undefined;
  // Drawing pages for OCR happens in this thread: pdf.js gets OffscreenCanvases and no DOM filters, and
  // fetches its fonts, CMaps and image decoders itself (its own check of those URLs reads `document`).
  const rendering = options.readText !== undefined && canRenderPages();
  const stopWorker = () => {
    worker?.destroy();
    port?.terminate();
  };
  const task = pdfjs.getDocument({
    ...(worker ? { worker } : {}),
    // pdf.js may take ownership of the buffer, so it gets a copy.
    data: new Uint8Array(bytes),
    password: options.password,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    maxImageSize: options.maxImageSize ?? 2 ** 24,
    ...(options.cMapUrl !== undefined ? { cMapUrl: options.cMapUrl, cMapPacked: true } : {}),
    ...(options.standardFontDataUrl !== undefined
      ? { standardFontDataUrl: options.standardFontDataUrl }
      : {}),
    ...(options.wasmUrl !== undefined ? { wasmUrl: options.wasmUrl } : {}),
    ...(rendering ? { CanvasFactory: OffscreenCanvasFactory, FilterFactory: NoFilterFactory } : {}),
    ...(port ? { useWorkerFetch: true } : {}),
    verbosity: 0,
  });
  const hasPassword = options.password !== undefined;
  return withBudget(
    options,
    async (budget) => {
      let doc: PdfDocument;
      try {
        doc = await task.promise;
      } catch (error: unknown) {
        await task.destroy();
        stopWorker();
        throw mapError(error, hasPassword);
      }
      try {
        const warnings: DocumentWarning[] = [];
        const read = await readPages(doc, options, warnings, budget);
        const { needsOcr, ocrPages } = read;
        const { pages, removed } = removeFurniture(read.pages);
        if (removed > 0) {
          warnings.push({
            code: 'content-dropped',
            message: `${removed} running header, footer or page-number lines were left out.`,
          });
        }
        const meta = await doc.getMetadata().catch((error: unknown) => {
          warnings.push({
            code: 'source-message',
            message: `The PDF's metadata could not be read (${String(error)}).`,
          });
          return undefined;
        });
        const blocks = pagesToBlocks(pages, ocrPages);
        // A heading the OCR found (a drop cap, a stamp) is too unsure to name the document.
        const firstHeading = ocrPages.has(1)
          ? undefined
          : blocks.find(
              (b) =>
                b.type === 'heading' && b.level === 1 && b.location.type === 'page' && b.location.page === 1,
            );
        const title =
          infoString(meta?.info, 'Title') ??
          xmpTitle(meta?.metadata) ??
          (firstHeading?.type === 'heading' ? firstHeading.text : undefined);
        const language = infoString(meta?.info, 'Language');
        const author = infoString(meta?.info, 'Author');
        return {
          format: 'pdf',
          metadata: {
            ...(title ? { title } : {}),
            ...(language ? { language } : {}),
            ...(author ? { author } : {}),
            pageCount: doc.numPages,
            pagesNeedingOcr: needsOcr,
            ...(ocrPages.size > 0 ? { pagesRead: [...ocrPages] } : {}),
          },
          blocks,
          warnings,
        };
      } catch (error: unknown) {
        throw mapError(error, hasPassword);
      } finally {
        await task.destroy();
        stopWorker();
      }
    },
    () => {
      void task.destroy();
      stopWorker();
    },
  );
}
