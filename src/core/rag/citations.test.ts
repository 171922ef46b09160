import { describe, expect, it } from 'vitest';
import {
  CitationTracker,
  citedNumbers,
  splitCitations,
  stripCitations,
  usedSources,
  visibleStreamText,
  type AnswerPiece,
} from './citations';
import type { SourceEntry } from './types';

function source(n: number, overrides: Partial<SourceEntry['passage']> = {}): SourceEntry {
  return {
    n,
    passage: {
      chunkId: `c${n}`,
      chunkIds: [`c${n}`],
      documentId: `d${n}`,
      versionId: 'v',
      ordinal: n,
      lastOrdinal: n,
      title: `Doc ${n}`,
      headingPath: [`Doc ${n}`, 'Results'],
      location: { page: n + 1, boxes: [[1, 2, 3, 4]] },
      text: 'text',
      score: 1,
      isTruncated: false,
      ...overrides,
    },
  };
}

/** What a reader sees: text, with citations as ⟨n,m⟩. */
function shown(pieces: readonly AnswerPiece[]): string {
  return pieces.map((p) => (p.kind === 'text' ? p.text : `⟨${p.numbers.join(',')}⟩`)).join('');
}

describe('citations', () => {
  describe('splitCitations', () => {
    it('drops a marker that matches no source together with the space before it', () => {
      expect(splitCitations('No source [9]. Then [1] and [7] more.', 2)).toEqual([
        { kind: 'text', text: 'No source. Then ' },
        { kind: 'citation', numbers: [1] },
        { kind: 'text', text: ' and more.' },
      ]);
    });

    it('recognises [n], [n, m] and [n][m] as citations', () => {
      expect(splitCitations('A [1]. B [2, 3]. C [1][3].', 3)).toEqual([
        { kind: 'text', text: 'A ' },
        { kind: 'citation', numbers: [1] },
        { kind: 'text', text: '. B ' },
        { kind: 'citation', numbers: [2, 3] },
        { kind: 'text', text: '. C ' },
        { kind: 'citation', numbers: [1, 3] },
        { kind: 'text', text: '.' },
      ]);
    });

    it('drops numbers that match no source and markers left empty', () => {
      expect(shown(splitCitations('A [0] b [7, 2] c [9][1] d [12].', 3))).toBe('A b ⟨2⟩ c ⟨1⟩ d.');
    });

    it('leaves other brackets alone', () => {
      expect(shown(splitCitations('[a] [1a] [ ] [-1] [1.5]', 3))).toBe('[a] [1a] [ ] [-1] [1.5]');
    });
  });

  describe('visibleStreamText', () => {
    it('holds back a marker still being typed and releases text that is no marker', () => {
      expect(visibleStreamText('Sleep [', false)).toBe('Sleep');
      expect(visibleStreamText('Sleep [1, 2', false)).toBe('Sleep');
      expect(visibleStreamText('Sleep [1, 2', true)).toBe('Sleep [1, 2');
      expect(visibleStreamText('Sleep [see', false)).toBe('Sleep [see');
    });

    it('never shows something it later takes back, at any split of the stream', () => {
      const answer = 'Naps help [1][2]. Caffeine [3, 1] delays [see below] sleep [12]. Done [2]';
      const final = shown(splitCitations(answer, 3));
      for (let i = 0; i <= answer.length; i++) {
        const partial = shown(splitCitations(visibleStreamText(answer.slice(0, i), false), 3));
        // Dropped invalid markers aside, what is shown is always a beginning of the final rendering.
        expect(final.startsWith(partial.replace(/⟨[\d,]+⟩$/, '')), `at ${i}: ${partial}`).toBe(true);
      }
    });
  });

  describe('CitationTracker', () => {
    it('lists cited sources in order of first use as tokens arrive, markers split across tokens', () => {
      const tracker = new CitationTracker(3);
      const seen: number[][] = [];
      for (const token of ['Sleep', ' helps [', '2', '].', ' Naps [', '1,', ' 2', ']', ' and [3', ']']) {
        tracker.append(token);
        seen.push([...tracker.used]);
      }
      expect(seen).toEqual([[], [], [], [2], [2], [2], [2], [2, 1], [2, 1], [2, 1, 3]]);
    });

    it('ignores brackets in inline code and fenced code, also when the fence arrives in pieces', () => {
      const tracker = new CitationTracker(5);
      for (const token of ['Use `a[1]` here [2].\n', '`', '``js\nx[3]\n``', '`\nAfter [4]'])
        tracker.append(token);
      expect(tracker.finish().used).toEqual([2, 4]);
    });

    it('decides a held marker when the stream finishes', () => {
      expect(new CitationTracker(3).append('Ends with [3').finish().used).toEqual([]);
      expect(new CitationTracker(3).append('Ends with [3]').finish().used).toEqual([3]);
    });
  });

  describe('citedNumbers', () => {
    it('matches the tracker on the whole text at once', () => {
      expect(citedNumbers('B [3]. A [1, 3]. none [8].', 3)).toEqual([3, 1]);
    });
  });

  describe('usedSources', () => {
    it('maps the cited numbers to their locations in order of first use', () => {
      const used = usedSources('X [2]. Y [1][2]. Z [5].', [
        source(1),
        source(2, { location: { timeRange: [62, 100] } }),
      ]);
      expect(used.map((u) => [u.n, u.chunkId, u.label])).toEqual([
        [2, 'c2', 'Doc 2 › Results, 1:02–1:40'],
        [1, 'c1', 'Doc 1 › Results, page 2'],
      ]);
      expect(used[1]?.location).toEqual({ page: 2, boxes: [[1, 2, 3, 4]] });
    });
  });

  describe('stripCitations', () => {
    it('removes markers and the space before them', () => {
      expect(stripCitations('A [1]. B [2, 3][4].')).toBe('A. B.');
    });
  });
});
