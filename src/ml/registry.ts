// ThinkBank's curated models, one module to import: the entries (pinned to hub commits), lookups, the
// per-device dtype choice and the files each choice downloads. Pure data and functions with no DOM or
// Node API, because the workers (which load models) and the UI (which shows and picks them) both use it.
// Choices and sources: docs/decisions/0080-curated-model-registry.md.

import { GENERATIVE_ENTRIES } from './registry/entries-generative';
import { RETRIEVAL_ENTRIES } from './registry/entries-retrieval';
import type { DeviceProfile, ModelEntry, ModelTask } from './registry/types';

export type * from './registry/types';
export { MODEL_TASKS } from './registry/types';
export {
  DTYPE_SUFFIX,
  F16_DTYPES,
  deviceProfile,
  downloadBytes,
  dtypeFor,
  filesFor,
  onnxFileName,
  sessionDtype,
  tryDownloadBytes,
} from './registry/files';
export { validateRegistry } from './registry/validate';

export const MODEL_REGISTRY: readonly ModelEntry[] = [...RETRIEVAL_ENTRIES, ...GENERATIVE_ENTRIES];

/** The entry for a key, or undefined (stored settings may name a model a later version removed). */
export function findModel(
  key: string,
  registry: readonly ModelEntry[] = MODEL_REGISTRY,
): ModelEntry | undefined {
  return registry.find((entry) => entry.key === key);
}

/** The entry for a key the code itself names; a missing one is a programming error. */
export function getModel(key: string, registry: readonly ModelEntry[] = MODEL_REGISTRY): ModelEntry {
  const entry = findModel(key, registry);
  if (!entry) throw new Error(`Unknown model "${key}"`);
  return entry;
}

export function modelsForTask(
  task: ModelTask,
  registry: readonly ModelEntry[] = MODEL_REGISTRY,
): ModelEntry[] {
  return registry.filter((entry) => entry.task === task);
}

/**
 * The model a task uses when the person has not chosen one. On WASM a default that names a
 * `wasmFallback` (a chat model too heavy for CPU threads) gives way to that smaller entry.
 */
export function defaultModel(
  task: ModelTask,
  profile: DeviceProfile,
  registry: readonly ModelEntry[] = MODEL_REGISTRY,
): ModelEntry {
  const entry = registry.find((candidate) => candidate.task === task && candidate.isDefault);
  if (!entry) throw new Error(`No default model for ${task}`);
  if (profile === 'wasm' && entry.wasmFallback !== undefined) {
    return getModel(entry.wasmFallback, registry);
  }
  return entry;
}
