// The chat service's pure parts: scope → search filters, the order and flags of an answer's sources,
// and errors in words a person reads.
import { describe, expect, it } from 'vitest';
import { AbortError, WorkerCrashedError } from '../core/errors';
import { ContextOverflowError } from '../core/rag/budget';
import type { ContextPassage, SourceEntry } from '../core/rag/types';
import { answerError, answerSources, nearestSources, scopeFilters } from './chat-service';

function passage(i: number, overrides: Partial<ContextPassage> = {}): ContextPassage {
  return {
    chunkId: `c${String(i)}`,
    documentId: `d${String(i)}`,
    versionId: `v${String(i)}`,
    ordinal: 0,
    title: `Doc ${String(i)}`,
    headingPath: [],
    location: { page: i },
    text: `Passage ${String(i)} text.`,
    score: 1 / i,
    chunkIds: [`c${String(i)}`],
    lastOrdinal: 0,
    isTruncated: false,
    ...overrides,
  };
}

const sources: SourceEntry[] = [1, 2, 3].map((n) => ({ n, passage: passage(n) }));

describe('chat service', () => {
  describe('scopeFilters', () => {
    it('searches everything for the library, one collection or one document otherwise', () => {
      expect(scopeFilters({ kind: 'library' })).toEqual({});
      expect(scopeFilters({ kind: 'collection', collectionId: 'work', name: 'Work' })).toEqual({
        collectionIds: ['work'],
      });
      expect(scopeFilters({ kind: 'document', documentId: 'd1', title: 'T' })).toEqual({
        documentIds: ['d1'],
      });
    });
  });

  describe('answerSources', () => {
    it('lists cited sources first in order of first use, then the rest, dropping markers of no source', () => {
      const types = new Map([['d3', 'pdf' as const]]);
      const out = answerSources('Yes [3], and [9] also [1].', { sources }, types);
      expect(out.map((s) => [s.n, s.isCited])).toEqual([
        [3, true],
        [1, true],
        [2, false],
      ]);
      expect(out[0]).toMatchObject({ type: 'pdf', label: 'Doc 3, page 3', excerpt: 'Passage 3 text.' });
    });
  });

  describe('nearestSources', () => {
    it('numbers the nearest passages in retrieval order, none cited, cut to the count', () => {
      const retrieved = [1, 2, 3, 4].map((i) => ({
        ...passage(i, { text: 'x '.repeat(400) }),
        type: 'markdown' as const,
        location: { page: i },
        scores: { keyword: 1, semantic: undefined, fused: 1 },
      }));
      const out = nearestSources(retrieved, 3);
      expect(out.map((s) => [s.n, s.chunkId, s.isCited])).toEqual([
        [1, 'c1', false],
        [2, 'c2', false],
        [3, 'c3', false],
      ]);
      expect(out[0]?.excerpt.length).toBeLessThanOrEqual(241);
      expect(out[0]?.excerpt.endsWith('…')).toBe(true);
    });
  });

  describe('answerError', () => {
    it('says what happens next after a crash, and keeps plain reasons without class names', () => {
      expect(answerError(new WorkerCrashedError('llm'))).toMatch(
        /^The chat model stopped while answering.*ask again/,
      );
      expect(answerError(new ContextOverflowError(900, 500))).toMatch(
        /^The question is too long for this model/,
      );
      expect(answerError(new AbortError('Stopped.'))).toBe('Stopped.');
    });
  });
});
