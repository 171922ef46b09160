// The Models page's state: where model files come from (stored in settings), which models each task can
// use (the curated registry, plus this site's manifest when the source is "this site"), the model each
// task uses, and per model whether it is on this device, downloading (with progress), ready, or failed
// and why. A model downloads by loading in its task's worker (so the device is proven; reranking, which
// has no worker yet, only fetches its files). Where models run (Settings → "Run models on") is stored
// here too. Actions are race-safe: one download per model, cancellable, and a removed model forgets
// its state.
import { createContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { AbortError, describeError, isAbortError } from '../core/errors';
import { planDevice, type PlanResult } from '../ml/loading/device-plan';
import { downloadToCache } from '../ml/loading/download';
import { cachedUrls, fileUrls, removeCachedModel } from '../ml/loading/model-cache';
import type { LoadedModelInfo, ModelLoadProgress } from '../ml/loading/types';
import { readManifest } from '../ml/model-manifest';
import { DEFAULT_MODEL_HOST, modelFileUrl, type ModelHost } from '../ml/model-host';
import {
  MODEL_REGISTRY,
  MODEL_TASKS,
  defaultModel,
  filesFor,
  type DeviceProfile,
  type ModelEntry,
  type ModelTask,
} from '../ml/registry';
import { getSupervisor } from '../services/workers';
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
import { loadInWorker, restartModelWorkers, unloadInWorker, workerForTask } from './model-workers';
import { deviceMemoryGb, modelsToUnload } from './model-memory';
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

export class ModelsState {
  host = $state<ModelHost>(DEFAULT_MODEL_HOST);
  defaults = $state<TaskDefaults>({});
  runtime = $state<RuntimeChoice>(DEFAULT_RUNTIME);
  siteEntries = $state<ModelEntry[]>([]);
  manifestProblems = $state<string[]>([]);
  views = $state<Record<string, ModelView>>({});
  /** Set while "Make everything available offline" runs. */
  isFetchingAll = $state(false);
  message = $state<string | undefined>();
  /** Downloads running now, by model key (a reactive map: buttons follow it). */
  #downloads = new SvelteMap<string, AbortController>();

  constructor(
    private readonly storage: StorageState,
    private readonly capabilities: CapabilitiesState,
    readonly supervisor: () => Supervisor = getSupervisor,
    private readonly appBase: () => string = () => document.baseURI,
  ) {}

  start(): () => void {
    void this.reload();
    return () => {
      for (const controller of this.#downloads.values()) controller.abort(new AbortError('The page closed.'));
    };
  }

  /** Reads the stored choices and this site's manifest, then checks what is cached. */
  async reload(): Promise<void> {
    try {
      this.host = await readModelHost(this.storage.db);
      this.defaults = await readTaskDefaults(this.storage.db);
      this.runtime = await readRuntimeChoice(this.storage.db);
    } catch (error) {
      this.message = `Model settings could not be read: ${describeError(error)}`;
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
      this.manifestProblems = [`manifest: ${describeError(error)}`];
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

  /** The model a task uses: the person's choice, else this site's first model, else the curated default. */
  chosen(task: ModelTask): ModelEntry {
    const key = this.defaults[task];
    const picked = key === undefined ? undefined : this.entries.find((entry) => entry.key === key);
    if (picked) return picked;
    const site = this.siteEntries.find((entry) => entry.task === task);
    return site ?? defaultModel(task, this.profile);
  }

  plan(entry: ModelEntry): PlanResult | undefined {
    const caps = this.capabilities.current;
    return caps ? planDevice(entry, caps, this.runtime.device, this.runtime.maxThreads) : undefined;
  }

  view(key: string): ModelView {
    return this.views[key] ?? { status: 'checking' };
  }

  /** Which models have every file of their planned device in the cache. */
  async refreshCache(): Promise<void> {
    await Promise.all(
      this.entries.map(async (entry) => {
        const current = this.views[entry.key];
        if (
          current &&
          (current.status === 'downloading' || current.status === 'loaded' || current.status === 'failed')
        )
          return;
        const urls = this.urls(entry);
        const hits = await cachedUrls(urls);
        this.views[entry.key] = { status: hits.size === urls.length ? 'cached' : 'absent' };
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
    this.views = {};
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
   * Joins a download already running.
   */
  async download(entry: ModelEntry, options: { load?: boolean } = {}): Promise<void> {
    if (this.#downloads.has(entry.key)) return;
    const controller = new AbortController();
    this.#downloads.set(entry.key, controller);
    this.views[entry.key] = { status: 'downloading' };
    const onProgress = (progress: ModelLoadProgress) => {
      const view = this.views[entry.key];
      if (view?.status === 'downloading') view.progress = progress;
    };
    try {
      const worker = options.load === false ? undefined : workerForTask(entry.task);
      if (worker) {
        await this.makeRoomFor(entry);
        const loaded = await loadInWorker(this.supervisor(), worker, {
          entry: $state.snapshot(entry),
          isCurated: MODEL_REGISTRY.some((curated) => curated.key === entry.key),
          host: $state.snapshot(this.host),
          appBase: this.appBase(),
          runtime: $state.snapshot(this.runtime),
          signal: controller.signal,
          onProgress,
        });
        this.forgetOthersLoaded(entry);
        this.views[entry.key] = { status: 'loaded', loaded };
      } else {
        await this.fetchFiles(entry, controller.signal, onProgress);
        this.views[entry.key] = { status: 'cached' };
      }
    } catch (error) {
      this.views[entry.key] = isAbortError(error)
        ? { status: 'absent' }
        : { status: 'failed', error: describeError(error).replace(/^\w*Error: /, '') };
      if (isAbortError(error)) await this.refreshOne(entry);
    } finally {
      this.#downloads.delete(entry.key);
    }
  }

  /** On a device with little memory, unloads the other generative models first (ADR 0142). */
  private async makeRoomFor(entry: ModelEntry): Promise<void> {
    const memoryGb = deviceMemoryGb();
    const loaded = this.entries.filter((other) => this.views[other.key]?.status === 'loaded');
    const unload = modelsToUnload(entry.task, loaded, memoryGb);
    for (const other of unload) {
      await unloadInWorker(this.supervisor(), other);
      this.views[other.key] = { status: 'cached' };
    }
    if (unload.length > 0) {
      const names = unload.map((other) => other.label).join(' and ');
      this.message = `Unloaded ${names} to make room for ${entry.label}: this device has ${String(memoryGb)} GB of memory. It loads again when needed.`;
    }
  }

  /** A worker holds one model per task: the one loaded before is now only cached. */
  private forgetOthersLoaded(entry: ModelEntry): void {
    for (const other of this.modelsFor(entry.task)) {
      if (other.key !== entry.key && this.views[other.key]?.status === 'loaded') {
        this.views[other.key] = { status: 'cached' };
      }
    }
  }

  /** Stores where models run and restarts the model workers, which read the thread count once. */
  async setRuntime(choice: RuntimeChoice): Promise<string | undefined> {
    const result = await this.storage.write((db) => writeRuntimeChoice(db, choice));
    if (!result.ok) return result.message;
    this.runtime = choice;
    // The choice is saved either way; a worker that does not come back shows on Diagnostics and is
    // started again by its next use.
    await restartModelWorkers(this.supervisor()).catch((error: unknown) => {
      console.warn('ThinkBank: a model worker did not restart after the runtime changed', error);
    });
    for (const [key, view] of Object.entries(this.views)) {
      if (view.status === 'loaded') this.views[key] = { status: 'cached' };
    }
    return undefined;
  }

  private async fetchFiles(
    entry: ModelEntry,
    signal: AbortSignal,
    onProgress: (progress: ModelLoadProgress) => void,
  ): Promise<void> {
    const files = filesFor(entry, this.planProfile(entry)).map((file) => ({
      path: file.path,
      url: modelFileUrl(this.host, entry, file.path, this.appBase()),
      estimatedBytes: file.bytes,
    }));
    const progress: Record<string, { loaded: number; total: number }> = Object.fromEntries(
      files.map((file) => [file.path, { loaded: 0, total: file.estimatedBytes }]),
    );
    await downloadToCache(files, {
      signal,
      onFile: (file) => {
        progress[file.path] = { loaded: file.loadedBytes, total: file.totalBytes };
        const loadedBytes = Object.values(progress).reduce((sum, p) => sum + p.loaded, 0);
        const totalBytes = Object.values(progress).reduce((sum, p) => sum + p.total, 0);
        onProgress({
          modelKey: entry.key,
          phase: 'downloading',
          loadedBytes,
          totalBytes,
          percent: totalBytes > 0 ? (loadedBytes / totalBytes) * 100 : 0,
          files: [],
        });
      },
    });
  }

  cancel(key: string): void {
    this.#downloads.get(key)?.abort(new AbortError('Cancelled on the Models page.'));
  }

  async remove(entry: ModelEntry): Promise<void> {
    this.cancel(entry.key);
    if (this.views[entry.key]?.status === 'loaded') {
      await unloadInWorker(this.supervisor(), entry).catch((error: unknown) => {
        console.warn(`ThinkBank: could not unload ${entry.label} before removing it`, error);
      });
    }
    const removed = await removeCachedModel(entry);
    this.message = `Removed ${entry.label} (${String(removed.files)} files).`;
    this.views[entry.key] = { status: 'absent' };
  }

  /** Embeds a sample sentence with a loaded text embedder and says what came back. */
  async tryEmbedder(entry: ModelEntry): Promise<void> {
    const view = this.views[entry.key];
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
      view.trial = `It did not work: ${describeError(error)}`;
    }
  }

  /** Downloads the model every task uses, one after another. */
  async downloadAll(): Promise<void> {
    this.isFetchingAll = true;
    try {
      for (const task of MODEL_TASKS) {
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
    this.views[entry.key] = { status: hits.size === urls.length ? 'cached' : 'absent' };
  }
}

export const [getModels, setModels] = createContext<ModelsState>();
