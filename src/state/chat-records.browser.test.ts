// Chat persistence round trip over a real IndexedDB: what the chat shows (texts, statuses, sources with
// excerpts and citation flags, errors, timings) and the conversation's scope come back the same after
// storing and reading, as after a reload; older records without these fields read as sensible defaults.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from '../db/database';
import {
  appendMessage,
  createConversation,
  listConversations,
  loadConversation,
  setConversationScope,
  type StoredCitation,
} from '../db/repositories/conversations';
import { answerRecord, historyOf, messageView, summaryOf } from './chat-records';
import type { ChatMessageView, ChatSource } from './chat-types';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

let db: ThinkBankDb;

beforeEach(async () => {
  db = await openFreshDatabase('thinkbank-chat-records');
});

afterEach(async () => {
  await deleteDatabase(db);
});

function source(overrides: Partial<ChatSource> = {}): ChatSource {
  return {
    n: 1,
    chunkId: 'chunk-1',
    documentId: 'doc-1',
    title: 'Sleep study',
    type: 'pdf',
    label: 'Sleep study › Results, page 4',
    location: { page: 4, boxes: [[10, 20, 300, 40]] },
    excerpt: 'Participants who napped recalled more words…',
    isCited: true,
    ...overrides,
  };
}

function answer(overrides: Partial<ChatMessageView> = {}): ChatMessageView {
  return {
    id: 'draft',
    role: 'assistant',
    text: 'Naps help memory [1].',
    status: 'done',
    sources: [source(), source({ n: 2, chunkId: 'chunk-2', isCited: false, type: 'markdown' })],
    modelKey: 'smollm2-360m-instruct',
    timings: { retrievalMs: 12, promptTokens: 900, firstTokenMs: 340, totalMs: 2100, outputTokens: 48 },
    createdAt: 0,
    ...overrides,
  };
}

/** A view without the fields storage assigns (id, time). */
function content(view: ChatMessageView): Omit<ChatMessageView, 'id' | 'createdAt'> {
  const { id: _id, createdAt: _at, ...rest } = view;
  return rest;
}

describe('chat records', () => {
  describe('answerRecord → appendMessage → loadConversation → messageView', () => {
    it('gives every kind of answer back with the same text, status, sources and timings', async () => {
      const scope = { kind: 'document' as const, documentId: 'doc-1', title: 'Sleep study' };
      const c = await createConversation(db, { scope });
      const answers = [
        answer(),
        answer({ text: 'Naps help', status: 'stopped' }),
        answer({
          text: 'Your library does not seem to say.',
          status: 'abstained',
          sources: [source({ isCited: false })],
          timings: { retrievalMs: 9, totalMs: 10 },
        }),
        answer({ text: '', status: 'failed', error: 'The chat model stopped while answering.', sources: [] }),
      ];
      for (const a of answers) {
        await appendMessage(db, c.id, { role: 'user', text: 'Do naps help memory?' });
        await appendMessage(db, c.id, answerRecord(a));
      }

      const loaded = await loadConversation(db, c.id);
      expect(loaded?.conversation.scope).toEqual(scope);
      const views = loaded?.messages.map(messageView) ?? [];
      expect(views.filter((v) => v.role === 'assistant').map(content)).toEqual(answers.map(content));
      expect(views.filter((v) => v.role === 'user').map((v) => [v.text, v.status, v.sources])).toEqual(
        Array.from({ length: 4 }, () => ['Do naps help memory?', 'done', []]),
      );
      // Only answers the model wrote go back into the prompt as history.
      expect(historyOf(views).map((t) => t.answer)).toEqual(['Naps help memory [1].', 'Naps help']);
    });
  });

  describe('summaryOf', () => {
    it('lists conversations with their scope, an older record without one as the whole library', async () => {
      const scoped = await createConversation(db, {
        scope: { kind: 'collection', collectionId: 'work', name: 'Work' },
      });
      await db.conversations.add({
        id: 'old',
        collectionId: 'default',
        title: 'Old',
        createdAt: 1,
        updatedAt: 1,
      });
      const summaries = (await listConversations(db)).map(summaryOf);
      expect(summaries.find((s) => s.id === scoped.id)?.scope).toEqual({
        kind: 'collection',
        collectionId: 'work',
        name: 'Work',
      });
      expect(summaries.find((s) => s.id === 'old')?.scope).toEqual({ kind: 'library' });
    });

    it('follows a scope change of an existing conversation', async () => {
      const c = await createConversation(db);
      await setConversationScope(db, c.id, { kind: 'document', documentId: 'd', title: 'Doc' });
      expect((await loadConversation(db, c.id))?.conversation.scope).toEqual({
        kind: 'document',
        documentId: 'd',
        title: 'Doc',
      });
    });
  });

  describe('messageView', () => {
    it('reads an older answer without status or citation flags as done, with its sources cited', async () => {
      const c = await createConversation(db);
      const cited: StoredCitation = {
        n: 1,
        chunkId: 'c1',
        documentId: 'd1',
        location: { page: 2 },
        title: 'Old doc',
      };
      await db.messages.add({
        id: 'm-old',
        conversationId: c.id,
        role: 'assistant',
        text: 'Old answer [1].',
        citations: [cited],
        createdAt: 5,
      });
      const [view] = (await loadConversation(db, c.id))?.messages.map(messageView) ?? [];
      expect(view?.status).toBe('done');
      expect(view?.sources).toEqual([
        {
          n: 1,
          chunkId: 'c1',
          documentId: 'd1',
          title: 'Old doc',
          type: undefined,
          label: 'Old doc',
          location: { page: 2 },
          excerpt: '',
          isCited: true,
        },
      ]);
    });
  });
});
