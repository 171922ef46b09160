// The ingest worker's work behind its thin entry file: one database connection, intake, and the job
// queue with the pipeline's dependencies — the embed worker (reached over the supervisor's peer port,
// handed in by the entry file so this module does not depend on the worker host) for vectors and the
// index hook for search.
import { ThinkBankDb } from '../db/database';
import { PeerMissingError, errorForLog } from '../core/errors';
import { intakeFiles, type IntakeFileInput, type IntakeOutcome } from './pipeline/intake';
import type { Embedder, PipelineDeps } from './pipeline/run-job';
import { estimateCounter, type TokenCounter } from './pipeline/exact-chunking';
import { queueVectorBackfill } from './queue/backfill';
import { JobQueue, type QueueOptions, type QueueStatus } from './queue/job-queue';
import { DEFAULT_MAX_BYTES } from './parsers/options';
import { INDEX_CHANNEL, KEEP_IMAGE_LOCATION_KEY, type IndexEvent } from './ingest-keys';
import { getSetting } from '../db/repositories/settings';
import { defined } from '../core/defined';
import type { ImageDescriber, ImageTextReader, PictureEmbedder } from './images/text-reader';
import type { PdfAssetUrls } from '../core/pdf-assets';

/** What the pipeline needs of the embed worker (a subset of its contract). */
export interface EmbedPeer {
  info(signal: AbortSignal): Promise<{ modelKey: string; dimensions?: number } | undefined>;
  embed(
    texts: string[],
    signal: AbortSignal,
  ): Promise<{ vectors: Float32Array; dims: number; modelKey: string }>;
  /** Token counts by the loaded model's tokenizer (ADR 0103). */
  countTokens(
    texts: string[],
    signal: AbortSignal,
  ): Promise<{ counts: number[]; modelKey: string; maxTokens: number }>;
}

/** What the index stage needs of the search worker: a sync that returns once passages are searchable. */
export interface SearchPeer {
  syncFromDb(signal: AbortSignal): Promise<unknown>;
}

/** Keyword-only documents are looked at for backfill at most this often (the page nudges every 5 s). */
const BACKFILL_EVERY_MS = 4_000;

export class IngestService {
  readonly db: ThinkBankDb;
  private readonly queue: JobQueue;
  private readonly searchPeer: SearchPeer | undefined;
  private backfilling: Promise<number> | undefined;
  private lastBackfill = 0;

  constructor(
    private readonly embedPeer: EmbedPeer,
    options: {
      db?: ThinkBankDb;
      queue?: Partial<QueueOptions>;
      maxFileBytes?: number;
      search?: SearchPeer;
      /** Reads the words in image pages (the OCR stage); without it images get no passages (ADR 0072). */
      readImageText?: ImageTextReader;
      /** Describes images in words when a captioning model is ready; each description is a passage. */
      describeImage?: ImageDescriber;
      /** Embeds pictures with the image–text model when one is ready (ADR 0079). */
      embedPicture?: PictureEmbedder;
      /** Where pdf.js's decoders, fonts and CMaps are served, once known. */
      pdfAssets?: () => PdfAssetUrls | undefined;
    } = {},
  ) {
    this.searchPeer = options.search;
    this.db = options.db ?? new ThinkBankDb();
    const deps: PipelineDeps = {
      db: this.db,
      embedder: (signal) => this.embedder(signal),
      tokenCounter: (signal) => this.tokenCounter(signal),
      onIndexed: (event, signal) => this.indexed(event, signal),
      maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_BYTES,
      ...defined({
        readImageText: options.readImageText,
        describeImage: options.describeImage,
        embedPicture: options.embedPicture,
        pdfAssets: options.pdfAssets,
      }),
    };
    this.queue = new JobQueue(deps, options.queue);
  }

