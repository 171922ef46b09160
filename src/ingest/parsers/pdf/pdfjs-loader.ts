// Loads pdf.js for the ingest worker. pdf.js normally spawns its own worker; the ingest worker is
// already off the main thread, so pdf.js runs in-thread through its "fake worker" (the worker
// module registered on globalThis.pdfjsWorker). No DOM, canvas or font loading is involved in
// text extraction. Node (tests, benches) lacks APIs the modern build needs and uses
// `pdfjs-node.ts` instead, passed in through the parser options.
export type PdfJs = typeof import('pdfjs-dist');

/** Loads a pdf.js build; rejects are not cached so a failed load can be retried. */
export type PdfJsLoader = () => Promise<PdfJs>;

let loading: Promise<PdfJs> | undefined;

export const loadBrowserPdfJs: PdfJsLoader = () => {
  loading ??= (async () => {
    const [lib, worker] = await Promise.all([
      import('pdfjs-dist'),
      import('pdfjs-dist/build/pdf.worker.mjs'),
    ]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return lib;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
};
