// Which loaded models make room for a new one. A browser gives a page no memory-pressure signal, but
// it does say roughly how much memory the device has (`navigator.deviceMemory`, in GB, rounded and
// capped). Generative models (chat, captions, speech) are the large ones: on a device with little
// memory only one of them stays loaded, so loading the captioner while the chat model is loaded
// unloads the chat model first (its files stay cached; it loads again when next needed). ADR 0142.
import type { ModelTask } from '../ml/registry/types';

export { deviceMemoryGb } from '../ml/registry/memory';

/** Devices reporting this much memory or less hold one generative model at a time. */
export const LOW_MEMORY_GB = 4;

const GENERATIVE: ReadonlySet<ModelTask> = new Set<ModelTask>(['chat', 'captioning', 'speech-to-text']);

export function isGenerative(task: ModelTask): boolean {
  return GENERATIVE.has(task);
}

/**
 * The loaded models to unload before `task`'s model loads: the other generative ones, when the device
 * has little memory and the new model is generative too. Unknown memory keeps everything.
 */
export function modelsToUnload<T extends { task: ModelTask }>(
  task: ModelTask,
  loaded: readonly T[],
  memoryGb: number | undefined,
): T[] {
  if (memoryGb === undefined || memoryGb > LOW_MEMORY_GB || !isGenerative(task)) return [];
  return loaded.filter((entry) => entry.task !== task && isGenerative(entry.task));
}
