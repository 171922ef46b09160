// The one place models are loaded, joined, cancelled and unloaded on the main thread, for every caller:
// the Models page, chat, and whatever else needs a model. A model "downloads" by loading in its task's
// worker (so a model marked loaded has proven it runs here), or, for a task without a worker, by
// fetching its files. One job per model: a second caller joins the job in flight and hears its
// progress; a caller that stops waiting leaves it, and the job is cancelled only when nobody waits or
// on an explicit cancel. A failure is not kept: the next call starts afresh. The service knows which
// model each worker holds, forgets them when that worker is replaced (it starts empty), and on a device
// with little memory unloads the other generative models before a new one loads (ADR 0142). No Svelte:
// the Models state turns its events into what the page shows.
import { AbortError, errorForPeople, isAbortError } from '../core/errors';
import { SharedJob } from '../core/shared-job';
import { downloadToCache, type FileToFetch } from '../ml/loading/download';
import { removeCachedModel } from '../ml/loading/model-cache';
import type { LoadedModelInfo, ModelLoadProgress } from '../ml/loading/types';
import type { ModelHost } from '../ml/model-host';
import type { ModelEntry } from '../ml/registry';
import { deviceMemoryGb, modelsToUnload } from './model-memory';
import {
  MODEL_WORKERS,
  loadInWorker,
  restartModelWorkers,
  unloadInWorker,
  workerForTask,
  type ModelWorker,
  type RuntimeChoice,
} from './model-workers';
import type { Supervisor } from './supervisor';
import type { WorkerStatus } from './worker-config';

export interface ModelJob {
  entry: ModelEntry;
  /** False for entries outside the curated registry (this site's manifest): the worker gets the entry. */
  isCurated: boolean;
  host: ModelHost;
  appBase: string;
  runtime: RuntimeChoice;
  /** Fetch these files into the cache instead of loading the model in a worker. */
  filesOnly?: FileToFetch[];
}

export type ModelEvent =
  | { kind: 'started'; key: string }
  | { kind: 'progress'; key: string; progress: ModelLoadProgress }
  | { kind: 'loaded'; key: string; info: LoadedModelInfo }
  /** On the device, not loaded: fetched only, unloaded, or its worker was replaced. */
  | { kind: 'cached'; key: string }
  | { kind: 'cancelled'; key: string }
  | { kind: 'failed'; key: string; error: string }
  | { kind: 'removed'; key: string }
  | { kind: 'notice'; message: string };

interface Held {
  entry: ModelEntry;
  info: LoadedModelInfo;
  worker: ModelWorker;
}

/** Worker states after which a worker holds no model (a replaced worker starts empty). */
const LOST: ReadonlySet<WorkerStatus> = new Set(['crashed', 'restarting', 'hung', 'open']);

export class ModelService {
  readonly #jobs = new Map<string, SharedJob<LoadedModelInfo | undefined>>();
  readonly #held = new Map<string, Held>();
  readonly #listeners = new Set<(event: ModelEvent) => void>();

  constructor(
    readonly supervisor: () => Supervisor,
    private readonly memoryGb: () => number | undefined = () => deviceMemoryGb(),
  ) {}

