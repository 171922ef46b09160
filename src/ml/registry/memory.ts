// How much memory a model takes once loaded, and whether it fits a device. A browser says roughly how
// much memory the device has (`navigator.deviceMemory`: GB, rounded down to a power of two, capped at
// 8) and nothing about what is free, so the estimate is deliberately plain: the weights as the runtime
// holds them (the planned dtype's files), plus working memory (activations; for chat models the KV
// cache of a long conversation) as a share of the weights, plus the runtime itself. A page may use
// about a third of the device's memory: the system, the browser and other tabs need the rest. Pure.
import { downloadBytes, tryDownloadBytes } from './files';
import type { DeviceProfile, ModelEntry } from './types';

/** The runtime's own memory (ONNX Runtime WASM heap, tokenizer, buffers) on top of any model. */
export const RUNTIME_BYTES = 100e6;
/** Working memory as a share of the weights: chat keeps a KV cache, the others only activations. */
export const WORKING_SHARE = { chat: 0.5, other: 0.3 } as const;
/** The share of the device's memory one page may count on. */
export const PAGE_SHARE = 0.35;

/** The device's memory in GB as the browser reports it (pages and workers alike), or undefined. */
export function deviceMemoryGb(nav: object | undefined = globalThis.navigator): number | undefined {
  const value = (nav as { deviceMemory?: unknown } | undefined)?.deviceMemory;
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** Bytes the model needs once loaded on `profile`. */
export function memoryNeedBytes(entry: ModelEntry, profile: DeviceProfile): number {
  const weights = downloadBytes(entry, profile) - entry.supportFiles.reduce((sum, f) => sum + f.bytes, 0);
  const share = entry.task === 'chat' ? WORKING_SHARE.chat : WORKING_SHARE.other;
  return Math.round(weights * (1 + share) + RUNTIME_BYTES);
}

/** Bytes a page may count on, for a device reporting `memoryGb`; undefined when it does not say. */
export function pageBudgetBytes(memoryGb: number | undefined): number | undefined {
  return memoryGb === undefined ? undefined : memoryGb * 1e9 * PAGE_SHARE;
}

export type Fit = { fits: true } | { fits: false; needBytes: number; memoryGb: number };

/** Whether the model fits a device reporting `memoryGb` (unknown memory: everything fits). */
export function fitsDevice(entry: ModelEntry, profile: DeviceProfile, memoryGb: number | undefined): Fit {
  const budget = pageBudgetBytes(memoryGb);
  const needBytes = memoryNeedBytes(entry, profile);
  if (budget === undefined || memoryGb === undefined || needBytes <= budget) return { fits: true };
  return { fits: false, needBytes, memoryGb };
}

/**
 * The model to offer in place of one that does not fit: among `candidates` of the same task, the one
 * with the largest need that fits, or, when none fits, the smallest. Undefined when there is no other.
 */
export function smallerModel(
  entry: ModelEntry,
  candidates: readonly ModelEntry[],
  profile: DeviceProfile,
  memoryGb: number | undefined,
): ModelEntry | undefined {
  const others = candidates
    .filter((c) => c.task === entry.task && c.key !== entry.key)
    .map((c) => ({ entry: c, need: safeNeed(c, profile) }))
    .filter((c): c is { entry: ModelEntry; need: number } => c.need !== undefined)
    .filter((c) => c.need < (safeNeed(entry, profile) ?? Number.POSITIVE_INFINITY))
    .sort((a, b) => b.need - a.need);
  const budget = pageBudgetBytes(memoryGb);
  const fitting = others.find((c) => budget === undefined || c.need <= budget);
  return (fitting ?? others.at(-1))?.entry;
}

/** Like memoryNeedBytes, but undefined for an entry with no weights for this profile (it cannot run). */
function safeNeed(entry: ModelEntry, profile: DeviceProfile): number | undefined {
  return tryDownloadBytes(entry, profile) === undefined ? undefined : memoryNeedBytes(entry, profile);
}

/** An error message that says the runtime ran out of memory (WASM heap, array buffer or GPU buffer). */
export function isOutOfMemoryMessage(message: string): boolean {
  return /out of memory|\bOOM\b|bad_alloc|allocation failed|could not allocate|failed to allocate|cannot enlarge memory/i.test(
    message,
  );
}

function aboutBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${String(Math.round(bytes / 1e6))} MB`;
}

/** Why a model is not offered on this device, and what is offered instead, in plain words. */
export function tooLargeWords(
  entry: ModelEntry,
  fit: Fit & { fits: false },
  smaller: ModelEntry | undefined,
): string {
  const instead = smaller ? ` ${smaller.label} is offered instead.` : '';
  return `${entry.label} needs about ${aboutBytes(fit.needBytes)} of memory, more than a page can count on with the ${String(fit.memoryGb)} GB this device reports.${instead}`;
}

/** A load that ran out of memory, in plain words, with the smaller model to try. */
export function outOfMemoryWords(entry: ModelEntry, smaller: ModelEntry | undefined): string {
  const instead = smaller
    ? ` Try ${smaller.label}, which needs less.`
    : ' Close other tabs or apps and try again.';
  return `${entry.label} did not fit in this device's memory.${instead}`;
}
