// The chat prompt for answering from the library: sources numbered [1]…[n] with title, heading path and
// page, an instruction to answer only from them, cite with [n] and say plainly when they do not hold
// the answer. Returns plain chat messages for the model's own chat template, and the source table the
// answer's citations are resolved against. Sources sit in the last user message, right before the
// question, where small models attend to them best; earlier turns carry no sources (their [n] markers
// are stripped, since their numbers meant other passages).
import { stripCitations } from './citations';
import { headingTrail, locationLabel } from './location';
import type { ChatMessage, ChatTurn, ContextPassage, SourceEntry } from './types';

export const DEFAULT_SYSTEM_PROMPT = [
  'You answer questions using only the numbered sources given with each question.',
  'Cite every fact with the number of its source in square brackets, like [1] or [2, 3].',
  'If the sources do not contain the answer, say plainly that your documents do not say, and do not guess.',
  'Do not use outside knowledge. Answer in the language of the question, briefly, in Markdown.',
].join(' ');

/** Said in place of the source list when retrieval found nothing to offer. */
export const NO_SOURCES_TEXT = 'Sources: none were found in the library.';

/** The heading line of a numbered source: "[2] Title › Section › Subsection (page 4)". */
export function sourceHeading(n: number, passage: ContextPassage): string {
  const trail = headingTrail(passage.title, passage.headingPath);
  const where = locationLabel(passage.location);
  const path = [passage.title, ...trail].filter((part) => part.trim() !== '').join(' › ');
  return `[${n}] ${path || 'Untitled'}${where ? ` (${where})` : ''}`;
}

/** One source as the model reads it: its heading line, then its text. */
export function formatSource(n: number, passage: ContextPassage): string {
  return `${sourceHeading(n, passage)}\n${passage.text.trim()}`;
}

/** Separates sources in the prompt (counted by the budget as part of each source after the first). */
export const SOURCE_SEPARATOR = '\n\n';

/** The final user message: the numbered sources, then the question. */
export function questionMessage(sources: readonly SourceEntry[], question: string): ChatMessage {
  const list =
    sources.length === 0
      ? NO_SOURCES_TEXT
      : `Sources:\n\n${sources.map((s) => formatSource(s.n, s.passage)).join(SOURCE_SEPARATOR)}`;
  return { role: 'user', content: `${list}\n\nQuestion: ${question.trim()}` };
}

/** Earlier turns as alternating user/assistant messages, without their old citation markers. */
export function historyMessages(turns: readonly ChatTurn[]): ChatMessage[] {
  return turns.flatMap((t): ChatMessage[] => [
    { role: 'user', content: t.question.trim() },
    { role: 'assistant', content: stripCitations(t.answer).trim() },
  ]);
}

export interface PromptParts {
  readonly systemPrompt: string;
  readonly history: readonly ChatTurn[];
  readonly passages: readonly ContextPassage[];
  readonly question: string;
}

export interface Prompt {
  readonly messages: ChatMessage[];
  /** [n] → passage; numbers start at 1 in the order the passages were given. */
  readonly sources: SourceEntry[];
}

/** Builds the messages for the chat template and the source table, numbering passages from 1. */
export function buildPrompt(parts: PromptParts): Prompt {
  const sources = parts.passages.map((passage, i) => ({ n: i + 1, passage }));
  return {
    messages: [
      { role: 'system', content: parts.systemPrompt },
      ...historyMessages(parts.history),
      questionMessage(sources, parts.question),
    ],
    sources,
  };
}
