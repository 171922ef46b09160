// The Models page's state: where model files come from (stored in settings), which models each task can
// use (the curated registry, plus this site's manifest when the source is "this site"), the model each
// task uses, and per model whether it is on this device, downloading (with progress), ready, or failed
// and why. Loading, joining, cancelling and unloading go through the one model service
// (src/services/model-service.ts); this class turns its events into what the page shows, and its views
// change only through them. Where models run (Settings → "Run models on") is stored here too.
import { createContext } from 'svelte';
import { errorForPeople } from '../core/errors';
import { planDevice, type PlanResult } from '../ml/loading/device-plan';
import { cachedUrls, fileUrls } from '../ml/loading/model-cache';
import type { LoadedModelInfo, ModelLoadProgress } from '../ml/loading/types';
import type { FileToFetch } from '../ml/loading/download';
import { readManifest } from '../ml/model-manifest';
import { DEFAULT_MODEL_HOST, modelFileUrl, type ModelHost } from '../ml/model-host';
import { ModelError } from '../ml/loading/model-errors';
import { fitsDevice, smallerModel, tooLargeWords, type Fit } from '../ml/registry/memory';
import {
  MODEL_REGISTRY,
  MODEL_TASKS,
  defaultModel,
  filesFor,
  tryDownloadBytes,
  type DeviceProfile,
  type ModelEntry,
  type ModelTask,
} from '../ml/registry';
import { ModelService, type ModelEvent } from '../services/model-service';
import { deviceMemoryGb } from '../services/model-memory';
import { workerForTask } from '../services/model-workers';
import type { Supervisor } from '../services/supervisor';
import type { CapabilitiesState } from './capabilities.svelte';
import {
  DEFAULT_RUNTIME,
  readModelHost,
  readRuntimeChoice,
  readTaskDefaults,
  writeModelHost,
  writeRuntimeChoice,
  writeTaskDefaults,
  type RuntimeChoice,
  type TaskDefaults,
} from './model-settings';
import type { StorageState } from './storage.svelte';

export type ModelStatus = 'checking' | 'absent' | 'downloading' | 'cached' | 'loaded' | 'failed';

export interface ModelView {
  status: ModelStatus;
  progress?: ModelLoadProgress;
  error?: string;
  loaded?: LoadedModelInfo;
  /** The answer of the last "Try it". */
  trial?: string;
}

/**
 * The tasks ThinkBank offers models for today: every registry task that something in the app uses.
 * Reranking has a registry entry but no code that runs it yet, so the Models page shows no section for it
 * and "available offline" fetches nothing for it.
 */
export const OFFERED_TASKS: readonly ModelTask[] = MODEL_TASKS.filter((task) => task !== 'reranking');

export class ModelsState {
  host = $state<ModelHost>(DEFAULT_MODEL_HOST);
  defaults = $state<TaskDefaults>({});
  runtime = $state<RuntimeChoice>(DEFAULT_RUNTIME);
  siteEntries = $state<ModelEntry[]>([]);
  manifestProblems = $state<string[]>([]);
  #views = $state<Record<string, ModelView>>({});
  /** Set while "Make everything available offline" runs. */
  isFetchingAll = $state(false);
  message = $state<string | undefined>();
  readonly service: ModelService;
  #ready: Promise<void> | undefined;

  constructor(
    private readonly storage: StorageState,
    private readonly capabilities: CapabilitiesState,
    readonly supervisor: () => Supervisor,
    private readonly appBase: () => string = () => document.baseURI,
    /** The device's memory in GB as the browser reports it (undefined where it does not say). */
    readonly memoryGb: number | undefined = deviceMemoryGb(),
  ) {
    this.service = new ModelService(supervisor, () => memoryGb);
    // For as long as this state lives (the app's life): every load, whoever asked, shows on the page.
    this.service.subscribe((event) => {
      this.#apply(event);
    });
  }

  start(): () => void {
    const stopService = this.service.start();
    this.#ready = this.reload();
    return stopService;
  }

  /**
   * Resolves once the stored choices are read and the cache checked after start, so a caller that picks
   * a model (chat's first question, the embedding model restored at start) picks the remembered one.
   */
  get ready(): Promise<void> {
    return this.#ready ?? Promise.resolve();
  }

