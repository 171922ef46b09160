// The ingest worker's API: intake (hash, dedup, store) and the durable job queue that parses, chunks,
// embeds and indexes each file (ADR 0100). Only the writer tab starts the queue. Type-only.
import type { IntakeFileInput, IntakeOutcome } from '../../src/ingest/pipeline/intake';
import type { QueueStatus } from '../../src/ingest/queue/job-queue';
import type { BaseApi } from './base';

export type { IntakeFileInput, IntakeOutcome, QueueStatus };

export interface AddOptions {
  collectionId: string;
  /** Files over this size are not added; the answer says why. */
  maxFileBytes: number;
}

export interface IngestApi extends BaseApi {
  /**
   * Works on another database from now on (tests give each their own); the queue of the previous one is
   * stopped first. Without a call the worker uses the app's database.
   */
  open(options: { databaseName: string }): Promise<void>;
  /**
   * Starts the queue in this worker (writer tab only); calling it again does nothing. `appBase` (the
   * page's document.baseURI) says where the app's own model files are: the OCR that reads words in images
   * loads from there; without it images are stored with no passages.
   */
  startQueue(options?: { appBase: string }): Promise<QueueStatus>;
  /** Stops the queue; running jobs go back to the queue for whichever tab writes next. */
  stopQueue(): Promise<void>;
  /** Hashes and stores files (Blobs are cloned by reference, not copied) and queues a job for each. */
  add(files: IntakeFileInput[], options: AddOptions): Promise<IntakeOutcome[]>;
  status(): Promise<QueueStatus>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(jobId: string): Promise<void>;
  /** Runs a failed, cancelled or password-waiting job again; a password is kept in memory only. */
  retry(jobId: string, options?: { password?: string }): Promise<void>;
}
