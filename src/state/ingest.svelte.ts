// Adding documents, as the Library and Activity pages see it: hands files (Blobs, cloned by reference,
// never read here) to the ingest worker, shows what became of each, follows the jobs and documents from
// any tab, and applies pause, resume, cancel, retry and delete. Only the writer tab runs the queue
// (ADR 0011): it is started when this tab becomes the writer, stopped when it stops being one, and
// nudged every few seconds so a restarted ingest worker picks the queue up again.
import { createContext } from 'svelte';
import { errorForPeople } from '../core/errors';
import { getSetting, setSetting } from '../db/repositories/settings';
import { deleteDocuments, listDocuments } from '../db/repositories/documents';
import { ACTIVE_STATUSES, listJobs, normalizeJob, type IngestJob } from '../db/repositories/jobs';
import { normalizeVersion } from '../db/repositories/intake';
import { DEFAULT_COLLECTION_ID } from '../db/schema';
import type { DocumentRecord } from '../db/types';
import type { ThinkBankDb } from '../db/database';
import {
  DEFAULT_MAX_FILE_BYTES,
  INDEX_CHANNEL,
  KEEP_IMAGE_LOCATION_KEY,
  MAX_FILE_KEY,
  PAUSED_KEY,
  type IndexEvent,
} from '../ingest/ingest-keys';
import type { IntakeFileInput, IntakeOutcome } from '../../workers/contracts/ingest';
import type { Supervisor } from '../services/supervisor';
import type { LiveValue, StorageState } from './storage.svelte';
import { defined } from '../core/defined';

const NUDGE_MS = 5_000;

export interface LibraryDocument extends DocumentRecord {
  passages: number;
  versionNumber: number;
  isKeywordOnly: boolean;
  job: IngestJob | undefined;
}

const isPositive = (value: unknown): value is number => typeof value === 'number' && value > 0;
const isBool = (value: unknown): value is boolean => typeof value === 'boolean';

async function readLibrary(db: ThinkBankDb, collectionId: string): Promise<LibraryDocument[]> {
  const docs = await listDocuments(db, collectionId);
  return Promise.all(
    docs.map(async (doc) => {
      const jobs = (await db.jobs.where('documentId').equals(doc.id).toArray()).map(normalizeJob);
      const job = jobs.sort((a, b) => b.createdAt - a.createdAt)[0];
      const versionRow =
        doc.activeVersionId === undefined ? undefined : await db.versions.get(doc.activeVersionId);
      const version = versionRow && normalizeVersion(versionRow);
      const passages =
        version === undefined ? 0 : await db.chunks.where('versionId').equals(version.id).count();
      return {
        ...doc,
        passages,
        versionNumber: version?.number ?? 0,
        isKeywordOnly: version !== undefined && version.vectorModelId === undefined,
        job,
      };
    }),
  );
}

export class IngestState {
  readonly jobs: LiveValue<IngestJob[]>;
  readonly isPaused: LiveValue<boolean>;
  readonly maxFileBytes: LiveValue<number>;
  /** Keep the GPS position photos carry (off: it is dropped before the file is stored). */
  readonly keepImageLocation: LiveValue<boolean>;
  /** What became of the files added last, one line each. */
  outcomes = $state<IntakeOutcome[]>([]);
  isAdding = $state(false);
  message = $state<string | undefined>();
  collectionId = $state(DEFAULT_COLLECTION_ID);
  /** The documents of the chosen collection; a new live query whenever the choice changes. */
  readonly documents: LiveValue<LibraryDocument[]> = $derived.by(() => {
    const collectionId = this.collectionId;
    return this.storage.live((db) => readLibrary(db, collectionId), []);
  });

  constructor(
    private readonly storage: StorageState,
    private readonly supervisor: () => Supervisor,
  ) {
    this.jobs = storage.live((db) => listJobs(db), []);
    this.isPaused = storage.live((db) => getSetting(db, PAUSED_KEY, false, isBool), false);
    this.maxFileBytes = storage.live(
      (db) => getSetting(db, MAX_FILE_KEY, DEFAULT_MAX_FILE_BYTES, isPositive),
      DEFAULT_MAX_FILE_BYTES,
    );
    this.keepImageLocation = storage.live(
      (db) => getSetting(db, KEEP_IMAGE_LOCATION_KEY, false, isBool),
      false,
    );
  }

