import { AutoTokenizer, env } from '@huggingface/transformers';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ContextOverflowError,
  measureTemplateOverhead,
  packContext,
  type PromptTokenCounter,
} from './budget';
import { buildPrompt, DEFAULT_SYSTEM_PROMPT } from './prompt';
import type { ChatMessage, ChatTurn, Passage } from './types';

let counter: PromptTokenCounter;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = join(import.meta.dirname, '../../../../shared/models/');
  const tokenizer = await AutoTokenizer.from_pretrained('HuggingFaceTB/SmolLM2-135M-Instruct');
  counter = {
    countTokens: (text) => tokenizer.encode(text, { add_special_tokens: false }).length,
    countPromptTokens: (messages) =>
      tokenizer.apply_chat_template(
        messages.map((m) => ({ role: m.role, content: m.content })),
        { tokenize: true, add_generation_prompt: true, return_tensor: false, return_dict: false },
      ).length,
  };
});

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the cell protein binds receptor mice tumour growth dose 5mg covid-19 patients trial results show ' +
  'significant reduction of risk in older adults über naïve café 東京 données https://example.org/x?y=1 ' +
  'α-synuclein `code` | table | 3.14 (p < 0.05) reading memory neurons insulin'
).split(' ');

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)] ?? 'x');
  const s = out.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function text(rand: () => number, maxWords: number): string {
  const total = 1 + Math.floor(rand() * maxWords);
  const parts: string[] = [];
  for (let used = 0; used < total;) {
    const n = Math.min(total - used, 4 + Math.floor(rand() * 20));
    parts.push(sentence(rand, n));
    used += n;
  }
  return parts.join(' ');
}

function passage(overrides: Partial<Passage> = {}): Passage {
  return {
    chunkId: 'c1',
    documentId: 'd1',
    versionId: 'v1',
    ordinal: 0,
    title: 'Sleep and memory',
    headingPath: ['Sleep and memory', 'Results'],
    location: { page: 3 },
    text: 'Sleep helps memory.',
    score: 1,
    ...overrides,
  };
}

function randomPassages(rand: () => number, count: number, maxWords: number): Passage[] {
  return Array.from({ length: count }, (_, i) =>
    passage({
      chunkId: `c${i}`,
      versionId: `v${Math.floor(rand() * 4)}`,
      ordinal: Math.floor(rand() * 30),
      text: text(rand, maxWords),
      score: rand(),
    }),
  );
}

function randomHistory(rand: () => number, turns: number, maxWords: number): ChatTurn[] {
  return Array.from({ length: turns }, () => ({
    question: `${text(rand, 30)}?`,
    answer: `${text(rand, maxWords)} [1] [2, 3]`,
  }));
}

function lastContent(messages: readonly ChatMessage[]): string {
  return messages[messages.length - 1]?.content ?? '';
}

