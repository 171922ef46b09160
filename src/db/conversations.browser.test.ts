import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from './database';
import { InvalidInputError } from './errors';
import {
  appendMessage,
  createConversation,
  deleteConversation,
  listConversations,
  loadConversation,
  renameConversation,
  titleFromQuestion,
  UNTITLED_CONVERSATION,
  type NewMessage,
} from './repositories/conversations';
import { DEFAULT_COLLECTION_ID } from './schema';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

let db: ThinkBankDb;

beforeEach(async () => {
  db = await openFreshDatabase();
});

afterEach(async () => {
  await deleteDatabase(db);
});

function answer(overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    role: 'assistant',
    text: 'Naps help [1].',
    citations: [
      {
        n: 1,
        chunkId: 'chunk-1',
        documentId: 'doc-1',
        location: { page: 4, boxes: [[10, 20, 300, 40]] },
        title: 'Sleep study',
        label: 'Sleep study › Results, page 4',
      },
    ],
    modelKey: 'smollm2-135m-instruct',
    timings: { retrievalMs: 12, firstTokenMs: 340, totalMs: 2100, outputTokens: 48, tokensPerSecond: 27.4 },
    ...overrides,
  };
}

describe('conversations repository', () => {
  describe('createConversation', () => {
    it('creates an untitled conversation in the default library', async () => {
      const created = await createConversation(db);
      expect([created.title, created.collectionId]).toEqual([UNTITLED_CONVERSATION, DEFAULT_COLLECTION_ID]);
      expect((await loadConversation(db, created.id))?.conversation).toEqual(created);
    });
  });

  describe('appendMessage', () => {
    it('stores role, text, cited sources with locations, model and timings, and reads them back in order', async () => {
      const c = await createConversation(db);
      await appendMessage(db, c.id, { role: 'user', text: 'Do naps help memory?' });
      const stored = await appendMessage(db, c.id, answer());
      const loaded = await loadConversation(db, c.id);
      expect(loaded?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(loaded?.messages[1]).toEqual(stored);
      expect(stored.citations[0]?.location).toEqual({ page: 4, boxes: [[10, 20, 300, 40]] });
      expect(stored.timings.tokensPerSecond).toBe(27.4);
    });

    it('keeps order for messages appended within the same millisecond', async () => {
      const c = await createConversation(db);
      for (let i = 0; i < 20; i++)
        await appendMessage(db, c.id, { role: i % 2 ? 'assistant' : 'user', text: `m${i}` });
      const loaded = await loadConversation(db, c.id);
      expect(loaded?.messages.map((m) => m.text)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    });

    it('names an untitled conversation after its first question, and only then', async () => {
      const c = await createConversation(db);
      await appendMessage(db, c.id, { role: 'user', text: '  What does the study say\nabout naps?' });
      await appendMessage(db, c.id, { role: 'user', text: 'Second question' });
      expect((await loadConversation(db, c.id))?.conversation.title).toBe('What does the study say');
    });

    it('refuses a message for a conversation that does not exist', async () => {
      await expect(appendMessage(db, 'missing', { role: 'user', text: 'Hi' })).rejects.toThrow(
        InvalidInputError,
      );
      expect(await db.messages.count()).toBe(0);
    });
  });

  describe('listConversations', () => {
    it('lists latest activity first and filters by library', async () => {
      const a = await createConversation(db, { title: 'A' });
      const b = await createConversation(db, { title: 'B', collectionId: 'work' });
      const c = await createConversation(db, { title: 'C' });
      await db.conversations.update(a.id, { updatedAt: 1 });
      await db.conversations.update(b.id, { updatedAt: 2 });
      await db.conversations.update(c.id, { updatedAt: 3 });
      await appendMessage(db, a.id, { role: 'user', text: 'Newest activity' });
      expect((await listConversations(db)).map((x) => x.title)).toEqual(['A', 'C', 'B']);
      expect((await listConversations(db, 'work')).map((x) => x.title)).toEqual(['B']);
    });
  });

  describe('renameConversation', () => {
    it('renames with a trimmed title and refuses an empty or unknown one', async () => {
      const c = await createConversation(db);
      await renameConversation(db, c.id, '  Naps   and memory ');
      expect((await loadConversation(db, c.id))?.conversation.title).toBe('Naps and memory');
      await expect(renameConversation(db, c.id, '  ')).rejects.toThrow('Give the conversation a name.');
      await expect(renameConversation(db, 'missing', 'X')).rejects.toThrow(InvalidInputError);
    });
  });

  describe('deleteConversation', () => {
    it('deletes the conversation with its messages and leaves others alone', async () => {
      const gone = await createConversation(db);
      const kept = await createConversation(db);
      await appendMessage(db, gone.id, { role: 'user', text: 'Q' });
      await appendMessage(db, gone.id, answer());
      await appendMessage(db, kept.id, { role: 'user', text: 'Other' });
      await deleteConversation(db, gone.id);
      expect(await loadConversation(db, gone.id)).toBeUndefined();
      expect(await db.messages.where('conversationId').equals(gone.id).count()).toBe(0);
      expect((await loadConversation(db, kept.id))?.messages).toHaveLength(1);
    });
  });

  describe('loadConversation', () => {
    it('normalises old or damaged records and keeps unknown fields', async () => {
      await db.conversations.add({ id: 'old', createdAt: 5 } as never);
      await db.messages.bulkAdd([
        { id: 'm1', conversationId: 'old', createdAt: 6, text: 'Q', role: 'user', citations: [] },
        {
          id: 'm2',
          conversationId: 'old',
          createdAt: 7,
          text: 42,
          role: 'robot',
          citations: [{ n: 2, chunkId: 'c', location: null }, { n: 0, chunkId: 'x' }, 'junk'],
          timings: { totalMs: 'slow', firstTokenMs: 3 },
          future: 'kept',
        } as never,
      ]);
      const loaded = await loadConversation(db, 'old');
      expect(loaded?.conversation).toEqual({
        id: 'old',
        collectionId: DEFAULT_COLLECTION_ID,
        title: UNTITLED_CONVERSATION,
        createdAt: 5,
        updatedAt: 5,
        scope: { kind: 'library' },
      });
      expect(loaded?.messages[1]).toEqual({
        id: 'm2',
        conversationId: 'old',
        createdAt: 7,
        text: '',
        role: 'assistant',
        citations: [{ n: 2, chunkId: 'c', documentId: '', location: {} }],
        modelKey: undefined,
        timings: { firstTokenMs: 3 },
        status: 'done',
        error: undefined,
        future: 'kept',
      });
    });
  });

  describe('titleFromQuestion', () => {
    it('cuts a long first line at a word', () => {
      const title = titleFromQuestion(`${'word '.repeat(30)}end`);
      expect(title.endsWith('…')).toBe(true);
      expect(title.length).toBeLessThanOrEqual(61);
    });
  });
});
