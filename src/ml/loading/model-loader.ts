// Loads models inside a worker, generic over the task: the caller supplies `build`, which turns the
// cached files into something that runs (an embedder, a generator…). Each model key loads ONCE: later
// callers join the same promise and its progress; a failed or cancelled load is forgotten so it can be
// retried. Steps: choose the device (refuse at once if the model cannot run here) → check free space →
// download missing files into the cache with byte progress → build from the cache → ready.
import { AbortError, isAbortError } from '../../core/errors';
import { probeGpu } from '../capabilities';
import { appFolder, modelFileUrl, type ModelHost } from '../model-host';
import { MODEL_REGISTRY, filesFor, type DeviceProfile, type ModelEntry } from '../registry';
import { deviceMemoryGb, isOutOfMemoryMessage, outOfMemoryWords, smallerModel } from '../registry/memory';
import { planDevice, type DeviceFacts } from './device-plan';
import { downloadToCache, type FileToFetch } from './download';
import { cachedUrls, removeCachedModel } from './model-cache';
import { ModelError } from './model-errors';
import { applyRuntimeSettings, webGpuDevice, withActiveLoad } from './runtime-env';
import { loadBudgetMs, watchSessionRuns } from './long-steps';
import { longStep } from '../../core/long-step';
import { memoizeForgettingFailures } from '../../core/memoize';
import { SharedJob } from '../../core/shared-job';
import type { DevicePlan, DevicePreference, FileProgress, LoadedModelInfo, ModelLoadProgress } from './types';

export interface LoadRequest {
  entry: ModelEntry;
  host: ModelHost;
  appBase: string;
  device?: DevicePreference;
  /** Caps WASM threads; ORT reads the count once per worker, so a new cap needs a fresh worker. */
  maxThreads?: number;
}

/** What `build` gets: the entry, the device plan and the options every from_pretrained call takes. */
export interface BuildContext {
  entry: ModelEntry;
  plan: DevicePlan;
  pretrained: {
    revision: string;
    device: DevicePlan['device'];
    dtype: DevicePlan['dtype'];
  };
  /** Declares every run of a transformers.js model's sessions as a long step (ADR 0022); returns it. */
  readonly watch: <M extends object>(model: M) => M;
}

export interface Disposable {
  dispose(): Promise<unknown>;
}

export interface Loaded<T> {
  info: LoadedModelInfo;
  value: T;
}

export interface LoaderOptions {
  /** Device facts; defaults to probing this worker once. */
  facts?: () => Promise<DeviceFacts>;
  /** Called when the GPU device a loaded model uses is lost (the worker reports it and is replaced). */
  onGpuLost?: (reason: string) => void;
}

export interface LoadCallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ModelLoadProgress) => void;
}

interface Pending<T> {
  job: SharedJob<Loaded<T>>;
  listeners: Set<(progress: ModelLoadProgress) => void>;
  last?: ModelLoadProgress;
  /** The load succeeded (a failed one is forgotten at once). */
  settled: boolean;
}

/** This worker's device facts, probed once (a failed probe is forgotten). */
export const probeDeviceFacts: () => Promise<DeviceFacts> = memoizeForgettingFailures(async () => ({
  gpu: await probeGpu(),
  crossOriginIsolated: globalThis.crossOriginIsolated,
  hardwareConcurrency: globalThis.navigator.hardwareConcurrency,
}));

export class ModelLoader<T extends Disposable> {
  private readonly loads = new Map<string, Pending<T>>();

  constructor(
    private readonly build: (context: BuildContext) => Promise<T>,
    private readonly options: LoaderOptions = {},
  ) {}

  /** Loads (or joins the load of) a model; aborting `signal` stops waiting, and the load if no one else waits. */
  load(request: LoadRequest, call: LoadCallOptions = {}): Promise<Loaded<T>> {
    const key = loadKey(request);
    let pending = this.loads.get(key);
    if (!pending) {
      const created: Pending<T> = {
        listeners: new Set(),
        settled: false,
        job: new SharedJob((signal) =>
          this.run(request, signal, (progress) => {
            created.last = progress;
            for (const listener of created.listeners) listener(progress);
          }).then(
            (loaded) => {
              created.settled = true;
              return loaded;
            },
            (error: unknown) => {
              // Forget the failure, so the next call tries again.
              if (this.loads.get(key) === created) this.loads.delete(key);
              throw error;
            },
          ),
        ),
      };
      this.loads.set(key, created);
      pending = created;
    }
    return this.join(pending, call);
  }

