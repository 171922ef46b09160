// Which worker runs each model task, and loading or unloading a model there with progress on a port.
// The Models page "downloads" a model by loading it in its worker, so a model marked ready has proven
// it runs on this device; reranking has no worker yet, so its files are only fetched.
import type { WorkerName } from '../../workers/contracts';
import type { DevicePreference, LoadedModelInfo, ModelLoadProgress } from '../ml/loading/types';
import type { ModelHost } from '../ml/model-host';
import type { ModelEntry, ModelTask } from '../ml/registry';
import type { Supervisor } from './supervisor';
import { defined } from '../core/defined';

export type ModelWorker = Extract<WorkerName, 'embed' | 'llm' | 'vision' | 'speech'>;

export const MODEL_WORKERS: readonly ModelWorker[] = ['embed', 'llm', 'vision', 'speech'];

export function workerForTask(task: ModelTask): ModelWorker | undefined {
  switch (task) {
    case 'text-embedding':
      return 'embed';
    case 'chat':
      return 'llm';
    case 'captioning':
    case 'image-text-embedding':
      return 'vision';
    case 'speech-to-text':
      return 'speech';
    case 'reranking':
      return undefined;
  }
}

/** Where models run: the Settings choice, as the workers take it. */
export interface RuntimeChoice {
  device: DevicePreference;
  /** Undefined: as many as the device allows. */
  maxThreads?: number;
}

export interface WorkerLoadRequest {
  entry: ModelEntry;
  /** Set for entries outside the curated registry (this site's manifest), which the worker cannot look up. */
  isCurated: boolean;
  host: ModelHost;
  appBase: string;
  runtime: RuntimeChoice;
  signal: AbortSignal;
  onProgress: (progress: ModelLoadProgress) => void;
}

/** Loads `entry` in its worker; no time limit (a download may be long), cancelled by `signal`. */
export async function loadInWorker(
  supervisor: Supervisor,
  worker: ModelWorker,
  request: WorkerLoadRequest,
): Promise<LoadedModelInfo> {
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<ModelLoadProgress>) => {
    request.onProgress(event.data);
  };
  const options = {
    host: request.host,
    appBase: request.appBase,
    device: request.runtime.device,
    ...defined({ maxThreads: request.runtime.maxThreads }),
    ...(request.isCurated ? {} : { entry: request.entry }),
    progress: channel.port2,
  };
  const call = { signal: request.signal, timeoutMs: Number.POSITIVE_INFINITY, transfer: [channel.port2] };
  try {
    switch (worker) {
      case 'embed':
        return await supervisor.client('embed').with(call).load(request.entry.key, options);
      case 'llm':
        return await supervisor.client('llm').with(call).load(request.entry.key, options);
      case 'vision':
        return await supervisor.client('vision').with(call).load(request.entry.key, options);
      case 'speech':
        return await supervisor.client('speech').with(call).load(request.entry.key, options);
    }
  } finally {
    channel.port1.close();
  }
}

/** Frees a loaded model's sessions in its worker (before its files are removed). */
export function unloadInWorker(supervisor: Supervisor, entry: ModelEntry): Promise<void> {
  switch (workerForTask(entry.task)) {
    case 'embed':
      return supervisor.client('embed').unload();
    case 'llm':
      return supervisor.client('llm').unload();
    case 'vision':
      return supervisor
        .client('vision')
        .unload(entry.task === 'captioning' ? 'captioning' : 'image-text-embedding');
    case 'speech':
      return supervisor.client('speech').unload();
    case undefined:
      return Promise.resolve();
  }
}

/** Replaces the model workers that run, so a new thread count or device takes effect (ORT reads it once). */
export async function restartModelWorkers(supervisor: Supervisor): Promise<void> {
  const running = supervisor
    .snapshot()
    .filter((w) => (MODEL_WORKERS as readonly string[]).includes(w.name) && w.status !== 'not-started');
  await Promise.all(running.map((w) => supervisor.restart(w.name)));
}
