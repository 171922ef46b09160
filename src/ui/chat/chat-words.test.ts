import { describe, expect, it } from 'vitest';
import type { ChatMessageView } from '../../state/chat-types';
import { announcement, isPending, progressWords, scopeWords, statusWords, timingsLine } from './chat-words';

function answer(overrides: Partial<ChatMessageView> = {}): ChatMessageView {
  return {
    id: 'm1',
    role: 'assistant',
    text: 'Beans grow in May [1].',
    status: 'done',
    sources: [],
    timings: {},
    createdAt: 0,
    ...overrides,
  };
}

describe('chat-words', () => {
  describe('timingsLine', () => {
    it('says first token, speed and length when the answer was timed', () => {
      expect(timingsLine({ firstTokenMs: 420, tokensPerSecond: 18.26, outputTokens: 42 })).toBe(
        'First token after 420 ms · 18.3 tokens/s · 42 tokens',
      );
    });
    it('uses seconds from one second on', () => {
      expect(timingsLine({ firstTokenMs: 2_350 })).toBe('First token after 2.4 s');
    });
    it('falls back to the retrieval time when no model ran', () => {
      expect(timingsLine({ retrievalMs: 12 })).toBe('Passages found in 12 ms');
    });
    it('is undefined when nothing was measured', () => {
      expect(timingsLine({})).toBeUndefined();
    });
  });

  describe('announcement', () => {
    it('says the same words for every token while the answer streams', () => {
      expect(announcement(answer({ status: 'generating', text: 'Be' }))).toBe(
        announcement(answer({ status: 'generating', text: 'Beans grow' })),
      );
    });
    it('reads the finished answer without its citation markers', () => {
      expect(announcement(answer())).toBe('Answer: Beans grow in May.');
    });
    it('gives the error of a failed answer', () => {
      expect(announcement(answer({ status: 'failed', error: 'The llm worker stopped' }))).toBe(
        'The answer failed: The llm worker stopped',
      );
    });
    it('says why there is no answer when the library does not hold it', () => {
      expect(announcement(answer({ status: 'abstained', text: 'Your library does not seem to say.' }))).toBe(
        'Your library does not seem to say.',
      );
      expect(announcement(answer({ status: 'abstained', text: '' }))).toBe(
        'Your library does not seem to hold the answer to this question.',
      );
    });
    it('says nothing for a question', () => {
      expect(announcement(answer({ role: 'user' }))).toBe('');
    });
  });

  describe('isPending', () => {
    it('is true only while the answer is still coming', () => {
      expect(['retrieving', 'loading-model', 'generating'].every((s) => isPending(s as never))).toBe(true);
      expect(isPending('done') || isPending('stopped') || isPending('failed') || isPending('abstained')).toBe(
        false,
      );
    });
  });

  describe('scopeWords and statusWords', () => {
    it('names what a question is answered from', () => {
      expect(scopeWords({ kind: 'library' })).toBe('the whole library');
      expect(scopeWords({ kind: 'document', documentId: 'd', title: 'Garden' })).toBe(
        'the document “Garden”',
      );
      expect(scopeWords({ kind: 'collection', collectionId: 'c', name: 'Work' })).toBe(
        'the collection “Work”',
      );
    });
    it('says where an answer is in plain words', () => {
      expect(statusWords('loading-model')).toBe('Loading the chat model…');
    });
  });

  describe('progressWords', () => {
    const pending = (status: 'loading-model' | 'generating', text = '', promptTokens?: number) => ({
      status,
      text,
      timings: promptTokens === undefined ? {} : { promptTokens },
    });

    it('says what the model reads before its first token, and how much', () => {
      expect(progressWords(pending('generating', '', 1597), 0)).toBe(
        'Reading your question and its passages (1,597 tokens)…',
      );
    });

    it('adds the seconds a step has taken once it takes more than a moment', () => {
      expect(progressWords(pending('loading-model'), 1.5)).toBe('Loading the chat model…');
      expect(progressWords(pending('loading-model'), 12.7)).toBe('Loading the chat model… 12 s');
    });

    it('says it is writing once words arrive', () => {
      expect(progressWords(pending('generating', 'Sow', 1597), 3)).toBe('Writing… 3 s');
    });
  });
});
