// The chat as the UI sees it: where a question is asked (scope), the sources an answer was given,
// and each message's state while it streams and after it is saved. Plain data: the chat state
// (chat.svelte.ts) produces it from the chat service and the stored conversations, and the Chat page
// renders it.
import type { MessageTimings } from '../db/repositories/conversations';
import type { AnswerSource } from '../services/chat-service';

/** What a question is answered from. */
export type ChatScope =
  | { kind: 'library' }
  | { kind: 'collection'; collectionId: string; name: string }
  | { kind: 'document'; documentId: string; title: string };

/** A numbered source of an answer, as the chat service hands it over. */
export type ChatSource = AnswerSource;

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
