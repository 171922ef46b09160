import { describe, expect, it } from 'vitest';
import {
  dedupePassages,
  joinNeighbours,
  mergeLocations,
  mergeNeighbours,
  prepareCandidates,
} from './passages';
import type { Passage } from './types';

function passage(overrides: Partial<Passage> = {}): Passage {
  return {
    chunkId: 'c1',
    documentId: 'd1',
    versionId: 'v1',
    ordinal: 0,
    title: 'Sleep',
    headingPath: ['Sleep', 'Results'],
    location: { page: 1 },
    text: 'Sleep helps memory consolidation in adults.',
    score: 1,
    ...overrides,
  };
}

describe('passages', () => {
  describe('dedupePassages', () => {
    it('keeps the strongest copy of the same chunk', () => {
      const out = dedupePassages([passage({ score: 0.2 }), passage({ score: 0.9 })]);
      expect(out.map((p) => p.score)).toEqual([0.9]);
    });

    it('drops near-identical text from another document, keeping the stronger', () => {
      const text =
        'Sleep helps memory consolidation in adults, according to three large trials of older people.';
      const out = dedupePassages([
        passage({ chunkId: 'a', documentId: 'd1', text, score: 0.4 }),
        passage({ chunkId: 'b', documentId: 'd2', text: `${text.toUpperCase()}  `, score: 0.7 }),
        passage({
          chunkId: 'c',
          documentId: 'd3',
          text: 'Caffeine delays sleep onset by about twenty minutes.',
          score: 0.1,
        }),
      ]);
      expect(out.map((p) => p.chunkId)).toEqual(['b', 'c']);
    });
  });

  describe('joinNeighbours', () => {
    it('removes the sentences the next chunk repeats as overlap', () => {
      expect(joinNeighbours('One thing. Two things happen.', 'Two things happen. Three.')).toBe(
        'One thing. Two things happen.\n\nThree.',
      );
    });

    it('joins with a blank line when there is no overlap', () => {
      expect(joinNeighbours('First part.', 'Second part.')).toBe('First part.\n\nSecond part.');
    });
  });

  describe('mergeNeighbours', () => {
    it('merges consecutive ordinals of one version into one passage with the best score', () => {
      const out = mergeNeighbours([
        passage({
          chunkId: 'b',
          ordinal: 5,
          text: 'B.',
          score: 0.9,
          location: { pages: [{ page: 2, box: [0, 0.5, 1, 1] }] },
        }),
        passage({
          chunkId: 'a',
          ordinal: 4,
          text: 'A.',
          score: 0.3,
          location: { pages: [{ page: 2, box: [0, 0, 1, 0.4] }] },
        }),
        passage({ chunkId: 'x', ordinal: 4, versionId: 'v2', text: 'X.', score: 0.5 }),
        passage({ chunkId: 'c', ordinal: 7, text: 'C.', score: 0.1 }),
      ]);
      expect(out.map((p) => [p.chunkIds, p.score, p.text])).toEqual([
        [['a', 'b'], 0.9, 'A.\n\nB.'],
        [['x'], 0.5, 'X.'],
        [['c'], 0.1, 'C.'],
      ]);
      expect(out[0]?.location).toEqual({ pages: [{ page: 2, box: [0, 0, 1, 1] }] });
      expect(out[0]?.ordinal).toBe(4);
      expect(out[0]?.lastOrdinal).toBe(5);
    });

    it('keeps only the heading path the merged chunks share', () => {
      const [merged] = mergeNeighbours([
        passage({ chunkId: 'a', ordinal: 0, headingPath: ['T', 'Methods', 'Sampling'] }),
        passage({ chunkId: 'b', ordinal: 1, headingPath: ['T', 'Methods', 'Analysis'] }),
      ]);
      expect(merged?.headingPath).toEqual(['T', 'Methods']);
    });
  });

  describe('mergeLocations', () => {
    it('widens time ranges and anchors and keeps the first page', () => {
      expect(
        mergeLocations([
          {
            page: 3,
            timeRange: [10, 20],
            anchor: { blockStart: 2, blockEnd: 4, elementId: 'h', charStart: 5, charEnd: 50 },
          },
          {
            page: 4,
            timeRange: [20, 35],
            anchor: { blockStart: 5, blockEnd: 6, charStart: 51, charEnd: 90 },
          },
        ]),
      ).toEqual({
        page: 3,
        timeRange: [10, 35],
        anchor: { blockStart: 2, blockEnd: 6, elementId: 'h', charStart: 5, charEnd: 90 },
      });
    });
  });

  describe('prepareCandidates', () => {
    it('de-duplicates before merging, so a repeated chunk is not merged twice', () => {
      const out = prepareCandidates([
        passage({ chunkId: 'a', ordinal: 0, text: 'Alpha beta gamma delta.', score: 0.5 }),
        passage({ chunkId: 'a', ordinal: 0, text: 'Alpha beta gamma delta.', score: 0.8 }),
        passage({ chunkId: 'b', ordinal: 1, text: 'Epsilon zeta eta theta.', score: 0.2 }),
      ]);
      expect(out).toHaveLength(1);
      expect(out[0]?.chunkIds).toEqual(['a', 'b']);
      expect(out[0]?.score).toBe(0.8);
    });
  });
});
