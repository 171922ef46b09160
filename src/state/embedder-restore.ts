// When the library's embedding model loads by itself, and what search says while it cannot use it
// (ADR 0094). Pure: the embedder state feeds it the facts (the stored choice, the models that made the
// stored vectors, the model's status on the Models page) and acts on the answers. A model whose files
// are all in the model cache loads when something needs it; one that is not downloaded waits for the
// person, because a download is never started on their behalf.
import type { ModelStatus } from './models.svelte';

/** What needs the embedding model now: a query, an import, vectors for keyword-only documents, chat. */
export type EmbedderNeed = 'search' | 'import' | 'backfill' | 'chat';

/**
 * The library's embedding model: the one it remembers (the last one loaded for it), else the one most of
 * its stored vectors were made with (a library from before it remembered), else the task's choice on
 * the Models page (a new library).
 */
export function libraryEmbedderKey(
  stored: string | undefined,
  vectorModelIds: readonly string[],
  chosenKey: string,
): string {
  if (stored !== undefined) return stored;
  if (vectorModelIds.includes(chosenKey)) return chosenKey;
  return vectorModelIds[0] ?? chosenKey;
}

/**
 * What to do with a need, given the model's status: start a load (`load`), keep the need until the
 * status is known (`wait`), or drop it (`skip`): already loaded or loading, not downloaded (the person
 * downloads it), or failed (the Models page says why and retries).
 */
export function restoreStep(status: ModelStatus | 'unknown'): 'load' | 'wait' | 'skip' {
  switch (status) {
    case 'cached':
      return 'load';
    case 'checking':
    case 'unknown':
      return 'wait';
    case 'absent':
    case 'downloading':
    case 'loaded':
    case 'failed':
      return 'skip';
  }
}

/** Whether search can embed queries now, and if not, why (for the words below). */
export type EmbedderAvailability =
  | { kind: 'ready'; label: string }
  | { kind: 'checking' }
  | { kind: 'loading'; label: string; phase: 'downloading' | 'loading'; percent: number | undefined }
  | { kind: 'cached'; label: string }
  | { kind: 'absent'; label: string }
  | { kind: 'failed'; label: string; error: string | undefined }
  | { kind: 'missing'; key: string };

export interface EmbedderFacts {
  key: string;
  /** Undefined when the model source offers no model with that key. */
  label: string | undefined;
  status: ModelStatus;
  phase?: 'downloading' | 'loading' | 'ready' | undefined;
  percent?: number | undefined;
  error?: string | undefined;
}

export function embedderAvailability(facts: EmbedderFacts): EmbedderAvailability {
  const { label } = facts;
  if (label === undefined) return { kind: 'missing', key: facts.key };
  switch (facts.status) {
    case 'loaded':
      return { kind: 'ready', label };
    case 'checking':
      return { kind: 'checking' };
    case 'downloading':
      return {
        kind: 'loading',
        label,
        phase: facts.phase === 'downloading' ? 'downloading' : 'loading',
        percent: facts.percent === undefined ? undefined : Math.round(facts.percent),
      };
    case 'cached':
      return { kind: 'cached', label };
    case 'absent':
      return { kind: 'absent', label };
    case 'failed':
      return { kind: 'failed', label, error: facts.error };
  }
}

/** Why search uses words only, in a sentence; undefined when the embedding model is ready. */
export function keywordOnlyReason(availability: EmbedderAvailability): string | undefined {
  const lead = 'Keyword search only:';
  switch (availability.kind) {
    case 'ready':
      return undefined;
    case 'checking':
      return `${lead} checking whether the embedding model is on this device.`;
    case 'loading': {
      // Reading cached files ends at 100% before the model starts; a percent then says nothing.
      const { percent: value } = availability;
      const percent = value === undefined || value >= 100 ? '' : ` (${String(value)}%)`;
      const verb = availability.phase === 'downloading' ? 'downloading' : 'loading';
      return `${lead} the embedding model (${availability.label}) is ${verb}${percent}.`;
    }
    case 'cached':
      return `${lead} the embedding model (${availability.label}) loads when search needs it.`;
    case 'absent':
      return `${lead} the embedding model (${availability.label}) is not downloaded yet. Download it on the Models page.`;
    case 'failed':
      return `${lead} the embedding model (${availability.label}) could not be loaded${
        availability.error === undefined ? '' : `: ${availability.error.replace(/\.$/, '')}`
      }. Try again on the Models page.`;
    case 'missing':
      return `${lead} this library's embedding model (${availability.key}) is not offered by the model source. Choose the source it came from in Settings.`;
  }
}

/** The part of a search answer the person reads about how it searched. */
export interface SearchOutcome {
  requestedMode: 'keyword' | 'semantic' | 'hybrid';
  mode: 'keyword' | 'semantic' | 'hybrid';
  /** Set when the meaning half ran. */
  modelId: string | undefined;
  note: string | undefined;
}

/**
 * What the search page says about an answer: how it searched, and, when meaning was asked for but not
 * used, why — the embedding model's own state when it is not ready, else the search worker's note.
 */
export function searchModeWords(
  outcome: SearchOutcome,
  availability: EmbedderAvailability,
): { mode: string; note: string | undefined } {
  if (outcome.requestedMode === 'keyword') return { mode: 'Searched by exact words', note: undefined };
  if (outcome.modelId !== undefined) {
    return {
      mode: outcome.mode === 'hybrid' ? 'Searched by words and meaning' : 'Searched by meaning',
      note: outcome.note,
    };
  }
  const reason = keywordOnlyReason(availability);
  const mode = outcome.requestedMode === 'hybrid' ? 'Searched by words only' : 'Meaning search is off';
  return { mode, note: reason ?? outcome.note };
}
