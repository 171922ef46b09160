// Pages without a usable text layer are drawn inside a Worker (OffscreenCanvas, pdf.js's WASM image
// decoders served by the app) and handed to the reader; what it answers becomes the page's text. Real
// scanned PDFs of the shared corpus: a JPEG scan, a JBIG2 scan, a page turned by /Rotate, a JPEG 2000
// image, and a Russian form whose text layer is a scanner's garbled OCR.
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../index';
import type { DrawnPage } from '../__fixtures__/render-in-worker';
import { askWorker } from '../__fixtures__/ask-worker';

const CORPUS = import.meta.glob<string>('../../../../../shared/data/pdf-corpus/*/*.pdf', {
  query: '?url',
  import: 'default',
  eager: true,
});

interface Reply {
  ok: boolean;
  result?: ParseResult;
  drawn: DrawnPage[];
  name?: string;
  message?: string;
}

async function parseInWorker(file: string): Promise<Reply> {
  const url = CORPUS[`../../../../../shared/data/pdf-corpus/${file}`];
  if (url === undefined) throw new Error(`${file} is not in the shared corpus`);
  const bytes = await (await fetch(url)).arrayBuffer();
  return askWorker<Reply>(
    () => new Worker(new URL('../__fixtures__/render-in-worker.ts', import.meta.url), { type: 'module' }),
    { bytes, fileName: file.split('/').pop() },
    [bytes],
  );
}

function textOf(reply: Reply): string {
  return (reply.result?.document.blocks ?? []).map((b) => ('text' in b ? b.text : '')).join('\n');
}

describe('PDF pages drawn for OCR in a worker', () => {
  it.each([
    ['ocrmypdf/c02-22.pdf', 'a JPEG scan'],
    ['ocrmypdf/jbig2.pdf', 'a JBIG2 scan'],
    ['ocrmypdf/lichtenstein.pdf', 'a JPEG 2000 image'],
  ])('%s (%s) is drawn with ink on it and read', async (file) => {
    const reply = await parseInWorker(file);
    expect(reply.message).toBeUndefined();
    expect(reply.drawn).toHaveLength(1);
    const [page] = reply.drawn;
    // About 300 dpi, the long side within the limit; a scan has ink, and is not all ink (the JPEG 2000
    // portrait is dark: poppler draws 94 % of it darker than mid grey too).
    expect(Math.max(page?.width ?? 0, page?.height ?? 0)).toBeLessThanOrEqual(2480);
    expect(Math.max(page?.width ?? 0, page?.height ?? 0)).toBeGreaterThan(1000);
    expect(page?.ink).toBeGreaterThan(0.01);
    expect(page?.ink).toBeLessThan(0.98);
    expect(textOf(reply)).toContain('Drawn page 1');
    expect(reply.result?.document.metadata.pagesRead).toEqual([1]);
    expect(reply.result?.document.metadata.pagesNeedingOcr).toEqual([]);
  });

  it('draws a page turned by /Rotate as it is viewed', async () => {
    // Its media box is landscape (792 × 612) with /Rotate 90: viewed, and drawn by poppler, it is portrait.
    const reply = await parseInWorker('ocrmypdf/rotated_skew.pdf');
    const [page] = reply.drawn;
    expect((page?.width ?? 0) / (page?.height ?? 1)).toBeCloseTo(612 / 792, 2);
  });

  it('reads the pages of a garbled text layer, and keeps pages with real text as they are', async () => {
    const garbled = await parseInWorker('pdfjs/issue12963.pdf');
    expect(garbled.drawn.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(textOf(garbled)).not.toContain('Hanorosas');
    const paper = await parseInWorker('pdfjs/tracemonkey.pdf');
    expect(paper.drawn).toEqual([]);
    expect(textOf(paper)).toContain('Trace-based Just-in-Time');
  });
});
