// prepare() in the real llm worker with the generated chat model's real SmolLM2 tokenizer and chat
// template: the packed prompt plus the reserved answer never exceeds the window, however long the
// history and the passages, and the prompt count is the template's own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatTurn, Passage } from '../../core/rag/types';
import { Supervisor } from '../../services/supervisor';
import { workerFactories } from '../../services/worker-factories';
import { loadTestChatModel } from '../../testing/chat-model';

const SENTENCE = 'The orchard keeps seventeen varieties of apple, each picked by hand in late September.';

function longText(sentences: number, seed: number): string {
  return Array.from({ length: sentences }, (_, i) => `${SENTENCE} Note ${String(seed)}.${String(i)}.`).join(
    ' ',
  );
}

function passage(i: number, sentences: number): Passage {
  return {
    chunkId: `chunk-${String(i)}`,
    documentId: `doc-${String(i % 3)}`,
    versionId: `version-${String(i % 3)}`,
    ordinal: i * 10,
    title: `Orchard log ${String(i % 3)}`,
    headingPath: ['Harvest'],
    location: { page: i + 1 },
    text: longText(sentences, i),
    score: 1 / (i + 1),
  };
}

function history(turns: number): ChatTurn[] {
  return Array.from({ length: turns }, (_, i) => ({
    question: `Question ${String(i)}: ${longText(3, 100 + i)}`,
    answer: `Answer ${String(i)} [1]: ${longText(12, 200 + i)}`,
  }));
}

let supervisor: Supervisor;

beforeEach(async () => {
  supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 60_000 } });
  await loadTestChatModel(supervisor);
}, 90_000);

afterEach(() => {
  supervisor.dispose();
});

describe('llm worker', () => {
  describe('prepare', () => {
    it('keeps promptTokens + reserved within the window on long history and long passages', async () => {
      const llm = supervisor.client('llm');
      for (const window of [384, 1024, 2048]) {
        const prepared = await llm.prepare({
          question: 'Which apples are picked in September?',
          history: history(30),
          passages: Array.from({ length: 12 }, (_, i) => passage(i, 25)),
          reservedAnswerTokens: 128,
          contextLimit: window,
        });
        expect(prepared.contextWindow).toBe(window);
        expect(prepared.promptTokens + prepared.reservedAnswerTokens).toBeLessThanOrEqual(window);
        expect(prepared.maxAnswerTokens).toBeGreaterThanOrEqual(128);
        // The count is the chat template's own, not an estimate.
        expect(await llm.countTokens(prepared.messages)).toBe(prepared.promptTokens);
        expect(prepared.passages.included).toBeGreaterThanOrEqual(1);
        expect(prepared.history.dropped + prepared.history.condensed).toBeGreaterThan(0);
        expect(prepared.sources.map((s) => s.n)).toEqual(prepared.sources.map((_, i) => i + 1));
        expect(prepared.messages.at(-1)?.content).toContain(
          'Question: Which apples are picked in September?',
        );
      }
    }, 120_000);

    it('packs into the model window (config max_position_embeddings) when no limit is given', async () => {
      const prepared = await supervisor.client('llm').prepare({
        question: 'What grows in the orchard?',
        history: history(2),
        passages: [passage(0, 3), passage(1, 3)],
      });
      expect(prepared.contextWindow).toBe(8192);
      expect(prepared.history).toEqual({ kept: 2, condensed: 0, dropped: 0 });
      expect(prepared.passages.included).toBe(2);
      expect(prepared.promptTokens + prepared.reservedAnswerTokens).toBeLessThanOrEqual(8192);
    }, 60_000);

    it('fails with a plain reason when the question alone does not fit', async () => {
      await expect(
        supervisor.client('llm').prepare({
          question: longText(80, 1),
          history: [],
          passages: [],
          reservedAnswerTokens: 64,
          contextLimit: 256,
        }),
      ).rejects.toThrow(/too long for this model/);
    }, 60_000);
  });
});
