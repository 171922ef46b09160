// pdf.js for Node (tests and benches): the legacy build, which carries the polyfills Node 20
// lacks, with its worker module registered for in-thread use. Never imported by app code.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { memoizeForgettingFailures } from '../../../core/memoize';
import type { PdfEngine, PdfJsLoader } from './pdfjs-loader';

export const loadNodePdfJs: PdfJsLoader = memoizeForgettingFailures(async (): Promise<PdfEngine> => {
  const [lib, worker] = await Promise.all([
    import('pdfjs-dist/legacy/build/pdf.mjs'),
    import('pdfjs-dist/legacy/build/pdf.worker.mjs'),
  ]);
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  return { lib };
});

const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Parser options for Node: the legacy build plus pdf.js's CMaps and standard fonts from disk. */
export const nodePdfOptions = {
  loadPdfJs: loadNodePdfJs,
  cMapUrl: join(root, 'cmaps') + '/',
  standardFontDataUrl: join(root, 'standard_fonts') + '/',
} as const;