describe('budget', () => {
  describe('measureTemplateOverhead', () => {
    it('measures ChatML wrapping as 6 tokens a message (the most, "assistant" is two) and 3 for the generation prompt', () => {
      expect(measureTemplateOverhead(counter)).toEqual({ perMessage: 6, fixed: 3 });
    });
  });

  describe('packContext', () => {
    it('never exceeds the window on random long histories and passages (120 seeds)', () => {
      for (let seed = 1; seed <= 120; seed++) {
        const rand = random(seed);
        const contextWindow = 256 + Math.floor(rand() * 4096);
        const reservedAnswerTokens = 32 + Math.floor(rand() * 512);
        const question = `${text(rand, 40)}?`;
        // Every third seed packs with a deliberately wrong estimate: the exact check alone must hold the bound.
        const options = seed % 3 === 0 ? { safetyMargin: 0, overhead: { perMessage: 0, fixed: 0 } } : {};
        const request = {
          counter,
          contextWindow,
          reservedAnswerTokens,
          history: randomHistory(rand, Math.floor(rand() * 12), 300),
          passages: randomPassages(rand, Math.floor(rand() * 25), 500),
          question,
          options,
        };
        let packed;
        try {
          packed = packContext(request);
        } catch (error) {
          expect(error).toBeInstanceOf(ContextOverflowError);
          const bare = buildPrompt({
            systemPrompt: DEFAULT_SYSTEM_PROMPT,
            history: [],
            passages: [],
            question,
          });
          expect(counter.countPromptTokens(bare.messages) + reservedAnswerTokens).toBeGreaterThan(
            contextWindow,
          );
          continue;
        }
        const exact = counter.countPromptTokens(packed.messages);
        expect(packed.promptTokens).toBe(exact);
        expect(exact + reservedAnswerTokens, `seed ${seed}`).toBeLessThanOrEqual(contextWindow);
        expect(packed.maxAnswerTokens).toBeGreaterThanOrEqual(reservedAnswerTokens);
        expect(lastContent(packed.messages).endsWith(`Question: ${question.trim()}`)).toBe(true);
        expect(packed.sources.map((s) => s.n)).toEqual(packed.sources.map((_, i) => i + 1));
        const scores = packed.sources.map((s) => s.passage.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      }
    }, 60_000); // 120 tokenizer-heavy cases: seconds on a busy 2-core machine, not a speed target.

    it('uses the room well: a large window holds every passage and the whole history', () => {
      const rand = random(7);
      const packed = packContext({
        counter,
        contextWindow: 32_768,
        reservedAnswerTokens: 512,
        history: randomHistory(rand, 3, 50),
        passages: randomPassages(rand, 5, 80).map((p, i) => ({ ...p, versionId: `only-${i}` })),
        question: 'What helps memory?',
      });
      expect(packed.passages).toEqual({ candidates: 5, included: 5, isTruncated: false });
      expect(packed.history).toEqual({ kept: 3, condensed: 0, dropped: 0 });
    });

    it('truncates a single passage longer than the window at a sentence boundary', () => {
      const rand = random(11);
      const long = text(rand, 3000);
      const packed = packContext({
        counter,
        contextWindow: 1024,
        reservedAnswerTokens: 256,
        passages: [passage({ text: long })],
        question: 'What does it say?',
      });
      const [source] = packed.sources;
      expect(source?.passage.isTruncated).toBe(true);
      const kept = source?.passage.text ?? '';
      expect(kept.endsWith('. …')).toBe(true);
      expect(long.startsWith(kept.slice(0, -2))).toBe(true);
      expect(packed.promptTokens + 256).toBeLessThanOrEqual(1024);
      expect(packed.promptTokens + 256).toBeGreaterThan(1024 - 80);
    });

    it('cuts at a passage boundary: passages that do not fit are left out whole', () => {
      const passages = [1, 2, 3, 4, 5].map((i) =>
        passage({ chunkId: `c${i}`, versionId: `v${i}`, score: 10 - i, text: text(random(i), 150) }),
      );
      const packed = packContext({
        counter,
        contextWindow: 900,
        reservedAnswerTokens: 200,
        passages,
        question: 'Why?',
      });
      expect(packed.passages.included).toBeGreaterThan(0);
      expect(packed.passages.included).toBeLessThan(5);
      expect(packed.passages.isTruncated).toBe(false);
      expect(packed.sources.map((s) => s.passage.chunkId)).toEqual(
        passages.slice(0, packed.passages.included).map((p) => p.chunkId),
      );
    });

    it('condenses and then drops the oldest turns first and keeps the newest whole', () => {
      const rand = random(5);
      const history = randomHistory(rand, 20, 60);
      const packed = packContext({
        counter,
        contextWindow: 2048,
        reservedAnswerTokens: 256,
        history,
        passages: randomPassages(rand, 10, 200),
        question: 'And then?',
      });
      expect(packed.history.dropped).toBeGreaterThan(0);
      expect(packed.history.condensed).toBeGreaterThan(0);
      const newest = history[history.length - 1];
      const msgs = packed.messages;
      expect(msgs[msgs.length - 3]?.content).toBe(newest?.question.trim());
      expect(msgs[msgs.length - 2]?.content).toBe(newest?.answer.replace(/[ \t]*\[[\d, ]+\]/g, '').trim());
      expect(packed.promptTokens + 256).toBeLessThanOrEqual(2048);
    });

    it('keeps a long question even when nothing else fits, and refuses one that cannot fit', () => {
      const rand = random(3);
      const question = `${text(rand, 300)}?`;
      const packed = packContext({
        counter,
        contextWindow: 700,
        reservedAnswerTokens: 64,
        history: randomHistory(rand, 5, 100),
        passages: randomPassages(rand, 5, 100),
        question,
      });
      expect(lastContent(packed.messages).endsWith(question)).toBe(true);
      expect(packed.promptTokens + 64).toBeLessThanOrEqual(700);
      expect(() =>
        packContext({ counter, contextWindow: 200, reservedAnswerTokens: 64, passages: [], question }),
      ).toThrow(ContextOverflowError);
    });

    it('strips old citation markers from history answers', () => {
      const packed = packContext({
        counter,
        contextWindow: 4096,
        reservedAnswerTokens: 256,
        history: [{ question: 'Q?', answer: 'Sleep helps [1]. Also naps [2, 3].' }],
        passages: [],
        question: 'More?',
      });
      expect(packed.messages[2]).toEqual({ role: 'assistant', content: 'Sleep helps. Also naps.' });
    });
  });
});
