// One job, stage by stage: parse → chunk → embed → index (ADR 0100). Each stage is idempotent, so a job
// resumed after a closed tab simply runs its stage again: chunking replaces the version's passages in one
// transaction (and moves the job to 'embed' in the same breath of progress), embedding deletes the
// version's vectors before writing new segments. Parse results are not stored: a job resumed before its
// passages were written parses again. The version becomes active only at the very end (finishVersion).
import { AdaptiveBatch } from '../../core/adaptive-batch';
import type { ThinkBankDb } from '../../db/database';
import { getVersion, setChunkedWith, setVersionImage } from '../../db/repositories/intake';
import { getSetting } from '../../db/repositories/settings';
import type { IngestJob, JobChanges } from '../../db/repositories/jobs';
import {
  countChunks,
  deleteVersionVectors,
  listChunks,
  putVectorSegment,
  replaceChunks,
  SEGMENT_ROWS,
} from '../../db/repositories/passages';
import { finishVersion } from '../../db/repositories/version-switch';
import type { ChunkRecord, DocumentType, JobStage } from '../../db/types';
import { embeddingText } from '../../core/chunking/chunker';
import type { Chunk, ParsedDocument } from '../../core/chunking/types';
import { AbortError } from '../../core/errors';
import { CorruptFileError, parseDocument } from '../parsers';
import { withBudget } from '../parsers/options';
import type { PdfAssetUrls } from '../../core/pdf-assets';
import { detectType } from '../detect';
import { KEEP_IMAGE_LOCATION_KEY } from '../ingest-keys';
import { readImage } from '../images/read-image';
import type { ImageDescriber, ImageTextReader, PictureEmbedder, PictureVector } from '../images/text-reader';
import { describePicture, type Caption } from '../images/read-image';
import { documentTypeOf } from './document-type';
import { ESTIMATE_COUNTER, chunkWithCounter, type TokenCounter } from './exact-chunking';
import { captionRecords, excluded, pictureRecords, storePictureVectors } from './picture-passages';
import { defined } from '../../core/defined';

/** An embedding model ready to use, as the pipeline needs it. */
export interface Embedder {
  modelId: string;
  embed(texts: string[], signal: AbortSignal): Promise<{ vectors: Float32Array; dims: number }>;
}

export interface PipelineDeps {
  db: ThinkBankDb;
  /** The embedding model ready now, or undefined (the job then completes keyword-only). */
  embedder(signal: AbortSignal): Promise<Embedder | undefined>;
  /** What the chunker counts tokens with: the embedding model's tokenizer when one is ready (ADR 0103). */
  tokenCounter(signal: AbortSignal): Promise<TokenCounter>;
  /**
   * The index stage: called once the version is active; resolves when search answers with its passages
   * (the search worker synced). The job succeeds only after it (ADR 0104).
   */
  onIndexed(event: { documentId: string; versionId: string }, signal: AbortSignal): Promise<void>;
  maxFileBytes: number;
  /**
   * Reads the words in a decoded image page (the OCR stage, issue 9). Without one, images are stored with
   * their thumbnail and no passages, and the job says so.
   */
  readImageText?: ImageTextReader;
  /** Describes an image in words (the captioning model, when one is ready); each description is a passage. */
  describeImage?: ImageDescriber;
  /** Embeds a picture with the image–text model, when one is ready: text queries then find it (ADR 0079). */
  embedPicture?: PictureEmbedder;
  /** Where pdf.js's decoders, fonts and CMaps are served (the app's pdfjs/ folder), once known. */
  pdfAssets?: () => PdfAssetUrls | undefined;
}

export interface JobRun {
  job: IngestJob;
  runId: string;
  signal: AbortSignal;
  password?: string;
  /** Saves progress; throws JobLostError when the run no longer owns the job. */
  report(changes: JobChanges, force?: boolean): Promise<void>;
}

/** Texts sent to the embed worker per call: big enough to batch, small enough to cancel promptly. */
export const EMBED_BATCH = 32;
/** One embed call should take about this long; slower devices send fewer texts per call. */
export const EMBED_CALL_TARGET_MS = 4_000;

function check(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new AbortError();
}

function toRecord(chunk: Chunk, job: IngestJob): ChunkRecord {
  const loc = chunk.location;
  const location: ChunkRecord['location'] =
    loc.type === 'pages'
      ? {
          ...(loc.pages[0] ? { page: loc.pages[0].page } : {}),
          pages: loc.pages.map((p) => ({ page: p.page, box: [p.box[0], p.box[1], p.box[2], p.box[3]] })),
        }
      : {
          anchor: {
            blockStart: loc.blockStart,
            blockEnd: loc.blockEnd,
            ...defined({ elementId: loc.elementId, charStart: loc.charStart, charEnd: loc.charEnd }),
          },
        };
  return {
    id: crypto.randomUUID(),
    documentId: job.documentId,
    versionId: job.versionId,
    ordinal: chunk.ordinal,
    kind: chunk.kind,
    text: chunk.text,
    headingPath: [...chunk.headingPath],
    location,
    tokenCount: chunk.tokenCount,
  };
}