  /** The page's view of one model, from the service's events. */
  #apply(event: ModelEvent): void {
    switch (event.kind) {
      case 'notice':
        this.message = event.message;
        return;
      case 'started':
        this.#views[event.key] = { status: 'downloading' };
        return;
      case 'progress': {
        const view = this.#views[event.key];
        if (view?.status === 'downloading') view.progress = event.progress;
        return;
      }
      case 'loaded':
        this.#views[event.key] = { status: 'loaded', loaded: event.info };
        return;
      case 'cached':
        this.#views[event.key] = { status: 'cached' };
        return;
      case 'removed':
        this.#views[event.key] = { status: 'absent' };
        return;
      case 'failed':
        this.#views[event.key] = { status: 'failed', error: event.error };
        return;
      case 'cancelled': {
        this.#views[event.key] = { status: 'absent' };
        const entry = this.entries.find((e) => e.key === event.key);
        if (entry) void this.refreshOne(entry);
        return;
      }
    }
  }

  /** Reads the stored choices and this site's manifest, then checks what is cached. */
  async reload(): Promise<void> {
    try {
      this.host = await readModelHost(this.storage.db);
      this.defaults = await readTaskDefaults(this.storage.db);
      this.runtime = await readRuntimeChoice(this.storage.db);
    } catch (error) {
      this.message = `Model settings could not be read: ${errorForPeople(error)}`;
    }
    await this.readManifest();
    await this.refreshCache();
  }

  private async readManifest(): Promise<void> {
    try {
      const read = await readManifest(this.host, this.appBase());
      this.siteEntries = read.entries;
      this.manifestProblems = read.problems;
    } catch (error) {
      this.siteEntries = [];
      this.manifestProblems = [`manifest: ${errorForPeople(error)}`];
    }
  }

  /** The device profile the Models page plans with (the worker plans the same way). */
  get profile(): DeviceProfile {
    const gpu = this.capabilities.current?.gpu;
    if (!gpu?.available) return 'wasm';
    return gpu.hasShaderF16 ? 'webgpu-f16' : 'webgpu';
  }

  get entries(): ModelEntry[] {
    return [...this.siteEntries, ...MODEL_REGISTRY];
  }

  modelsFor(task: ModelTask): ModelEntry[] {
    return this.entries.filter((entry) => entry.task === task);
  }

  /**
   * The model a task uses: the person's choice, else this site's first model, else the curated default —
   * or, when that does not fit this device's memory, the largest model of the task that does.
   */
  chosen(task: ModelTask): ModelEntry {
    const key = this.defaults[task];
    const picked = key === undefined ? undefined : this.entries.find((entry) => entry.key === key);
    if (picked) return picked;
    const site = this.siteEntries.find((entry) => entry.task === task);
    if (site) return site;
    const curated = defaultModel(task, this.profile);
    if (this.fit(curated).fits) return curated;
    return smallerModel(curated, this.modelsFor(task), this.planProfile(curated), this.memoryGb) ?? curated;
  }

  /** Whether `entry` fits this device's memory where it would run (ADR 0143). */
  fit(entry: ModelEntry): Fit {
    return tryDownloadBytes(entry, this.planProfile(entry)) === undefined
      ? { fits: true }
      : fitsDevice(entry, this.planProfile(entry), this.memoryGb);
  }

  /** Why `entry` is not offered on this device, or undefined when it fits. */
  tooLarge(entry: ModelEntry): string | undefined {
    const fit = this.fit(entry);
    if (fit.fits) return undefined;
    return tooLargeWords(
      entry,
      fit,
      smallerModel(entry, this.modelsFor(entry.task), this.planProfile(entry), this.memoryGb),
    );
  }

  plan(entry: ModelEntry): PlanResult | undefined {
    const caps = this.capabilities.current;
    return caps ? planDevice(entry, caps, this.runtime.device, this.runtime.maxThreads) : undefined;
  }

  view(key: string): ModelView {
    return this.#views[key] ?? { status: 'checking' };
  }

  /** Which models have every file of their planned device in the cache. */
  async refreshCache(): Promise<void> {
    await Promise.all(
      this.entries.map(async (entry) => {
        const current = this.#views[entry.key];
        if (
          current &&
          (current.status === 'downloading' || current.status === 'loaded' || current.status === 'failed')
        )
          return;
        const urls = this.urls(entry);
        const hits = await cachedUrls(urls);
        if (this.service.isRunning(entry.key) || this.service.loaded(entry.key)) return;
        this.#views[entry.key] = { status: hits.size === urls.length ? 'cached' : 'absent' };
      }),
    );
  }

  private urls(entry: ModelEntry): string[] {
    const files = filesFor(entry, this.planProfile(entry)).map((file) => file.path);
    return fileUrls(this.host, entry, files, this.appBase());
  }

  private planProfile(entry: ModelEntry): DeviceProfile {
    const planned = this.plan(entry);
    return planned?.ok ? planned.plan.profile : this.profile;
  }

  async setHost(host: ModelHost): Promise<string | undefined> {
    const result = await this.storage.write((db) => writeModelHost(db, host));
    if (!result.ok) return result.message;
    this.host = host;
    this.#views = {};
    await this.readManifest();
    await this.refreshCache();
    return undefined;
  }

  async setDefault(task: ModelTask, key: string): Promise<void> {
    const next = { ...this.defaults, [task]: key };
    const result = await this.storage.write((db) => writeTaskDefaults(db, next));
    if (result.ok) this.defaults = next;
    else this.message = result.message;
  }

  /**
   * Downloads a model by loading it in its task's worker, or (`load: false`) only fetches its files.
   * Joins a download already running; the outcome shows in the model's view.
   */
  async download(entry: ModelEntry, options: { load?: boolean } = {}): Promise<void> {
    await this.load(entry, undefined, options).catch((error: unknown) => {
      // The view says what went wrong; the page needs nothing more.
      if (this.view(entry.key).status !== 'failed' && this.view(entry.key).status !== 'absent')
        console.warn(`ThinkBank: ${entry.label} did not load`, error);
    });
  }

  /**
   * Loads `entry` (joining a load in flight) and resolves once it is loaded; rejects with why not. A
   * caller that stops waiting (`signal`) leaves the load to whoever else waits for it.
   */
  load(
    entry: ModelEntry,
    signal?: AbortSignal,
    options: { load?: boolean } = {},
  ): Promise<LoadedModelInfo | undefined> {
    const tooLarge = options.load === false ? undefined : this.tooLarge(entry);
    if (tooLarge !== undefined) {
      this.#views[entry.key] = { status: 'failed', error: tooLarge };
      return Promise.reject(new ModelError(tooLarge, 'model-out-of-memory'));
    }
    const job = {
      entry: $state.snapshot<ModelEntry>(entry),
      isCurated: MODEL_REGISTRY.some((curated) => curated.key === entry.key),
      host: $state.snapshot(this.host),
      appBase: this.appBase(),
      runtime: $state.snapshot(this.runtime),
      ...(options.load === false || workerForTask(entry.task) === undefined
        ? { filesOnly: this.filesToFetch(entry) }
        : {}),
    };
    return this.service.load(job, signal);
  }

  /** Frees a loaded model's memory (its files stay on the device). */
  unload(entry: ModelEntry): Promise<void> {
    return this.service.unload(entry);
  }

  /** Stores where models run and restarts the model workers, which read the thread count once. */
  async setRuntime(choice: RuntimeChoice): Promise<string | undefined> {
    const result = await this.storage.write((db) => writeRuntimeChoice(db, choice));
    if (!result.ok) return result.message;
    this.runtime = choice;
    // The choice is saved either way; a worker that does not come back shows on Diagnostics and is
    // started again by its next use.
    await this.service.restartWorkers().catch((error: unknown) => {
      console.warn('ThinkBank: a model worker did not restart after the runtime changed', error);
    });
    return undefined;
  }

  private filesToFetch(entry: ModelEntry): FileToFetch[] {
    return filesFor(entry, this.planProfile(entry)).map((file) => ({
      path: file.path,
      url: modelFileUrl(this.host, entry, file.path, this.appBase()),
      estimatedBytes: file.bytes,
    }));
  }

  cancel(key: string): void {
    this.service.cancel(key, 'Cancelled on the Models page.');
  }

  async remove(entry: ModelEntry): Promise<void> {
    const files = await this.service.remove(entry);
    this.message = `Removed ${entry.label} (${String(files)} files).`;
  }

  /** Embeds a sample sentence with a loaded text embedder and says what came back. */
  async tryEmbedder(entry: ModelEntry): Promise<void> {
    const view = this.#views[entry.key];
    if (!view) return;
    try {
      const t0 = performance.now();
      const result = await this.supervisor()
        .client('embed')
        .embed(['ThinkBank keeps my notes on this device.', 'A second passage.'], { kind: 'passage' });
      const ms = Math.round(performance.now() - t0);
      const norm = Math.hypot(...result.vectors.subarray(0, result.dims));
      view.trial = `${String(result.count)} vectors of ${String(result.dims)} numbers (${String(result.vectors.length)} values, length ${norm.toFixed(3)}) in ${String(ms)} ms.`;
    } catch (error) {
      view.trial = `It did not work: ${errorForPeople(error)}`;
    }
  }

  /** Downloads the model every task uses, one after another. */
  async downloadAll(): Promise<void> {
    this.isFetchingAll = true;
    try {
      for (const task of OFFERED_TASKS) {
        const entry = this.chosen(task);
        const status = this.view(entry.key).status;
        // Only the embedder is loaded: every other model would hold memory nobody asked for yet.
        if (status !== 'cached' && status !== 'loaded')
          await this.download(entry, { load: task === 'text-embedding' });
      }
    } finally {
      this.isFetchingAll = false;
    }
  }

  private async refreshOne(entry: ModelEntry): Promise<void> {
    const urls = this.urls(entry);
    const hits = await cachedUrls(urls);
    if (this.service.isRunning(entry.key)) return;
    this.#views[entry.key] = { status: hits.size === urls.length ? 'cached' : 'absent' };
  }
}

export const [getModels, setModels] = createContext<ModelsState>();