  /** The loaded value for a model key, if its load finished. */
  async loaded(modelKey: string): Promise<Loaded<T> | undefined> {
    for (const [key, pending] of this.loads) {
      if (pending.settled && key.startsWith(`${modelKey}\n`)) return pending.job.promise;
    }
    return undefined;
  }

  /** Frees a model's sessions; a load in flight is cancelled. */
  async unload(modelKey: string): Promise<void> {
    for (const [key, pending] of [...this.loads]) {
      if (!key.startsWith(`${modelKey}\n`)) continue;
      this.loads.delete(key);
      if (!pending.settled) {
        pending.job.abort(new AbortError('The model was unloaded.'));
        continue;
      }
      const { value } = await pending.job.promise;
      await value.dispose();
    }
  }

  private join(pending: Pending<T>, call: LoadCallOptions): Promise<Loaded<T>> {
    const { signal, onProgress } = call;
    if (signal?.aborted) return Promise.reject(new AbortError('The model load was cancelled.'));
    if (onProgress) {
      pending.listeners.add(onProgress);
      if (pending.last) onProgress(pending.last);
    }
    return pending.job.join(
      signal,
      () => new AbortError('The model load was cancelled.', { cause: signal?.reason }),
      () => {
        if (onProgress) pending.listeners.delete(onProgress);
      },
    );
  }

  private async run(
    request: LoadRequest,
    signal: AbortSignal,
    emit: (progress: ModelLoadProgress) => void,
  ): Promise<Loaded<T>> {
    const started = performance.now();
    const { entry, host, appBase } = request;
    const facts = await (this.options.facts ?? probeDeviceFacts)();
    const planned = planDevice(entry, facts, request.device, request.maxThreads);
    if (!planned.ok) throw new ModelError(planned.reason, 'model-device-unsupported');
    const plan = planned.plan;
    applyRuntimeSettings({ host, appBase, threads: plan.threads });

    const model = { repo: entry.repo, revision: entry.revision };
    const files: FileToFetch[] = filesFor(entry, plan.profile).map((file) => ({
      path: file.path,
      url: modelFileUrl(host, model, file.path, appBase),
      estimatedBytes: file.bytes,
    }));
    const tracker = new ProgressTracker(entry.key, files, emit);
    await ensureSpace(files, entry.label);

    const downloadedBytes = await downloadToCache(files, {
      signal,
      onFile: (file) => {
        tracker.update(file);
      },
    });
    tracker.phase('loading');
    const active = {
      pinnedPrefix: modelFileUrl(host, model, '', appBase),
      mainPrefix: modelFileUrl(host, { repo: entry.repo, revision: 'main' }, '', appBase),
      signal,
    };
    const bytes = files.reduce((sum, file) => sum + file.estimatedBytes, 0);
    let value: T;
    try {
      // Creating the sessions blocks this thread; the step tells the supervisor it is busy, not hung.
      value = await longStep({ label: `loading ${entry.label}`, budgetMs: loadBudgetMs(bytes) }, () =>
        withActiveLoad(active, () =>
          this.build({
            entry,
            plan,
            pretrained: { revision: entry.revision, device: plan.device, dtype: plan.dtype },
            watch: (model) => watchSessionRuns(model, entry.label, bytes),
          }),
        ),
      );
    } catch (error) {
      throw await explainBuildFailure(error, entry, plan.profile, signal);
    }
    if (signal.aborted) {
      await value.dispose();
      throw new AbortError('The model load was cancelled.');
    }
    if (plan.device === 'webgpu') this.watchGpu();
    tracker.phase('ready');
    const info: LoadedModelInfo = {
      modelKey: entry.key,
      task: entry.task,
      plan,
      downloadedBytes,
      loadMs: Math.round(performance.now() - started),
    };
    return { info, value };
  }