class StageClock {
  private started = performance.now();
  readonly timings: Partial<Record<JobStage, number>>;
  constructor(previous: Partial<Record<JobStage, number>>) {
    this.timings = { ...previous };
  }
  next(stage: JobStage): Partial<Record<JobStage, number>> {
    const now = performance.now();
    this.timings[stage] = (this.timings[stage] ?? 0) + Math.round(now - this.started);
    this.started = now;
    return { ...this.timings };
  }
}

interface Parsed {
  document: ParsedDocument;
  type: DocumentType;
  mimeType: string;
  /** An image's descriptions: passages of kind `caption`, after the passages of its text. */
  captions?: readonly Caption[];
  /** An image's pages as vectors of an image–text model: each an `image` passage with that vector. */
  pictures?: readonly (PictureVector & { readonly page: number })[];
}

async function parse(deps: PipelineDeps, run: JobRun): Promise<Parsed> {
  const version = await getVersion(deps.db, run.job.versionId);
  const blob = version && (await deps.db.blobs.get(version.contentHash));
  if (!version || !blob) throw new CorruptFileError('its stored copy is missing');
  const bytes = new Uint8Array(await blob.data.arrayBuffer());
  const detected = detectType(bytes, version.fileName);
  const onPage = (done: number, pages: number) => run.report({ progress: done / pages });
  if (detected.kind === 'image') {
    const keepLocation = await getSetting(deps.db, KEEP_IMAGE_LOCATION_KEY, false, isBool);
    const { document, image, captions, pictures } = await withBudget({ signal: run.signal }, (budget) =>
      readImage(bytes, detected, {
        signal: run.signal,
        keepLocation,
        onPage,
        ...defined({
          readText: excluded(deps.readImageText, budget),
          describe: excluded(deps.describeImage, budget),
          embedPicture: excluded(deps.embedPicture, budget),
        }),
      }),
    );
    await setVersionImage(deps.db, version.id, {
      width: image.width,
      height: image.height,
      pages: image.pages,
      ...defined({ thumbnail: image.thumbnail, takenAt: image.takenAt, location: image.location }),
    });
    return { document, type: 'image', mimeType: detected.mime, captions, pictures };
  }
  const result = await parseDocument(bytes, {
    signal: run.signal,
    fileName: version.fileName,
    maxBytes: deps.maxFileBytes,
    onPage,
    ...defined({ password: run.password, readText: deps.readImageText }),
    ...deps.pdfAssets?.(),
  });
  const figures = result.document.figures ?? [];
  const captions: Caption[] = [];
  if (deps.describeImage && figures.length > 0) {
    for (const figure of figures) {
      const text = await describePicture(figure.data, figure.mimeType, deps.describeImage, run.signal);
      if (text) captions.push({ block: figure.blockIndex, text });
    }
  }
  return {
    document: result.document,
    type: documentTypeOf(result.type.kind),
    mimeType: result.type.mime,
    captions,
  };
}

const isBool = (value: unknown): value is boolean => typeof value === 'boolean';

function warningsOf(doc: ParsedDocument): string[] {
  const ocr = doc.metadata.pagesNeedingOcr ?? [];
  // An image's warnings (an animation cut to its first frame, scripts taken out of a drawing) are said as is.
  const words: string[] = doc.format === 'image' ? doc.warnings.map((w) => w.message) : [];
  if (ocr.length > 0) {
    const list = ocr.length > 8 ? `${ocr.slice(0, 8).join(', ')}…` : ocr.join(', ');
    words.push(
      `${String(ocr.length)} page${ocr.length === 1 ? '' : 's'} (${list}) have no text layer; their content needs OCR and is not searchable yet.`,
    );
  }
  return words;
}

async function embed(deps: PipelineDeps, run: JobRun, embedder: Embedder): Promise<void> {
  const { db } = deps;
  const { job, signal } = run;
  await deleteVersionVectors(db, job.versionId);
  // A picture passage has no text: its vector is the picture's, from the image–text model.
  const chunks = (await listChunks(db, job.versionId)).filter((c) => c.kind !== 'image');
  let pendingIds: string[] = [];
  let pending: Float32Array[] = [];
  let dims = 0;
  let written = 0;
  const flush = async () => {
    if (pendingIds.length === 0) return;
    const data = new Float32Array(pendingIds.length * dims);
    let offset = 0;
    for (const rows of pending) {
      data.set(rows, offset);
      offset += rows.length;
    }
    await putVectorSegment(
      db,
      {
        modelId: embedder.modelId,
        documentId: job.documentId,
        versionId: job.versionId,
        dimensions: dims,
        chunkIds: pendingIds,
        vectors: data,
      },
      written,
    );
    written += pendingIds.length;
    pendingIds = [];
    pending = [];
  };
  // Progress is written after each call: on a slow device calls get smaller, so it still moves.
  const calls = new AdaptiveBatch({ max: EMBED_BATCH, min: 4, targetMs: EMBED_CALL_TARGET_MS });
  for (let start = 0; start < chunks.length;) {
    check(signal);
    const batch = chunks.slice(start, start + calls.size);
    const t0 = performance.now();
    const result = await embedder.embed(batch.map(embeddingText), signal);
    calls.record(batch.length, performance.now() - t0);
    dims = result.dims;
    pendingIds.push(...batch.map((c) => c.id));
    pending.push(result.vectors);
    if (pendingIds.length >= SEGMENT_ROWS) await flush();
    start += batch.length;
    await run.report({ progress: start / chunks.length, counts: { ...run.job.counts, embedded: start } });
  }
  await flush();
}

