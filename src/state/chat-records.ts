// Stored chat records ↔ the chat's view types. An answer is stored with every source it was given (cited
// or not, with excerpt, type and label) and how it ended, so a reloaded conversation shows the same
// texts, sources and statuses as when it was written. Plain functions: the chat state and the tests use them.
import type { ChatTurn } from '../core/rag/types';
import type {
  ChatConversationRecord,
  ChatMessageRecord,
  NewMessage,
  StoredCitation,
} from '../db/repositories/conversations';
import type { ChatMessageView, ChatSource, ConversationSummary } from './chat-types';
import { defined } from '../core/defined';

export function summaryOf(record: ChatConversationRecord): ConversationSummary {
  return { id: record.id, title: record.title, updatedAt: record.updatedAt, scope: record.scope };
}

export function citationOf(source: ChatSource): StoredCitation {
  return {
    n: source.n,
    chunkId: source.chunkId,
    documentId: source.documentId,
    location: source.location,
    title: source.title,
    label: source.label,
    excerpt: source.excerpt,
    ...defined({ type: source.type }),
    isCited: source.isCited,
  };
}

export function sourceOf(citation: StoredCitation): ChatSource {
  return {
    n: citation.n,
    chunkId: citation.chunkId,
    documentId: citation.documentId,
    title: citation.title ?? '',
    type: citation.type,
    label: citation.label ?? citation.title ?? 'Untitled',
    location: citation.location,
    excerpt: citation.excerpt ?? '',
    // Older answers stored only what they cited.
    isCited: citation.isCited ?? true,
  };
}

export function messageView(record: ChatMessageRecord): ChatMessageView {
  return {
    id: record.id,
    role: record.role,
    text: record.text,
    status: record.role === 'user' ? 'done' : record.status,
    sources: record.citations.map(sourceOf),
    ...defined({ error: record.error, modelKey: record.modelKey }),
    timings: record.timings,
    createdAt: record.createdAt,
  };
}

/** A finished answer as it is stored. */
export function answerRecord(view: ChatMessageView): NewMessage {
  const status =
    view.status === 'abstained' || view.status === 'stopped' || view.status === 'failed'
      ? view.status
      : 'done';
  return {
    role: 'assistant',
    text: view.text,
    citations: view.sources.map(citationOf),
    timings: view.timings,
    status,
    ...defined({ modelKey: view.modelKey, error: view.error }),
  };
}

/**
 * Earlier exchanges for the prompt, oldest first: each question with the answer that followed it, when
 * that answer has text the model wrote (abstained and failed answers carry no model text).
 */
export function historyOf(messages: readonly ChatMessageView[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  messages.forEach((m, i) => {
    const next = messages[i + 1];
    if (m.role !== 'user' || next?.role !== 'assistant') return;
    if ((next.status === 'done' || next.status === 'stopped') && next.text.trim() !== '')
      turns.push({ question: m.text, answer: next.text });
  });
  return turns;
}
