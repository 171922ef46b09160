// The Models feature's stored choices: where model files come from and the model each task uses.
// Kept in the settings table under our own keys; a stored value of the wrong shape falls back to the
// default (older data, a bug), as every settings reader does.
import { getSetting, setSetting } from '../db/repositories/settings';
import type { ThinkBankDb } from '../db/database';
import type { DevicePreference } from '../ml/loading/types';
import { DEFAULT_MODEL_HOST, validateCustomBaseUrl, type ModelHost } from '../ml/model-host';
import { MODEL_TASKS, type ModelTask } from '../ml/registry';

export const HOST_KEY = 'models.host';
export const DEFAULTS_KEY = 'models.defaults';

export type TaskDefaults = Partial<Record<ModelTask, string>>;

export function isModelHost(value: unknown): value is ModelHost {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v['kind'] === 'hub' || v['kind'] === 'site') return true;
  return (
    v['kind'] === 'custom' &&
    (v['layout'] === 'hub' || v['layout'] === 'folder') &&
    typeof v['baseUrl'] === 'string' &&
    validateCustomBaseUrl(v['baseUrl']).ok
  );
}

function isTaskDefaults(value: unknown): value is TaskDefaults {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).every(
    ([task, key]) => (MODEL_TASKS as readonly string[]).includes(task) && typeof key === 'string',
  );
}

export function readModelHost(db: ThinkBankDb): Promise<ModelHost> {
  return getSetting(db, HOST_KEY, DEFAULT_MODEL_HOST, isModelHost);
}

export function readTaskDefaults(db: ThinkBankDb): Promise<TaskDefaults> {
  return getSetting(db, DEFAULTS_KEY, {}, isTaskDefaults);
}

export function writeModelHost(db: ThinkBankDb, host: ModelHost): Promise<void> {
  return setSetting(db, HOST_KEY, host);
}

export function writeTaskDefaults(db: ThinkBankDb, defaults: TaskDefaults): Promise<void> {
  return setSetting(db, DEFAULTS_KEY, defaults);
}

export const RUNTIME_KEY = 'models.runtime';

/** Settings → "Run models on": where models run, and at most how many processor threads WASM uses. */
export interface RuntimeChoice {
  device: DevicePreference;
  /** Undefined: as many as the device allows. */
  maxThreads?: number;
}

export const DEFAULT_RUNTIME: RuntimeChoice = { device: 'auto' };

function isRuntimeChoice(value: unknown): value is RuntimeChoice {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const threads = v['maxThreads'];
  return (
    (v['device'] === 'auto' || v['device'] === 'wasm' || v['device'] === 'webgpu') &&
    (threads === undefined || (typeof threads === 'number' && Number.isInteger(threads) && threads >= 1))
  );
}

export function readRuntimeChoice(db: ThinkBankDb): Promise<RuntimeChoice> {
  return getSetting(db, RUNTIME_KEY, DEFAULT_RUNTIME, isRuntimeChoice);
}

export function writeRuntimeChoice(db: ThinkBankDb, choice: RuntimeChoice): Promise<void> {
  return setSetting(db, RUNTIME_KEY, choice);
}

export const LIBRARY_EMBEDDER_KEY = 'models.library-embedder';

const isKey = (value: unknown): value is string | undefined => typeof value === 'string';

/**
 * The embedding model this library's vectors are made with (ADR 0094): written whenever a text
 * embedder loads, read at start so the same model loads again when something needs it.
 */
export function readLibraryEmbedder(db: ThinkBankDb): Promise<string | undefined> {
  return getSetting<string | undefined>(db, LIBRARY_EMBEDDER_KEY, undefined, isKey);
}

export function writeLibraryEmbedder(db: ThinkBankDb, key: string): Promise<void> {
  return setSetting(db, LIBRARY_EMBEDDER_KEY, key);
}