  private watchGpu(): void {
    const onLost = this.options.onGpuLost;
    if (!onLost) return;
    webGpuDevice()
      .then(async (gpu) => {
        if (!gpu) return;
        const info = await gpu.lost;
        if (info.reason !== 'destroyed') onLost(info.message || 'the GPU device was lost');
      })
      .catch((error: unknown) => {
        console.warn('ThinkBank: the WebGPU device cannot be watched for loss', error);
      });
  }
}

function loadKey(request: LoadRequest): string {
  const { entry } = request;
  return `${entry.key}\n${entry.revision}\n${JSON.stringify(request.host)}\n${appFolder(request.appBase)}\n${request.device ?? 'auto'}\n${String(request.maxThreads ?? '')}`;
}

/** Refuses before downloading when the browser's quota cannot hold the missing files. */
async function ensureSpace(files: readonly FileToFetch[], label: string): Promise<void> {
  const storage = globalThis.navigator.storage as StorageManager | undefined;
  if (!storage) return;
  const cached = await cachedUrls(files.map((file) => file.url));
  const missing = files
    .filter((file) => !cached.has(file.url))
    .reduce((sum, file) => sum + file.estimatedBytes, 0);
  if (missing === 0) return;
  const { usage, quota } = await storage.estimate();
  if (usage === undefined || quota === undefined) return;
  const free = quota - usage;
  if (missing > free) {
    throw new ModelError(
      `${label} needs about ${mb(missing)} but this browser lets ThinkBank store only ${mb(free)} more. Remove other models or free space.`,
      'model-storage-full',
    );
  }
}

function mb(bytes: number): string {
  return `${String(Math.max(1, Math.round(bytes / 1e6)))} MB`;
}

/** A build failure with every file present means a file is damaged (or the runtime failed): say which. */
async function explainBuildFailure(
  error: unknown,
  entry: ModelEntry,
  profile: DeviceProfile,
  signal: AbortSignal,
): Promise<Error> {
  if (isAbortError(error) || signal.aborted)
    return new AbortError('The model load was cancelled.', { cause: error });
  if (error instanceof ModelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isOutOfMemoryMessage(message)) {
    const smaller = smallerModel(entry, MODEL_REGISTRY, profile, deviceMemoryGb());
    return new ModelError(outOfMemoryWords(entry, smaller), 'model-out-of-memory', { cause: error });
  }
  if (/protobuf|pars|JSON|invalid|corrupt|unexpected/i.test(message)) {
    // Drop the damaged copy, so "Download" fetches it again instead of failing the same way.
    await removeCachedModel({ repo: entry.repo, revision: entry.revision });
    return new ModelError(
      `A file of ${entry.label} is damaged and could not be read, so it was removed from this device. Download it again; if it keeps failing, the copy on the model host is broken.`,
      'model-file-corrupt',
      { cause: error },
    );
  }
  return new ModelError(`${entry.label} could not be started: ${message}`, 'model-load-failed', {
    cause: error,
  });
}

/** Folds per-file updates into one progress value for the caller. */
class ProgressTracker {
  private readonly files: FileProgress[];
  private current: ModelLoadProgress['phase'] = 'downloading';

  constructor(
    private readonly modelKey: string,
    files: readonly FileToFetch[],
    private readonly emit: (progress: ModelLoadProgress) => void,
  ) {
    this.files = files.map((file) => ({
      path: file.path,
      loadedBytes: 0,
      totalBytes: file.estimatedBytes,
      state: 'waiting',
    }));
    this.send();
  }

  update(file: FileProgress): void {
    const index = this.files.findIndex((f) => f.path === file.path);
    if (index >= 0) this.files[index] = file;
    this.send();
  }

  phase(phase: ModelLoadProgress['phase']): void {
    this.current = phase;
    this.send();
  }

  private send(): void {
    const loadedBytes = this.files.reduce((sum, f) => sum + f.loadedBytes, 0);
    const totalBytes = this.files.reduce((sum, f) => sum + f.totalBytes, 0);
    const percent = totalBytes > 0 ? Math.min(100, (loadedBytes / totalBytes) * 100) : 0;
    this.emit({
      modelKey: this.modelKey,
      phase: this.current,
      loadedBytes,
      totalBytes,
      percent: this.current === 'downloading' ? percent : 100,
      files: this.files.map((f) => ({ ...f })),
    });
  }
}
