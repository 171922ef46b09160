import { describe, expect, it } from 'vitest';
import { Bm25Index, type Bm25Document } from './bm25-index';
import { DEFAULT_BM25_SETTINGS, type Bm25Settings } from './settings';

const bodyOnly: Partial<Bm25Settings> = {
  k1: 1.2,
  b: 0.75,
  fields: [{ name: 'body', boost: 1 }],
  analysis: { stemmer: 'porter2', stopWords: 'english', joinCompounds: false },
};

function doc(id: string, body: string, title = ''): Bm25Document {
  return { id, fields: { title, body } };
}

function indexOf(docs: readonly Bm25Document[], settings: Partial<Bm25Settings> = {}): Bm25Index {
  const index = new Bm25Index(settings);
  for (const d of docs) index.add(d);
  return index;
}

/** Seeded generator (mulberry32), so the random corpora are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'alpha beta gamma delta omega river stone cloud maple cedar lantern harbor orbit prism'.split(
  ' ',
);

function randomText(next: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)] ?? 'alpha').join(' ');
}

const QUERIES = [
  'alpha',
  'beta gamma',
  'river stone cloud',
  'maple maple cedar',
  'orbit prism lantern',
  'omega',
];

describe('Bm25Index', () => {
  describe('search', () => {
    it('scores a tiny corpus as computed by hand', () => {
      // N = 3, df(cat) = 2, avgdl = 2: idf = ln(1 + 1.5 / 2.5) = ln 1.6.
      const index = indexOf([doc('d1', 'cat sat'), doc('d2', 'cat cat dog'), doc('d3', 'bird')], bodyOnly);
      const hits = index.search('cat', 10);
      expect(hits.map((h) => h.id)).toEqual(['d2', 'd1']);
      // d2: tf 2, norm 0.25 + 0.75 · 3/2 = 1.375 → tf' = 1.4545…; idf · tf' · 2.2 / (1.2 + tf').
      expect(hits[0]?.score).toBeCloseTo(0.5665797174, 9);
      // d1: tf 1, norm 1 → idf · 2.2 / 2.2 = idf.
      expect(hits[1]?.score).toBeCloseTo(Math.log(1.6), 9);
    });

    it('ranks a match in the boosted title above the same match in the body', () => {
      // Both fields hold two terms in both passages, so only the boost tells them apart.
      const index = indexOf([
        doc('body', 'notes on glaciers', 'field trip'),
        doc('title', 'field trip', 'glaciers'),
      ]);
      expect(index.search('glaciers', 10).map((h) => h.id)).toEqual(['title', 'body']);
      const flat = indexOf(
        [doc('body', 'glacier walks', 'field trip'), doc('title', 'field trip', 'glacier walks')],
        {
          fields: DEFAULT_BM25_SETTINGS.fields.map((f) => ({ ...f, boost: 1 })),
        },
      );
      const [first, second] = flat.search('glaciers', 10);
      expect(first?.score).toBeCloseTo(second?.score ?? 0, 9);
    });

    it('returns at most k hits and keeps only those the filter accepts', () => {
      const index = indexOf(['a', 'b', 'c', 'd'].map((id) => doc(id, 'shared words here')));
      expect(index.search('shared', 2)).toHaveLength(2);
      expect(
        index.search('shared', 10, { filter: (id) => id === 'c' || id === 'a' }).map((h) => h.id),
      ).toEqual(['a', 'c']);
    });

    it('finds nothing for a query made only of stop words or unknown words', () => {
      const index = indexOf([doc('a', 'the cat')]);
      expect(index.search('the of and', 10)).toEqual([]);
      expect(index.search('zebra', 10)).toEqual([]);
    });
  });

  describe('prefix search', () => {
    const corpus = [
      doc('exact', 'diab is an abbreviation'),
      doc('full', 'diabetes and diet'),
      doc('other', 'diet only'),
    ];

    it('matches words that the unfinished last word begins', () => {
      const index = indexOf(corpus);
      expect(index.search('diab', 10).map((h) => h.id)).toEqual(['exact']);
      expect(
        index
          .search('diab', 10, { prefix: true })
          .map((h) => h.id)
          .sort(),
      ).toEqual(['exact', 'full']);
    });

    it('ranks a whole-word match above a longer completion', () => {
      const index = indexOf(corpus);
      expect(index.search('diab', 10, { prefix: true })[0]?.id).toBe('exact');
    });

    it('gives a rare completion no edge over a common one of the same length', () => {
      const index = indexOf([doc('rare', 'cancan show'), doc('c1', 'cancer show'), doc('c2', 'cancer show')]);
      const hits = index.search('canc', 10, { prefix: true });
      expect(hits).toHaveLength(3);
      expect(hits[0]?.score).toBeCloseTo(hits[2]?.score ?? 0, 12);
    });

    it('combines complete words with the prefix', () => {
      const index = indexOf(corpus);
      expect(index.search('diet diab', 10, { prefix: true })[0]?.id).toBe('full');
    });
  });

  describe('add and remove', () => {
    it('gives the same results as a rebuild after mixed adds, removals and replacements', () => {
      const next = random(7);
      const docs = Array.from({ length: 60 }, (_, i) =>
        doc(`p${i}`, randomText(next, 3 + (i % 9)), randomText(next, 2)),
      );
      const incremental = indexOf(docs);
      const removed = new Set(docs.filter((_, i) => i % 3 === 0).map((d) => d.id));
      for (const id of removed) expect(incremental.remove(id)).toBe(true);
      const replaced = doc('p1', 'lantern lantern harbor', 'prism');
      incremental.add(replaced);
      const extra = Array.from({ length: 10 }, (_, i) => doc(`x${i}`, randomText(next, 5)));
      for (const d of extra) incremental.add(d);

      const final = [...docs.filter((d) => !removed.has(d.id) && d.id !== 'p1'), replaced, ...extra];
      const rebuilt = indexOf(final);
      expect(incremental.size).toBe(rebuilt.size);
      for (const query of QUERIES) {
        expect(incremental.search(query, 100)).toEqual(rebuilt.search(query, 100));
      }
    });

    it('reports removing an unknown id and forgets removed passages', () => {
      const index = indexOf([doc('a', 'river'), doc('b', 'river stone')]);
      expect(index.remove('missing')).toBe(false);
      expect(index.remove('a')).toBe(true);
      expect(index.has('a')).toBe(false);
      expect(index.search('river', 10).map((h) => h.id)).toEqual(['b']);
    });
  });
});
