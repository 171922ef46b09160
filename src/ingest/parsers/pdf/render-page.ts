// Renders a PDF page to pixels inside the ingest worker, for OCR: pdf.js draws on an OffscreenCanvas (no
// DOM in a worker, so pdf.js gets a canvas factory of OffscreenCanvases and no SVG filters, which only
// recolour for high-contrast modes) with glyphs as paths (`disableFontFace`, no FontFace in a worker).
// The scale is chosen for the recogniser: PP-OCR's detector reads at most 2048 px on the long side and
// its recogniser wants text lines about 48 px tall, so a page is drawn at about 300 dpi, but never with
// a long side above RENDER_LONG_SIDE pixels (a poster-sized page would otherwise need a huge canvas).
import type { PDFPageProxy } from 'pdfjs-dist';

/** Pixels on the long side of a rendered page, at most. */
export const RENDER_LONG_SIDE = 2480;
/** Pixels per PDF point at most (300 dpi): more only costs time. */
const MAX_SCALE = 300 / 72;
/** Pixels per PDF point at least (100 dpi), so a tiny page is not drawn tinier. */
const MIN_SCALE = 100 / 72;

/** The render scale for a page of this size in PDF points (rotation applied). */
export function ocrScale(width: number, height: number): number {
  const long = Math.max(width, height);
  if (!(long > 0)) return 1;
  return Math.max(MIN_SCALE, Math.min(MAX_SCALE, RENDER_LONG_SIDE / long));
}

/** pdf.js's canvas factory, for a worker: OffscreenCanvases instead of `<canvas>` elements. */
export class OffscreenCanvasFactory {
  create(width: number, height: number) {
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    const canvas = new OffscreenCanvas(width, height);
    return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
  }

  reset(target: { canvas: OffscreenCanvas | null }, width: number, height: number) {
    if (!target.canvas) throw new Error('Canvas is not specified');
    target.canvas.width = width;
    target.canvas.height = height;
  }

  destroy(target: { canvas: OffscreenCanvas | null; context: unknown }) {
    if (target.canvas) target.canvas.width = target.canvas.height = 0;
    target.canvas = null;
    target.context = null;
  }

  getNoAlphaContext(canvas: OffscreenCanvas) {
    return canvas.getContext('2d', { alpha: false, willReadFrequently: true });
  }
}

/**
 * pdf.js's filter factory without the DOM: transfer functions and high-contrast recolouring use SVG
 * filters in a page; a page for OCR is drawn without them ("none" is what pdf.js's own base returns).
 */
export class NoFilterFactory {
  addFilter() {
    return 'none';
  }
  addHCMFilter() {
    return 'none';
  }
  addAlphaFilter() {
    return 'none';
  }
  addLuminosityFilter() {
    return 'none';
  }
  addKnockoutFilter() {
    return 'none';
  }
  addHighlightHCMFilter() {
    return 'none';
  }
  addSelectionHCMFilter() {
    return 'none';
  }
  addSelectionFilter() {
    return 'none';
  }
  createSelectionStyle() {
    return null;
  }
  destroy() {
    return undefined;
  }
}

export interface RenderedPage {
  readonly bitmap: ImageBitmap;
  readonly width: number;
  readonly height: number;
}

/** Whether this thread can render pages (a worker or page with OffscreenCanvas; not Node). */
export function canRenderPages(): boolean {
  return typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function';
}

/** Draws the page, upright as viewed, on white; a cancelled signal cancels the drawing. */
export async function renderPageForOcr(page: PDFPageProxy, signal?: AbortSignal): Promise<RenderedPage> {
  const base = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: ocrScale(base.width, base.height) });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { alpha: false, willReadFrequently: true });
  if (!context) throw new Error('no 2D context for an OffscreenCanvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  const task = page.render({
    // pdf.js types name DOM canvases; it draws on any 2D context, and OffscreenCanvas has one.
    canvasContext: context as unknown as CanvasRenderingContext2D,
    canvas: canvas as unknown as HTMLCanvasElement,
    viewport,
    background: '#ffffff',
  });
  const cancel = () => {
    task.cancel();
  };
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    await task.promise;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  return { bitmap: canvas.transferToImageBitmap(), width, height };
}