  private get client() {
    return this.supervisor().client('ingest');
  }

  private get isWriter(): boolean {
    return this.storage.status === 'ready' && this.storage.role === 'writer';
  }

  start(): () => void {
    let isRunning = false;
    const sync = () => {
      if (this.isWriter) {
        // Nothing to import and no embedding model to backfill with: the workers stay unstarted.
        if (this.activeCount === 0 && !this.isEmbedRunning) return;
        isRunning = true;
        this.client.startQueue({ appBase: document.baseURI }).catch((error: unknown) => {
          this.message = `The import queue could not start: ${errorForPeople(error)}`;
        });
      } else if (isRunning) {
        isRunning = false;
        this.client.stopQueue().catch((error: unknown) => {
          console.warn('ThinkBank: could not stop the import queue', error);
        });
      }
    };
    const stopEffect = $effect.root(() => {
      $effect(sync);
    });
    const timer = setInterval(sync, NUDGE_MS);
    return () => {
      clearInterval(timer);
      stopEffect();
    };
  }

  /** A started embed worker may hold a model that keyword-only documents can get vectors from (ADR 0105). */
  private get isEmbedRunning(): boolean {
    return this.supervisor()
      .snapshot()
      .some((w) => w.name === 'embed' && w.status !== 'not-started');
  }

  get activeCount(): number {
    return this.jobs.current.filter((job) => ACTIVE_STATUSES.includes(job.status)).length;
  }

  /** Hands files to the ingest worker; the page only passes File references, it never reads them. */
  async add(files: IntakeFileInput[]): Promise<void> {
    const reason = this.storage.readOnlyReason;
    if (reason) {
      this.message = reason;
      return;
    }
    if (files.length === 0) return;
    this.isAdding = true;
    this.message = undefined;
    try {
      this.outcomes = await this.client
        .with({ timeoutMs: Math.max(60_000, files.length * 30_000) })
        .add(files, { collectionId: this.collectionId, maxFileBytes: this.maxFileBytes.current });
    } catch (error) {
      this.message = `The files were not added: ${errorForPeople(error)}`;
    } finally {
      this.isAdding = false;
    }
  }

  addText = (title: string, text: string): Promise<void> => {
    const name =
      title.trim() ||
      `Note ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.now())}`;
    return this.add([{ name, data: new Blob([text], { type: 'text/plain' }) }]);
  };

  async setMaxFileBytes(bytes: number): Promise<void> {
    const result = await this.storage.write((db) => setSetting(db, MAX_FILE_KEY, bytes));
    if (!result.ok) this.message = result.message;
  }

  async setKeepImageLocation(keep: boolean): Promise<void> {
    const result = await this.storage.write((db) => setSetting(db, KEEP_IMAGE_LOCATION_KEY, keep));
    if (!result.ok) this.message = result.message;
  }

  private async act(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.message = `Could not ${what}: ${errorForPeople(error)}`;
    }
  }

  pause = () => this.act('pause', () => this.client.pause());
  resume = () => this.act('resume', () => this.client.resume());
  cancel = (jobId: string) => this.act('cancel', () => this.client.cancel(jobId));
  retry = (jobId: string, password?: string) =>
    this.act('retry', () => this.client.retry(jobId, defined({ password })));

  /** Deletes a document with its blob, versions, passages and vectors; running work on it stops first. */
  async remove(doc: LibraryDocument): Promise<void> {
    const active = this.jobs.current.filter(
      (job) => job.documentId === doc.id && ACTIVE_STATUSES.includes(job.status),
    );
    for (const job of active) await this.cancel(job.id);
    const result = await this.storage.write((db) => deleteDocuments(db, [doc.id]));
    if (!result.ok) {
      this.message = result.message;
      return;
    }
    const channel = new BroadcastChannel(INDEX_CHANNEL);
    channel.postMessage({ type: 'document-deleted', documentId: doc.id } satisfies IndexEvent);
    channel.close();
    this.message = `Deleted “${doc.title}”.`;
  }
}

export const [getIngest, setIngest] = createContext<IngestState>();
