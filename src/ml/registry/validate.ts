// The rules every registry entry must keep, as one function returning problems in words. Tests hold
// the shipped registry to it; a future user-added model can be checked with the same rules.

import { F16_DTYPES, sessionDtype, tryDownloadBytes } from './files';
import { MODEL_TASKS } from './types';
import type { DeviceProfile, ModelEntry, ModelTask } from './types';

const SHA = /^[0-9a-f]{40}$/;
const KEY = /^[a-z0-9][a-z0-9.-]*$/;
const REPO = /^[\w.-]+\/[\w.-]+$/;
const PROFILES: readonly DeviceProfile[] = ['webgpu-f16', 'webgpu', 'wasm'];
const NEEDS_PREPROCESSOR: ReadonlySet<ModelTask> = new Set<ModelTask>([
  'image-text-embedding',
  'captioning',
  'speech-to-text',
]);
const GENERATES: ReadonlySet<ModelTask> = new Set<ModelTask>(['captioning', 'chat', 'speech-to-text']);

function positiveInteger(value: number): boolean {
  return Number.isInteger(value) && value > 0;
}

function specProblems(entry: ModelEntry): string[] {
  switch (entry.task) {
    case 'text-embedding':
    case 'image-text-embedding':
      return positiveInteger(entry.embedding.dimensions) && positiveInteger(entry.embedding.maxTokens)
        ? []
        : ['needs positive dimensions and maxTokens'];
    case 'chat':
      return positiveInteger(entry.chat.contextTokens) ? [] : ['needs a positive context length'];
    case 'captioning':
      return positiveInteger(entry.captioning.maxNewTokens) ? [] : ['needs positive maxNewTokens'];
    case 'speech-to-text':
      return positiveInteger(entry.speech.sampleRate) ? [] : ['needs a positive sample rate'];
    case 'reranking':
      return positiveInteger(entry.reranking.maxTokens) ? [] : ['needs positive maxTokens'];
  }
}

function revisionProblems(entry: ModelEntry): string[] {
  const problems: string[] = [];
  if (entry.pinned && !SHA.test(entry.revision)) {
    problems.push(`revision "${entry.revision}" is not a 40-hex commit sha`);
  }
  if (!entry.revisionSource.startsWith('https://')) problems.push('revisionSource must be an https URL');
  return problems;
}

function weightProblems(entry: ModelEntry): string[] {
  const problems: string[] = [];
  const sessions = Object.keys(entry.weights);
  if (sessions.length === 0) problems.push('has no ONNX sessions');
  for (const [session, sizes] of Object.entries(entry.weights)) {
    const values = Object.values(sizes);
    if (values.length === 0 || values.some((bytes) => !positiveInteger(bytes))) {
      problems.push(`session "${session}" needs at least one dtype with a positive size`);
    }
  }
  for (const profile of PROFILES) {
    const choice = entry.dtypes[profile];
    if (typeof choice !== 'string') {
      const extra = Object.keys(choice).filter((name) => !sessions.includes(name));
      if (extra.length > 0) problems.push(`${profile} names unknown sessions: ${extra.join(', ')}`);
    }
    for (const session of sessions) {
      const dtype = sessionDtype(choice, session);
      if (dtype === undefined) {
        problems.push(`${profile} gives no dtype to session "${session}"`);
      } else if (entry.weights[session]?.[dtype] === undefined) {
        problems.push(`${profile} wants ${session} as ${dtype}, which this revision does not have`);
      } else if (profile !== 'webgpu-f16' && F16_DTYPES.has(dtype)) {
        problems.push(`${profile} must not use ${dtype} (needs shader-f16)`);
      }
    }
  }
  return problems;
}

function fileProblems(entry: ModelEntry): string[] {
  const paths = new Set(entry.supportFiles.map((file) => file.path));
  const required = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
  if (NEEDS_PREPROCESSOR.has(entry.task)) required.push('preprocessor_config.json');
  if (GENERATES.has(entry.task)) required.push('generation_config.json');
  const problems = required.filter((path) => !paths.has(path)).map((path) => `lacks ${path}`);
  if (entry.supportFiles.some((file) => !positiveInteger(file.bytes))) {
    problems.push('support files need positive sizes');
  }
  return problems;
}

function fallbackProblems(entry: ModelEntry, byKey: ReadonlyMap<string, ModelEntry>): string[] {
  if (entry.wasmFallback === undefined) return [];
  const fallback = byKey.get(entry.wasmFallback);
  if (!fallback) return [`wasmFallback "${entry.wasmFallback}" is not in the registry`];
  if (fallback.task !== entry.task) return ['wasmFallback must serve the same task'];
  if (fallback.wasmFallback !== undefined) return ['wasmFallback must not chain'];
  const fallbackBytes = tryDownloadBytes(fallback, 'wasm');
  const ownBytes = tryDownloadBytes(entry, 'wasm');
  if (fallbackBytes !== undefined && ownBytes !== undefined && fallbackBytes >= ownBytes) {
    return ['wasmFallback must be a smaller WASM download'];
  }
  return [];
}

/** Every rule the registry keeps; returns "key: problem" lines, empty when all hold. */
export function validateRegistry(entries: readonly ModelEntry[]): string[] {
  const problems: string[] = [];
  const byKey = new Map<string, ModelEntry>();
  for (const entry of entries) {
    if (byKey.has(entry.key)) problems.push(`${entry.key}: duplicate key`);
    byKey.set(entry.key, entry);
  }
  for (const task of MODEL_TASKS) {
    const defaults = entries.filter((entry) => entry.task === task && entry.isDefault).length;
    if (defaults !== 1) problems.push(`${task}: has ${String(defaults)} defaults, needs exactly one`);
  }
  for (const entry of entries) {
    const own = [
      ...(KEY.test(entry.key) ? [] : ['key must be lower-case letters, digits, dots and dashes']),
      ...(REPO.test(entry.repo) ? [] : [`repo "${entry.repo}" is not owner/name`]),
      ...revisionProblems(entry),
      ...weightProblems(entry),
      ...fileProblems(entry),
      ...specProblems(entry),
      ...fallbackProblems(entry, byKey),
    ];
    problems.push(...own.map((problem) => `${entry.key}: ${problem}`));
  }
  return problems;
}
