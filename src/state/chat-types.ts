// The chat as the UI sees it: where a question is asked (scope), the sources an answer was given,
// and each message's state while it streams and after it is saved. Plain data: the chat state
// (chat.svelte.ts) produces it from the chat service and the stored conversations, and the Chat page
// renders it.
import type { ChunkLocation, DocumentType } from '../db/types';
import type { MessageTimings } from '../db/repositories/conversations';

/** What a question is answered from. */
export type ChatScope =
  | { kind: 'library' }
  | { kind: 'collection'; collectionId: string; name: string }
  | { kind: 'document'; documentId: string; title: string };

/** A numbered source given to the model (or, for an abstained answer, a nearest passage). */
export interface ChatSource {
  /** The number `[n]` in the answer refers to (1-based). */
  n: number;
  chunkId: string;
  documentId: string;
  title: string;
  /** The document's type, for opening it (a PDF opens at its page). */
  type: DocumentType | undefined;
  /** "Title › Section, page 4". */
  label: string;
  location: ChunkLocation;
  /** The start of the passage, to show in the source list. */
  excerpt: string;
  /** The answer cites it (false for sources the model was given but did not use). */
  isCited: boolean;
}

/**
 * Where an answer is: finding passages, deciding there is nothing to answer from, loading the chat
 * model, writing, finished, stopped by the person, or failed (with `error`).
 */
export type AnswerStatus =
  'retrieving' | 'loading-model' | 'generating' | 'done' | 'abstained' | 'stopped' | 'failed';

export interface ChatMessageView {
  id: string;
  role: 'user' | 'assistant';
  /** Markdown as written so far; `[n]` markers are still in it (the page turns them into chips). */
  text: string;
  /** Questions are always 'done'. */
  status: AnswerStatus;
  /** For answers: the numbered sources, cited ones first. For abstained answers: the nearest passages. */
  sources: ChatSource[];
  /** Why the answer failed, in plain words (status 'failed'). */
  error?: string;
  /** The chat model that wrote it (registry key). */
  modelKey?: string;
  timings: MessageTimings;
  createdAt: number;
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  scope: ChatScope;
}
