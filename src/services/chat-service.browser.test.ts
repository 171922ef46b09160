// One chat answer end to end in real Chromium: the real search worker over a seeded IndexedDB, the
// real llm worker with the generated chat model (random weights: the words mean nothing, the flow is
// real). Abstaining never starts the llm worker; an answer streams token by token with its sources;
// Stop ends it; a crash of the llm worker mid-answer fails that answer in plain words and the next
// question loads the model again and works.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from '../db/database';
import { loadTestChatModel } from '../testing/chat-model';
import { seedDocument, type Seeded } from '../testing/seed';
import { ChatService, type ChatEvent } from './chat-service';
import { Supervisor } from './supervisor';
import { workerFactories } from './worker-factories';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

const QUESTION = 'Espalier grafting on quince rootstock?';
const MODEL_KEY = 'test-chat-llm';

let supervisor: Supervisor;
let db: ThinkBankDb;
let databaseName: string;
let orchard: Seeded;
let loads = 0;

async function seedLibrary(): Promise<void> {
  orchard = await seedDocument(db, {
    title: 'Orchard handbook',
    type: 'pdf',
    passages: [
      {
        text: 'Espalier grafting on quince rootstock: cut a whip graft in early spring and bind it.',
        headingPath: ['Orchard handbook', 'Espalier grafting'],
        location: { page: 12 },
      },
      { text: 'Quince rootstock keeps espalier pears small and early to fruit.', location: { page: 13 } },
    ],
  });
  // Enough other documents that the rare words weigh what they would in a real library.
  for (let i = 0; i < 30; i++) {
    await seedDocument(db, {
      title: `Kitchen diary ${String(i)}`,
      passages: [{ text: `Day ${String(i)}: soup, bread and a walk by the river with the dog.` }],
    });
  }
}

function service(): ChatService {
  return new ChatService(
    () => supervisor,
    {
      modelKey: () => MODEL_KEY,
      load: async () => {
        loads += 1;
        await loadTestChatModel(supervisor);
      },
    },
    { reservedAnswerTokens: 48, contextLimit: 1024 },
  );
}

function llmStatus(): string | undefined {
  return supervisor.snapshot().find((w) => w.name === 'llm')?.status;
}

beforeEach(async () => {
  db = await openFreshDatabase('thinkbank-chat');
  databaseName = db.name;
  await seedLibrary();
  loads = 0;
  supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 60_000 } });
  const search = supervisor.client('search');
  await search.open({ databaseName, watch: false });
  await search.syncFromDb();
}, 60_000);

afterEach(async () => {
  supervisor.dispose();
  await deleteDatabase(db);
});

describe('ChatService', () => {
  describe('ask', () => {
    it('abstains with the nearest passages and never starts the llm worker when the evidence is weak', async () => {
      const events: ChatEvent[] = [];
      const result = await service().ask({
        question: 'What did the river look like?',
        scope: { kind: 'library' },
        history: [],
        signal: new AbortController().signal,
        onEvent: (e) => events.push(e),
      });
      expect(result.status).toBe('abstained');
      expect(result.decision?.reason).toBe('weak-evidence');
      expect(result.sources.length).toBeGreaterThan(0);
      expect(result.sources.every((s) => !s.isCited && s.excerpt.length > 0)).toBe(true);
      expect(events).toEqual([{ kind: 'phase', phase: 'retrieving' }]);
      expect(llmStatus()).toBe('not-started');
      expect(loads).toBe(0);
    });

    it('answers from the weak passages when asked to answer anyway', async () => {
      const result = await service().ask({
        question: 'What did the river look like?',
        scope: { kind: 'library' },
        history: [],
        signal: new AbortController().signal,
        onEvent: () => undefined,
        answerAnyway: true,
      });
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('done');
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.sources.length).toBeGreaterThan(0);
      expect(loads).toBe(1);
    }, 90_000);

    it('streams an answer token by token with the numbered sources and timings', async () => {
      const events: ChatEvent[] = [];
      const result = await service().ask({
        question: QUESTION,
        scope: { kind: 'document', documentId: orchard.documentId, title: 'Orchard handbook' },
        history: [],
        signal: new AbortController().signal,
        onEvent: (e) => events.push(e),
      });
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('done');
      expect(result.modelKey).toBe(MODEL_KEY);
      const phases = events.flatMap((e) => (e.kind === 'phase' ? [e.phase] : []));
      expect(phases).toEqual(['retrieving', 'loading-model', 'generating']);
      const tokens = events.flatMap((e) => (e.kind === 'token' ? [e] : []));
      expect(tokens.map((t) => t.tokens)).toEqual(tokens.map((_, i) => i + 1));
      expect(tokens.map((t) => t.text).join('')).toBe(result.text);
      expect(result.timings.outputTokens).toBe(tokens.length);
      expect(result.sources.map((s) => s.documentId)).toEqual([orchard.documentId]);
      expect(result.sources[0]).toMatchObject({ n: 1, type: 'pdf', title: 'Orchard handbook' });
      // Both passages are neighbours of one version: merged into one source that opens at page 12.
      expect(result.sources[0]?.label).toMatch(/^Orchard handbook\b.*page(s)? 12/);
      expect(result.sources[0]?.location.page).toBe(12);
      for (const key of [
        'retrievalMs',
        'promptTokens',
        'firstTokenMs',
        'totalMs',
        'tokensPerSecond',
      ] as const)
        expect(result.timings[key]).toBeGreaterThan(0);
    }, 90_000);

    it('stops mid-answer when the signal aborts, keeping what was written', async () => {
      const controller = new AbortController();
      let seen = 0;
      const result = await service().ask({
        question: QUESTION,
        scope: { kind: 'library' },
        history: [],
        signal: controller.signal,
        onEvent: (e) => {
          if (e.kind === 'token' && ++seen === 3) controller.abort();
        },
      });
      expect(result.status).toBe('stopped');
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.sources.length).toBeGreaterThan(0);
    }, 90_000);

    it('fails that answer in plain words when the llm worker crashes mid-answer, and the next one works', async () => {
      const chat = service();
      let crashed = false;
      const first = await chat.ask({
        question: QUESTION,
        scope: { kind: 'library' },
        history: [],
        signal: new AbortController().signal,
        onEvent: (e) => {
          if (e.kind === 'token' && !crashed) {
            crashed = true;
            supervisor
              .client('llm')
              .drill('crash', 0)
              .catch(() => undefined);
          }
        },
      });
      expect(first.status).toBe('failed');
      expect(first.error).toMatch(/stopped while answering.*ask again/i);

      const second = await chat.ask({
        question: QUESTION,
        scope: { kind: 'library' },
        history: [{ question: 'Earlier?', answer: 'Earlier answer [1].' }],
        signal: new AbortController().signal,
        onEvent: () => undefined,
      });
      expect(second.error).toBeUndefined();
      expect(second.status).toBe('done');
      expect(loads).toBe(2);
    }, 120_000);
  });
});
