import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25-index';
import { BM25_FORMAT_VERSION, fromSegments, toSegments } from './segments';

function sample(): Bm25Index {
  const index = new Bm25Index({ k1: 1.1, b: 0.6 });
  const texts = [
    ['a', 'Glacier melt', 'Glaciers retreat as summers warm.'],
    ['b', 'Harbor log', 'Ships left the harbor before the storm.'],
    ['c', 'Storm notes', 'The storm damaged glaciers’ edges and the harbor wall.'],
    ['d', '東京の天気', '東京都の天気は晴れ。'],
  ] as const;
  for (const [id, title, body] of texts) index.add({ id, fields: { title, body } });
  return index;
}

const QUERIES = ['glacier', 'storm harbor', '東京', 'warm summers'];

describe('segments', () => {
  describe('toSegments / fromSegments', () => {
    it('round-trips an index to identical search results and settings', () => {
      const index = sample();
      const loaded = fromSegments(structuredClone(toSegments(index)));
      expect(loaded.settings).toEqual(index.settings);
      expect(loaded.size).toBe(index.size);
      for (const q of QUERIES) expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
      expect(loaded.search('sto', 10, { prefix: true })).toEqual(index.search('sto', 10, { prefix: true }));
    });

    it('stores postings in a few typed arrays with a versioned header', () => {
      const segments = toSegments(sample());
      expect(segments.header).toMatchObject({
        format: 'thinkbank-bm25',
        version: BM25_FORMAT_VERSION,
        docCount: 4,
      });
      expect(segments.postingDocs).toBeInstanceOf(Uint32Array);
      expect(segments.postingTfs).toBeInstanceOf(Uint16Array);
      expect(segments.postingStarts.length).toBe(segments.header.termCount + 1);
    });

    it('compacts removed passages away and keeps a loaded index editable', () => {
      const index = sample();
      index.remove('b');
      const segments = toSegments(index);
      expect(segments.header.docCount).toBe(3);
      const loaded = fromSegments(segments);
      const before = Uint32Array.from(segments.postingDocs);
      loaded.remove('a');
      loaded.add({ id: 'e', fields: { body: 'A new storm over the glacier.' } });
      index.remove('a');
      index.add({ id: 'e', fields: { body: 'A new storm over the glacier.' } });
      for (const q of QUERIES) expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
      expect(segments.postingDocs).toEqual(before);
    });

    it('refuses segments of another format version', () => {
      const segments = toSegments(sample());
      expect(() => fromSegments({ ...segments, header: { ...segments.header, version: 99 } })).toThrow(
        /needs rebuilding/,
      );
    });

    it('refuses segments whose parts disagree in size', () => {
      const segments = toSegments(sample());
      expect(() => fromSegments({ ...segments, postingDocs: segments.postingDocs.subarray(1) })).toThrow(
        /damaged/,
      );
    });
  });
});
