// The ingest worker's work behind its thin entry file: one database connection, intake, and the job
// queue with the pipeline's dependencies — the embed worker (reached over the supervisor's peer port,
// handed in by the entry file so this module does not depend on the worker host) for vectors and the
// index hook for search.
import { ThinkBankDb } from '../db/database';
import { PeerMissingError, describeError } from '../core/errors';
import { intakeFiles, type IntakeFileInput, type IntakeOutcome } from './pipeline/intake';
import type { Embedder, PipelineDeps } from './pipeline/run-job';
import { estimateTokens, type CountTokens } from './pipeline/token-count';
import { JobQueue, type QueueOptions, type QueueStatus } from './queue/job-queue';
import { DEFAULT_MAX_BYTES } from './parsers/options';
import { INDEX_CHANNEL, type IndexEvent } from './ingest-keys';

/** What the pipeline needs of the embed worker (a subset of its contract). */
export interface EmbedPeer {
  info(signal: AbortSignal): Promise<{ modelKey: string; dimensions?: number } | undefined>;
  embed(
    texts: string[],
    signal: AbortSignal,
  ): Promise<{ vectors: Float32Array; dims: number; modelKey: string }>;
}

export class IngestService {
  readonly db: ThinkBankDb;
  private readonly queue: JobQueue;

  constructor(
    private readonly embedPeer: EmbedPeer,
    options: { db?: ThinkBankDb; queue?: Partial<QueueOptions>; maxFileBytes?: number } = {},
  ) {
    this.db = options.db ?? new ThinkBankDb();
    const deps: PipelineDeps = {
      db: this.db,
      embedder: (signal) => this.embedder(signal),
      tokenCounter: () => Promise.resolve<CountTokens>(estimateTokens),
      onIndexed: (event) => {
        const channel = new BroadcastChannel(INDEX_CHANNEL);
        channel.postMessage({ type: 'version-ready', ...event } satisfies IndexEvent);
        channel.close();
        return Promise.resolve();
      },
      maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_BYTES,
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
      console.warn(`ThinkBank: the embed worker did not answer (${describeError(error)}); keyword only`);
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

  startQueue(): Promise<QueueStatus> {
    this.queue.start();
    return this.queue.status();
  }

  stopQueue(): Promise<void> {
    return this.queue.stop();
  }

  async add(
    files: readonly IntakeFileInput[],
    options: { collectionId: string; maxFileBytes: number },
    signal: AbortSignal,
  ): Promise<IntakeOutcome[]> {
    const outcomes = await intakeFiles(this.db, files, { ...options, signal });
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