  /** Forgets the models of a worker that is replaced; returns the cleanup. */
  start(): () => void {
    const unsubscribe = this.supervisor().subscribe((workers) => {
      for (const w of workers) {
        if (LOST.has(w.status) && (MODEL_WORKERS as readonly string[]).includes(w.name))
          this.#forget(w.name as ModelWorker);
      }
    });
    return () => {
      unsubscribe();
      for (const job of this.#jobs.values()) job.abort(new AbortError('The page closed.'));
    };
  }

  subscribe(listener: (event: ModelEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  isRunning(key: string): boolean {
    return this.#jobs.has(key);
  }

  /** The loaded model's info, when its worker holds it now. */
  loaded(key: string): LoadedModelInfo | undefined {
    return this.#held.get(key)?.info;
  }

  /**
   * Loads a model (or fetches its files), joining a job in flight for the same model. Resolves with the
   * loaded model's info (undefined for files only); rejects with the failure, or an AbortError when
   * cancelled or when `signal` (this caller stops waiting) aborts.
   */
  load(job: ModelJob, signal?: AbortSignal): Promise<LoadedModelInfo | undefined> {
    const key = job.entry.key;
    if (signal?.aborted) return Promise.reject(new AbortError(`Loading ${job.entry.label} was cancelled.`));
    let running = this.#jobs.get(key);
    if (!running) {
      const created = new SharedJob((jobSignal) =>
        this.#run(job, jobSignal).finally(() => {
          if (this.#jobs.get(key) === created) this.#jobs.delete(key);
        }),
      );
      this.#jobs.set(key, created);
      running = created;
    }
    return running.join(signal, () => new AbortError(`Loading ${job.entry.label} was cancelled.`));
  }

  /** Stops a model's job, whoever waits for it. */
  cancel(key: string, reason = 'Cancelled.'): void {
    this.#jobs.get(key)?.abort(new AbortError(reason));
  }

  /** Frees a loaded model's memory in its worker; its files stay cached. */
  async unload(entry: ModelEntry): Promise<void> {
    await unloadInWorker(this.supervisor(), entry);
    this.#drop(entry.key);
  }

  /** Cancels, unloads and removes a model's files; returns how many files went. */
  async remove(entry: ModelEntry): Promise<number> {
    this.cancel(entry.key, 'The model was removed.');
    if (this.#held.has(entry.key)) {
      await this.unload(entry).catch((error: unknown) => {
        console.warn(`ThinkBank: could not unload ${entry.label} before removing it`, error);
      });
    }
    const removed = await removeCachedModel(entry);
    this.#emit({ kind: 'removed', key: entry.key });
    return removed.files;
  }

  /** Replaces the running model workers (a new device or thread count); they come back empty. */
  async restartWorkers(): Promise<void> {
    await restartModelWorkers(this.supervisor());
    for (const worker of MODEL_WORKERS) this.#forget(worker);
  }

  async #run(job: ModelJob, signal: AbortSignal): Promise<LoadedModelInfo | undefined> {
    const { entry } = job;
    const key = entry.key;
    this.#emit({ kind: 'started', key });
    const onProgress = (progress: ModelLoadProgress) => {
      this.#emit({ kind: 'progress', key, progress });
    };
    try {
      const worker = job.filesOnly ? undefined : workerForTask(entry.task);
      if (!worker) {
        await this.#fetch(key, job.filesOnly ?? [], signal, onProgress);
        this.#emit({ kind: 'cached', key });
        return undefined;
      }
      await this.#makeRoomFor(entry);
      const info = await loadInWorker(this.supervisor(), worker, {
        entry,
        isCurated: job.isCurated,
        host: job.host,
        appBase: job.appBase,
        runtime: job.runtime,
        signal,
        onProgress,
      });
      // A worker holds one model per task: the one it held before is now only cached.
      for (const [other, held] of [...this.#held]) {
        if (held.worker === worker && held.entry.task === entry.task && other !== key) this.#drop(other);
      }
      this.#held.set(key, { entry, info, worker });
      this.#emit({ kind: 'loaded', key, info });
      return info;
    } catch (error) {
      if (isAbortError(error) || signal.aborted) {
        this.#emit({ kind: 'cancelled', key });
        throw isAbortError(error) ? error : new AbortError(`Loading ${entry.label} was cancelled.`);
      }
      this.#emit({ kind: 'failed', key, error: errorForPeople(error) });
      throw error;
    }
  }

  /** On a device with little memory, unloads the other generative models first (ADR 0142). */
  async #makeRoomFor(entry: ModelEntry): Promise<void> {
    const memoryGb = this.memoryGb();
    const loaded = [...this.#held.values()].map((held) => held.entry);
    const unload = modelsToUnload(entry.task, loaded, memoryGb);
    for (const other of unload) await this.unload(other);
    if (unload.length > 0) {
      const names = unload.map((other) => other.label).join(' and ');
      this.#emit({
        kind: 'notice',
        message: `Unloaded ${names} to make room for ${entry.label}: this device has ${String(memoryGb)} GB of memory. It loads again when needed.`,
      });
    }
  }

  async #fetch(
    key: string,
    files: readonly FileToFetch[],
    signal: AbortSignal,
    onProgress: (progress: ModelLoadProgress) => void,
  ): Promise<void> {
    const progress = new Map(files.map((file) => [file.path, { loaded: 0, total: file.estimatedBytes }]));
    await downloadToCache(files, {
      signal,
      onFile: (file) => {
        progress.set(file.path, { loaded: file.loadedBytes, total: file.totalBytes });
        const all = [...progress.values()];
        const loadedBytes = all.reduce((sum, p) => sum + p.loaded, 0);
        const totalBytes = all.reduce((sum, p) => sum + p.total, 0);
        onProgress({
          modelKey: key,
          phase: 'downloading',
          loadedBytes,
          totalBytes,
          percent: totalBytes > 0 ? (loadedBytes / totalBytes) * 100 : 0,
          files: [],
        });
      },
    });
  }

  #forget(worker: ModelWorker): void {
    for (const [key, held] of [...this.#held]) if (held.worker === worker) this.#drop(key);
  }

  #drop(key: string): void {
    if (!this.#held.delete(key)) return;
    this.#emit({ kind: 'cached', key });
  }

  #emit(event: ModelEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