  /** The embedding model ready in the embed worker, or undefined when none is (keyword-only, ADR 0102). */
  private async embedder(signal: AbortSignal): Promise<Embedder | undefined> {
    let info: Awaited<ReturnType<EmbedPeer['info']>>;
    try {
      info = await this.embedPeer.info(signal);
    } catch (error) {
      if (error instanceof PeerMissingError) return undefined;
      console.warn(`ThinkBank: the embed worker did not answer (${errorForLog(error)}); keyword only`);
      return undefined;
    }
    if (!info) return undefined;
    const peer = this.embedPeer;
    return {
      modelId: info.modelKey,
      async embed(texts, callSignal) {
        const result = await peer.embed(texts, callSignal);
        return { vectors: result.vectors, dims: result.dims };
      },
    };
  }

  /** The embedding model's tokenizer when a model is ready, else the estimate (ADR 0103). */
  private async tokenCounter(signal: AbortSignal): Promise<TokenCounter> {
    const peer = this.embedPeer;
    let probe: Awaited<ReturnType<EmbedPeer['countTokens']>>;
    try {
      probe = await peer.countTokens([''], signal);
    } catch (error) {
      if (signal.aborted) throw error;
      // No worker, or no model loaded ('model-not-loaded'): the documented estimate.
      return estimateCounter;
    }
    const modelKey = probe.modelKey;
    return {
      id: modelKey,
      maxTokens: probe.maxTokens,
      async count(texts, callSignal) {
        const result = await peer.countTokens(texts, callSignal);
        // Another model was loaded meanwhile: its counts would mix tokenizers, so the job stops and retries.
        if (result.modelKey !== modelKey)
          throw new Error('The embedding model changed while counting tokens.');
        return result.counts;
      },
    };
  }

  /** The index stage: search syncs from the database now, so the document is findable when the job is done. */
  private async indexed(
    event: { documentId: string; versionId: string },
    signal: AbortSignal,
  ): Promise<void> {
    const channel = new BroadcastChannel(INDEX_CHANNEL);
    channel.postMessage({ type: 'version-ready', ...event } satisfies IndexEvent);
    channel.close();
    if (!this.searchPeer) return;
    try {
      await this.searchPeer.syncFromDb(signal);
    } catch (error) {
      if (error instanceof PeerMissingError) return;
      // The search worker follows the database by itself (ADR 0110); it catches up after a restart.
      console.warn(`ThinkBank: search did not sync after ingest (${errorForLog(error)})`);
    }
  }

  startQueue(): Promise<QueueStatus> {
    this.queue.start();
    if (Date.now() - this.lastBackfill >= BACKFILL_EVERY_MS) void this.backfill();
    return this.queue.status();
  }

  /**
   * Queues vectors for keyword-only documents once an embedding model is ready (ADR 0105); answers how
   * many were queued. Runs one at a time; the writer tab's nudge calls it every few seconds.
   */
  backfill(): Promise<number> {
    this.backfilling ??= this.runBackfill().finally(() => {
      this.lastBackfill = Date.now();
      this.backfilling = undefined;
    });
    return this.backfilling;
  }

  private async runBackfill(): Promise<number> {
    const model = await this.embedder(AbortSignal.timeout(10_000));
    if (!model) return 0;
    const queued = await queueVectorBackfill(this.db, model.modelId).catch((error: unknown) => {
      console.warn('ThinkBank: could not queue vectors for keyword-only documents', error);
      return 0;
    });
    if (queued > 0) void this.queue.tick();
    return queued;
  }

  stopQueue(): Promise<void> {
    return this.queue.stop();
  }

  async add(
    files: readonly IntakeFileInput[],
    options: { collectionId: string; maxFileBytes: number },
    signal: AbortSignal,
  ): Promise<IntakeOutcome[]> {
    const keepImageLocation = await getSetting(
      this.db,
      KEEP_IMAGE_LOCATION_KEY,
      false,
      (value): value is boolean => typeof value === 'boolean',
    );
    const outcomes = await intakeFiles(this.db, files, { ...options, keepImageLocation, signal });
    void this.queue.tick();
    return outcomes;
  }

  status(): Promise<QueueStatus> {
    return this.queue.status();
  }

  pause(): Promise<void> {
    return this.queue.pause();
  }

  resume(): Promise<void> {
    return this.queue.resume();
  }

  cancel(jobId: string): Promise<void> {
    return this.queue.cancel(jobId);
  }

  retry(jobId: string, password?: string): Promise<void> {
    return this.queue.retry(jobId, password);
  }
}
