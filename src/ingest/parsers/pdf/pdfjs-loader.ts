// Loads pdf.js for the ingest worker. Each document is parsed in its own pdf.js worker, nested in
// the ingest worker and created here through Vite's `?worker` import: importing pdf.js's worker
// module in-thread instead would make it take over the ingest worker's own message port (it
// initialises itself on `self`), and a nested worker can be terminated when a hostile file hangs.
// No DOM, canvas or font loading is involved in text extraction. Node (tests, benches) lacks APIs
// the modern build needs and uses `pdfjs-node.ts`, passed in through the parser options.
import { memoizeForgettingFailures } from '../../../core/memoize';

export type PdfJs = typeof import('pdfjs-dist');

export interface PdfEngine {
  readonly lib: PdfJs;
  /** Starts a fresh pdf.js worker for one document; absent where pdf.js runs in-thread (Node). */
  readonly createPort?: () => Worker;
}

/** Loads a pdf.js build; rejects are not cached so a failed load can be retried. */
export type PdfJsLoader = () => Promise<PdfEngine>;

export const loadBrowserPdfJs: PdfJsLoader = memoizeForgettingFailures(async () => {
  const [lib, worker] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs?worker'),
  ]);
  const PdfWorker = worker.default;
  return { lib, createPort: () => new PdfWorker({ name: 'pdf.js' }) };
});
