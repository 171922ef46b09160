// The one model a worker keeps loaded for a task (the chat model, the captioner, the CLIP towers, the
// speech recogniser), on top of the generic ModelLoader: resolves the key against the registry or the
// entry the caller sent, posts load progress to the caller's port, swaps out the previous model (memory
// holds one per task), and answers "not loaded yet" in words a person understands.
import { ModelLoader, type BuildContext, type Disposable, type Loaded } from '../loading/model-loader';
import { ModelError } from '../loading/model-errors';
import type { DevicePreference, LoadedModelInfo, ModelLoadProgress } from '../loading/types';
import type { ModelHost } from '../model-host';
import { findModel, type ModelEntry, type ModelTask } from '../registry';
import { defined } from '../../core/defined';

export interface TaskLoadOptions {
  host: ModelHost;
  appBase: string;
  /** The entry for a key outside the curated registry (a self-hosted `models/manifest.json`). */
  entry?: ModelEntry;
  device?: DevicePreference;
  /** At most this many WASM threads (the "Threads" setting); the device's own limit otherwise. */
  maxThreads?: number;
  /** ModelLoadProgress messages are posted here; it is closed when the load ends. */
  progress?: MessagePort;
}

export class CurrentModel<T extends Disposable> {
  private readonly loader: ModelLoader<T>;
  private current: Loaded<T> | undefined;
  private currentEntry: ModelEntry | undefined;

  constructor(
    private readonly tasks: readonly ModelTask[],
    private readonly what: string,
    build: (context: BuildContext) => Promise<T>,
    options: { onGpuLost?: (reason: string) => void } = {},
  ) {
    this.loader = new ModelLoader(build, options);
  }

  async load(modelKey: string, options: TaskLoadOptions, signal: AbortSignal): Promise<Loaded<T>> {
    const port = options.progress;
    try {
      const entry = options.entry ?? findModel(modelKey);
      if (entry?.key !== modelKey) {
        throw new ModelError(
          `There is no model called "${modelKey}" in this version of ThinkBank.`,
          'model-unknown',
        );
      }
      if (!this.tasks.includes(entry.task)) {
        throw new ModelError(`${entry.label} cannot be used as the ${this.what}.`, 'model-unknown');
      }
      const loaded = await this.loader.load(
        {
          entry,
          host: options.host,
          appBase: options.appBase,
          device: options.device ?? 'auto',
          ...defined({ maxThreads: options.maxThreads }),
        },
        {
          signal,
          onProgress: (progress: ModelLoadProgress) => {
            port?.postMessage(progress);
          },
        },
      );
      const previous = this.current?.info.modelKey;
      if (previous !== undefined && previous !== modelKey) await this.loader.unload(previous);
      this.current = loaded;
      this.currentEntry = entry;
      return loaded;
    } finally {
      port?.close();
    }
  }

  /** The loaded model, or a clear error when none is. */
  require(): Loaded<T> {
    if (!this.current) {
      throw new ModelError(`No ${this.what} is loaded yet. Load one on the Models page.`, 'model-not-loaded');
    }
    return this.current;
  }

  /** The registry (or manifest) entry of the loaded model. */
  entry(): ModelEntry | undefined {
    return this.current ? this.currentEntry : undefined;
  }

  info(): LoadedModelInfo | undefined {
    return this.current?.info;
  }

  /** The loaded model itself, if one is. */
  loadedValue(): T | undefined {
    return this.current?.value;
  }

  async unload(): Promise<void> {
    const key = this.current?.info.modelKey;
    this.current = undefined;
    this.currentEntry = undefined;
    if (key !== undefined) await this.loader.unload(key);
  }
}