/** Runs the job from its current stage to the end; throws what stopped it. */
export async function runJob(deps: PipelineDeps, run: JobRun): Promise<void> {
  const { db } = deps;
  const { job, signal } = run;
  const clock = new StageClock(job.timings);
  let parsed: Parsed | undefined;
  let pictureChunks: ChunkRecord[] = [];
  const resumeAfterChunking =
    (job.stage === 'embed' || job.stage === 'index') && (await countChunks(db, job.versionId)) > 0;

  if (!resumeAfterChunking) {
    await run.report({ stage: 'parse', progress: 0, stageStartedAt: Date.now() }, true);
    parsed = await parse(deps, run);
    check(signal);
    const pages = parsed.document.metadata.pageCount;
    run.job.counts = {
      ...defined({ pages }),
      pagesNeedingOcr: parsed.document.metadata.pagesNeedingOcr?.length ?? 0,
    };
    run.job.warnings = warningsOf(parsed.document);
    await run.report(
      {
        stage: 'chunk',
        progress: 0,
        counts: run.job.counts,
        warnings: run.job.warnings,
        timings: clock.next('parse'),
        stageStartedAt: Date.now(),
      },
      true,
    );
    const counter = await deps.tokenCounter(signal);
    const result = await chunkWithCounter(parsed.document, counter, signal);
    const chunks = result.chunks.map((c) => toRecord(c, job));
    chunks.push(...(await captionRecords(parsed.captions ?? [], job, chunks, counter, signal)));
    pictureChunks = pictureRecords(parsed.pictures ?? [], job, chunks.length);
    chunks.push(...pictureChunks);
    check(signal);
    await replaceChunks(db, job.versionId, chunks);
    await setChunkedWith(db, job.versionId, result.isExact ? counter.id : ESTIMATE_COUNTER);
    // Picture passages carry a vector, not words: the count is of passages a person can read.
    run.job.counts = { ...run.job.counts, passages: chunks.length - pictureChunks.length };
    await run.report(
      {
        stage: 'embed',
        progress: 0,
        counts: run.job.counts,
        timings: clock.next('chunk'),
        stageStartedAt: Date.now(),
      },
      true,
    );
  } else {
    run.job.counts = { ...run.job.counts, passages: await countChunks(db, job.versionId) };
  }

  const embedder = await deps.embedder(signal);
  if (embedder) await embed(deps, run, embedder);
  else await deleteVersionVectors(db, job.versionId);
  // A job resumed after chunking has no pictures in hand: its picture passages stay without vectors.
  if (parsed?.pictures && pictureChunks.length > 0) {
    await storePictureVectors(db, job, parsed.pictures, pictureChunks);
  }
  await run.report(
    {
      stage: 'index',
      progress: 0,
      isKeywordOnly: !embedder,
      timings: clock.next('embed'),
      stageStartedAt: Date.now(),
    },
    true,
  );
  check(signal);
  const doc = await db.documents.get(job.documentId);
  const type = parsed?.type ?? doc?.type ?? 'other';
  const isImageOnly = type === 'image' && (run.job.counts.passages ?? 0) === 0;
  const finished = await finishVersion(
    db,
    job.id,
    run.runId,
    {
      title: parsed?.document.metadata.title?.trim() || undefined,
      type,
      mimeType: parsed?.mimeType ?? doc?.mimeType ?? 'application/octet-stream',
      vectorModelId: embedder?.modelId,
    },
    {
      counts: run.job.counts,
      warnings: run.job.warnings,
      isKeywordOnly: !embedder,
      isImageOnly,
    },
    { keepRunning: true },
  );
  if (!finished) throw new JobLostError();
  // The version is active now; the job succeeds once search has its passages. Past this point the run
  // is not cancelled (the version is already the document's), it only finishes.
  await deps.onIndexed({ documentId: job.documentId, versionId: job.versionId }, signal);
  await run.report(
    { status: 'succeeded', stage: 'done', progress: 1, runId: undefined, timings: clock.next('index') },
    true,
  );
}

/** The run no longer owns its job: it was requeued as stale or cancelled while running. */
export class JobLostError extends Error {
  override readonly name = 'JobLostError';
  constructor() {
    super('This run no longer owns the job.');
  }
}
