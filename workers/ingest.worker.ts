// Entry point of the ingest worker: serves its contract. Intake, the job queue and the pipeline live in
// src/ingest; the embed worker is reached directly through a port the supervisor attaches (host.ts
// `peer`), so passages and vectors never pass through the main thread; the search worker likewise, so
// the index stage can wait until a document is searchable.
import { IngestService } from '../src/ingest/ingest-service';
import { ThinkBankDb } from '../src/db/database';
import { defined } from '../src/core/defined';
import { ocrTextLines } from '../src/ingest/images/ocr-lines';
import { pdfAssetUrls } from '../src/core/pdf-assets';
import type { DecodedPage, PictureVector, TextLine } from '../src/ingest/images/text-reader';
import type { IngestApi, IntakeFileInput } from './contracts/ingest';
import { baseApi, peer, serve, type CallContext } from './host';

/** Embedding a batch of passages may take a while on a slow device (WASM, first call compiles). */
const EMBED_TIMEOUT_MS = 180_000;

/** A first sync of a large library can take a while; later ones take milliseconds. */
const SYNC_TIMEOUT_MS = 120_000;

/** Where the app's own files are (set by startQueue): PP-OCR's models load from there. */
let appBase: string | undefined;

/** The words in a decoded image page or a drawn PDF page, read by the vision worker's OCR (ADR 0076). */
async function readImageText(page: DecodedPage, signal: AbortSignal): Promise<TextLine[]> {
  if (appBase === undefined) {
    page.bitmap.close();
    return [];
  }
  const result = await peer('vision')
    .with({ signal, timeoutMs: Number.POSITIVE_INFINITY, transfer: [page.bitmap] })
    .readText(page.bitmap, { appBase });
  return ocrTextLines(result);
}

/**
 * A sentence describing a picture, from the captioning model when the vision worker holds one (loaded from
 * the Models page); undefined otherwise, and the image is stored without a description.
 */
async function describeImage(image: Blob, signal: AbortSignal): Promise<string | undefined> {
  const vision = peer('vision');
  const { captioning } = await vision.with({ signal, timeoutMs: 10_000 }).info();
  if (!captioning) return undefined;
  const { text } = await vision.with({ signal, timeoutMs: Number.POSITIVE_INFINITY }).caption(image);
  return text;
}

/** The picture's vector from the image–text model when the vision worker holds one; undefined otherwise. */
async function embedPicture(image: Blob, signal: AbortSignal): Promise<PictureVector | undefined> {
  const vision = peer('vision');
  const { imageText } = await vision.with({ signal, timeoutMs: 10_000 }).info();
  if (!imageText) return undefined;
  const result = await vision.with({ signal, timeoutMs: Number.POSITIVE_INFINITY }).embedImage([image]);
  return { vector: result.vectors.subarray(0, result.dims), modelId: result.modelKey };
}

function createService(db?: ThinkBankDb): IngestService {
  return new IngestService(
    {
      info: (signal) => peer('embed').with({ signal, timeoutMs: 10_000 }).info(),
      embed: (texts, signal) =>
        peer('embed').with({ signal, timeoutMs: EMBED_TIMEOUT_MS }).embed(texts, { kind: 'passage' }),
      countTokens: (texts, signal) => peer('embed').with({ signal, timeoutMs: 60_000 }).countTokens(texts),
    },
    {
      ...defined({ db }),
      search: {
        syncFromDb: (signal) => peer('search').with({ signal, timeoutMs: SYNC_TIMEOUT_MS }).syncFromDb(),
      },
      readImageText,
      describeImage,
      embedPicture,
      pdfAssets: () => (appBase === undefined ? undefined : pdfAssetUrls(appBase)),
    },
  );
}

let service = createService();

const api = {
  ...baseApi,
  async open(this: CallContext, options: { databaseName: string }) {
    await service.stopQueue();
    service.db.close();
    service = createService(new ThinkBankDb(options.databaseName));
  },
  startQueue(this: CallContext, options?: { appBase: string }) {
    if (options) appBase = options.appBase;
    return service.startQueue();
  },
  stopQueue(this: CallContext) {
    return service.stopQueue();
  },
  add(this: CallContext, files: IntakeFileInput[], options: { collectionId: string; maxFileBytes: number }) {
    return service.add(files, options, this.signal);
  },
  status(this: CallContext) {
    return service.status();
  },
  pause(this: CallContext) {
    return service.pause();
  },
  resume(this: CallContext) {
    return service.resume();
  },
  cancel(this: CallContext, jobId: string) {
    return service.cancel(jobId);
  },
  retry(this: CallContext, jobId: string, options?: { password?: string }) {
    return service.retry(jobId, options?.password);
  },
} satisfies IngestApi;

serve('ingest', api);
