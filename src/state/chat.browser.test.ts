// ChatState over the real parts in real Chromium: a real IndexedDB, the real search and llm workers,
// the Models state loading the generated chat model (served by the dev server as a self-hosted entry).
// A question streams into `messages` and is stored with its sources and the conversation's scope; a
// fresh ChatState opens it back whole; weak evidence abstains without loading the model.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from '../db/database';
import { listConversations } from '../db/repositories/conversations';
import { testChatEntry } from '../testing/chat-model';
import { seedDocument, type Seeded } from '../testing/seed';
import { Supervisor } from '../services/supervisor';
import { workerFactories } from '../services/worker-factories';
import { CapabilitiesState } from './capabilities.svelte';
import { ChatState } from './chat.svelte';
import { ModelsState } from './models.svelte';
import { StorageState } from './storage.svelte';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

let db: ThinkBankDb;
let supervisor: Supervisor;
let storage: StorageState;
let models: ModelsState;
let stopModelService: () => void;
let orchard: Seeded;

async function seedLibrary(): Promise<void> {
  orchard = await seedDocument(db, {
    title: 'Orchard handbook',
    type: 'pdf',
    passages: [
      {
        text: 'Espalier grafting on quince rootstock: cut a whip graft in early spring and bind it.',
        location: { page: 12 },
      },
    ],
  });
  for (let i = 0; i < 30; i++) {
    await seedDocument(db, {
      title: `Kitchen diary ${String(i)}`,
      passages: [{ text: `Day ${String(i)}: soup, bread and a walk by the river with the dog.` }],
    });
  }
}

beforeEach(async () => {
  db = await openFreshDatabase('thinkbank-chat-state');
  await seedLibrary();
  // The storage state as a writer tab sees it once open (the tab lock is exercised by its own tests).
  storage = new StorageState(db);
  storage.status = 'ready';
  storage.role = 'writer';
  supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 60_000 } });
  await supervisor.client('search').open({ databaseName: db.name, watch: false });
  await supervisor.client('search').syncFromDb();
  const { entry, host } = await testChatEntry();
  models = new ModelsState(
    storage,
    new CapabilitiesState(),
    () => supervisor,
    () => location.href,
  );
  models.host = host;
  models.siteEntries = [entry];
  models.runtime = { device: 'wasm' };
  models.defaults = { chat: entry.key };
  // The model service forgets a model whose worker is replaced (as the app starts it).
  stopModelService = models.service.start();
}, 60_000);

afterEach(async () => {
  stopModelService();
  supervisor.dispose();
  await deleteDatabase(db);
});

describe('ChatState', () => {
  describe('ask', () => {
    it('streams an answer into messages, stores it with its sources and scope, and open() gives it back', async () => {
      const chat = new ChatState(storage, models, () => supervisor);
      chat.newConversation({ kind: 'document', documentId: orchard.documentId, title: 'Orchard handbook' });
      const seen = new Set<string>();
      const watching = setInterval(() => {
        const answer = chat.messages[1];
        if (answer) seen.add(answer.status);
      }, 5);
      await chat.ask('Espalier grafting on quince rootstock?');
      clearInterval(watching);

      expect(chat.notice).toBeUndefined();
      expect(chat.isAnswering).toBe(false);
      expect(seen.has('generating')).toBe(true);
      const [question, answer] = chat.messages;
      expect(question).toMatchObject({ role: 'user', text: 'Espalier grafting on quince rootstock?' });
      expect(answer?.status).toBe('done');
      expect(answer?.text.length).toBeGreaterThan(0);
      expect(answer?.sources.map((s) => [s.documentId, s.type, s.location.page])).toEqual([
        [orchard.documentId, 'pdf', 12],
      ]);
      expect(chat.chatModel).toMatchObject({ key: 'test-chat-llm', status: 'loaded' });

      const [stored] = await listConversations(db);
      expect(stored?.id).toBe(chat.currentId);
      expect(stored?.title).toBe('Espalier grafting on quince rootstock?');
      expect(stored?.scope).toEqual({
        kind: 'document',
        documentId: orchard.documentId,
        title: 'Orchard handbook',
      });

      const reopened = new ChatState(storage, models, () => supervisor);
      await reopened.open(stored?.id ?? '');
      expect(reopened.scope).toEqual(stored?.scope);
      expect(reopened.messages.map((m) => [m.role, m.text, m.status, m.sources])).toEqual(
        chat.messages.map((m) => [m.role, m.text, m.status, m.sources]),
      );
    }, 120_000);

    it('abstains with the nearest passages, stores that, and leaves the chat model unloaded', async () => {
      const chat = new ChatState(storage, models, () => supervisor);
      await chat.ask('What did the river look like?');
      const answer = chat.messages[1];
      expect(answer?.status).toBe('abstained');
      expect(answer?.sources.length).toBeGreaterThan(0);
      expect(chat.chatModel?.status).not.toBe('loaded');
      expect(supervisor.snapshot().find((w) => w.name === 'llm')?.status).toBe('not-started');
      const reopened = new ChatState(storage, models, () => supervisor);
      await reopened.open(chat.currentId ?? '');
      expect(reopened.messages[1]?.status).toBe('abstained');
      expect(reopened.messages[1]?.sources).toEqual(answer?.sources);
    }, 60_000);
  });

  describe('start', () => {
    it('fails only the answer a crash interrupts, shows the model as not loaded, and the next question works', async () => {
      const chat = new ChatState(storage, models, () => supervisor);
      const stop = chat.start();
      try {
        const crashing = chat.ask('Espalier grafting on quince rootstock?');
        await expect.poll(() => chat.messages[1]?.text.length ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
        await supervisor
          .client('llm')
          .drill('crash', 0)
          .catch(() => undefined);
        await crashing;
        expect(chat.messages[1]?.status).toBe('failed');
        expect(chat.messages[1]?.error).toMatch(/stopped while answering/);
        expect(chat.chatModel?.status).toBe('cached');

        await chat.ask('Espalier grafting on quince rootstock?');
        expect(chat.messages.map((m) => m.status)).toEqual(['done', 'failed', 'done', 'done']);
        expect(chat.chatModel?.status).toBe('loaded');
        const reopened = new ChatState(storage, models, () => supervisor);
        await reopened.open(chat.currentId ?? '');
        expect(reopened.messages[1]).toMatchObject({ status: 'failed', error: chat.messages[1]?.error });
      } finally {
        stop();
      }
    }, 120_000);
  });

  describe('chatEntry', () => {
    it('uses the chosen model’s lighter fallback when it would run on the processor', () => {
      models.defaults = { chat: 'qwen2.5-0.5b-instruct' };
      const chat = new ChatState(storage, models, () => supervisor);
      expect(chat.chatEntry?.key).toBe('smollm2-135m-instruct');
    });
  });

  describe('rename and remove', () => {
    it('renames, refuses an empty name in words, and removing the open conversation starts a new one', async () => {
      const chat = new ChatState(storage, models, () => supervisor);
      await chat.ask('What did the river look like?');
      const id = chat.currentId ?? '';
      expect(await chat.rename(id, 'River')).toBeUndefined();
      expect((await listConversations(db))[0]?.title).toBe('River');
      expect(await chat.rename(id, '   ')).toMatch(/name/);
      expect(await chat.remove(id)).toBeUndefined();
      expect([chat.currentId, chat.messages]).toEqual([undefined, []]);
      expect(await listConversations(db)).toEqual([]);
    }, 60_000);
  });
});
