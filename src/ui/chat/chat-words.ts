// The chat page's plain words: where an answer is, what it is answered from, how fast it came, and
// what a screen reader hears once (not per token). Kept apart from the components so they are tested
// in Node and read the same everywhere on the page.
import { stripCitations } from '../../core/rag/citations';
import type { AnswerStatus, ChatMessageView, ChatScope } from '../../state/chat-types';
import type { MessageTimings } from '../../db/repositories/conversations';

/** An abstained answer's words when the stored message has none of its own. */
export const NOT_HELD = 'Your library does not seem to hold the answer to this question.';

const STATUS: Record<AnswerStatus, string> = {
  retrieving: 'Finding passages…',
  'loading-model': 'Loading the chat model…',
  generating: 'Writing…',
  done: 'Done',
  abstained: 'Not in your library',
  stopped: 'Stopped',
  failed: 'Failed',
};

export function statusWords(status: AnswerStatus): string {
  return STATUS[status];
}

/**
 * Where a pending answer is, with how long that has taken once it is more than a moment: a long
 * prompt's prefill or a large model's load on a slow device takes many seconds with nothing else to
 * show, and a clock that moves says the work goes on. Before the first token, the line says what the
 * model is reading and how much of it.
 */
export function progressWords(
  message: Pick<ChatMessageView, 'status' | 'text' | 'timings'>,
  elapsedS: number,
): string {
  const tokens = message.timings.promptTokens;
  const words =
    message.status === 'generating' && message.text === '' && tokens !== undefined
      ? `Reading your question and its passages (${tokens.toLocaleString('en')} tokens)…`
      : statusWords(message.status);
  return isPending(message.status) && elapsedS >= 2 ? `${words} ${String(Math.floor(elapsedS))} s` : words;
}

/** An answer is still coming in. */
export function isPending(status: AnswerStatus): boolean {
  return status === 'retrieving' || status === 'loading-model' || status === 'generating';
}

export function scopeWords(scope: ChatScope): string {
  if (scope.kind === 'collection') return `the collection “${scope.name}”`;
  if (scope.kind === 'document') return `the document “${scope.title}”`;
  return 'the whole library';
}

function duration(ms: number): string {
  return ms < 1_000 ? `${String(Math.round(ms))} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

/** "First token after 420 ms · 18.3 tokens/s · 42 tokens", or undefined when nothing was measured. */
export function timingsLine(t: MessageTimings): string | undefined {
  const parts: string[] = [];
  if (t.firstTokenMs !== undefined) parts.push(`First token after ${duration(t.firstTokenMs)}`);
  if (t.tokensPerSecond !== undefined) parts.push(`${t.tokensPerSecond.toFixed(1)} tokens/s`);
  if (t.outputTokens !== undefined) parts.push(`${String(t.outputTokens)} tokens`);
  if (parts.length === 0 && t.retrievalMs !== undefined)
    parts.push(`Passages found in ${duration(t.retrievalMs)}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/**
 * What the live region says about the latest answer. It changes only when the answer's state
 * changes (started, finished, stopped, failed), never per token, so a screen reader is not flooded.
 */
export function announcement(message: ChatMessageView | undefined): string {
  if (message?.role !== 'assistant') return '';
  switch (message.status) {
    case 'retrieving':
    case 'loading-model':
    case 'generating':
      return 'Answering…';
    case 'done':
      return `Answer: ${stripCitations(message.text).trim()}`;
    case 'abstained':
      return message.text || NOT_HELD;
    case 'stopped':
      return 'Stopped. The answer so far is kept.';
    case 'failed':
      return `The answer failed: ${message.error ?? 'unknown error'}`;
  }
}
