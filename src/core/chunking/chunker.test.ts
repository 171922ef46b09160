import { AutoTokenizer, env } from '@huggingface/transformers';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument, embeddingText, type ChunkOptions } from './chunker';
import type { Block, HeadingLevel, ParsedDocument } from './types';
import { expectGolden } from '../../testing/golden';

let countTokens: (text: string) => number;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = join(import.meta.dirname, '../../../../shared/models/');
  const tokenizer = await AutoTokenizer.from_pretrained('Xenova/all-MiniLM-L6-v2');
  countTokens = (text) => tokenizer.encode(text).length;
});

function makeDoc(specs: readonly (Block | ((i: number) => Block))[], title?: string): ParsedDocument {
  return {
    format: 'markdown',
    metadata: title ? { title } : {},
    blocks: specs.map((s, i) => (typeof s === 'function' ? s(i) : s)),
    warnings: [],
  };
}
const at = (blockIndex: number) => ({ type: 'anchor' as const, blockIndex });
const h =
  (level: HeadingLevel, text: string) =>
  (i: number): Block => ({ type: 'heading', level, text, location: at(i) });
const p =
  (text: string) =>
  (i: number): Block => ({ type: 'paragraph', text, location: at(i) });
const sentences = (topic: string, n: number) =>
  Array.from(
    { length: n },
    (_, k) => `The ${topic} note number ${k + 1} explains one more detail about ${topic} in plain words.`,
  ).join(' ');

const options = (overrides: Partial<ChunkOptions> = {}): ChunkOptions => ({
  countTokens,
  targetTokens: 120,
  maxTokens: 160,
  overlapTokens: 30,
  minSectionTokens: 40,
  ...overrides,
});

describe('chunkDocument', () => {
  describe('sizes', () => {
    it('keeps every chunk with its heading path within the maximum', () => {
      const doc = makeDoc([
        h(1, 'Guide'),
        h(2, 'Soil'),
        p(sentences('soil', 40)),
        h(2, 'Water'),
        p(sentences('water', 25)),
      ]);
      const chunks = chunkDocument(doc, options());
      expect(chunks.length).toBeGreaterThan(4);
      for (const c of chunks) {
        expect(countTokens(embeddingText(c))).toBeLessThanOrEqual(160);
        expect(c.tokenCount).toBe(countTokens(c.text));
      }
    });

    it('starts a chunk with whole trailing sentences of the one before (overlap)', () => {
      const chunks = chunkDocument(makeDoc([h(1, 'Soil'), p(sentences('soil', 30))]), options());
      expect(chunks.length).toBeGreaterThan(2);
      for (let i = 1; i < chunks.length; i++) {
        const first = (chunks[i]?.text ?? '').split(/(?<=\.) /)[0] ?? '';
        expect(chunks[i - 1]?.text.endsWith(first)).toBe(true);
        expect(first).toMatch(/^The soil note number \d+ .*\.$/);
      }
    });

    it('cuts a sentence longer than the budget between words', () => {
      const chunks = chunkDocument(
        makeDoc([p(Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '))]),
        options(),
      );
      expect(chunks.length).toBeGreaterThan(2);
      for (const c of chunks) expect(countTokens(embeddingText(c))).toBeLessThanOrEqual(160);
    });
  });

  describe('structure', () => {
    it('carries the heading path from the title down to the subsection', () => {
      const doc = makeDoc(
        [
          h(1, 'Soil'),
          p(sentences('clay', 3)),
          h(2, 'Clay'),
          p(sentences('clay', 8)),
          h(3, 'Drainage'),
          p(sentences('drainage', 8)),
        ],
        'Garden',
      );
      const paths = chunkDocument(doc, options()).map((c) => c.headingPath.join(' › '));
      expect(paths).toContain('Garden › Soil › Clay');
      expect(paths).toContain('Garden › Soil › Clay › Drainage');
    });

    it('never joins two top-level sections of normal size', () => {
      const doc = makeDoc([h(2, 'A'), p(sentences('alpha', 4)), h(2, 'B'), p(sentences('beta', 4))]);
      const chunks = chunkDocument(doc, options({ minSectionTokens: 20, targetTokens: 150, maxTokens: 200 }));
      expect(chunks.map((c) => c.headingPath)).toEqual([['A'], ['B']]);
    });

    it('merges tiny top-level sections with a neighbour and keeps their headings in the text', () => {
      const doc = makeDoc([
        h(2, 'A'),
        p('Short one.'),
        h(2, 'B'),
        p('Short two.'),
        h(2, 'C'),
        p(sentences('gamma', 12)),
      ]);
      const chunks = chunkDocument(doc, options());
      expect(chunks[0]?.headingPath).toEqual([]);
      expect(chunks[0]?.text).toBe('A\n\nShort one.\n\nB\n\nShort two.');
      expect(chunks[1]?.headingPath).toEqual(['C']);
    });

    it('keeps a table whole when it fits', () => {
      const rows = [['Plant', 'Water'], ...Array.from({ length: 5 }, (_, i) => [`plant ${i}`, `${i} l`])];
      const doc = makeDoc([
        p(sentences('intro', 3)),
        (i) => ({ type: 'table', rows, headerRows: 1, text: '', location: at(i) }),
      ]);
      const chunks = chunkDocument(doc, options());
      expect(chunks.filter((c) => c.text.includes('plant 0 | 0 l'))).toHaveLength(1);
      expect(chunks.find((c) => c.text.includes('Plant | Water'))?.text).toContain('plant 4 | 4 l');
    });

    it('splits a large table by rows and repeats its header', () => {
      const rows = [
        ['Plant', 'Water need'],
        ...Array.from({ length: 60 }, (_, i) => [`plant number ${i}`, `${i} litres each week`]),
      ];
      const chunks = chunkDocument(
        makeDoc([(i) => ({ type: 'table', rows, headerRows: 1, text: '', location: at(i) })]),
        options(),
      );
      expect(chunks.length).toBeGreaterThan(2);
      for (const c of chunks) {
        expect(c.text.startsWith('Plant | Water need\n')).toBe(true);
        expect(countTokens(embeddingText(c))).toBeLessThanOrEqual(160);
      }
      expect(chunks.map((c) => c.text).join('\n')).toContain('plant number 59 | 59 litres each week');
    });

    it('keeps a code block whole when it fits', () => {
      const code = Array.from({ length: 8 }, (_, i) => `let x${i} = ${i};`).join('\n');
      const doc = makeDoc([
        p(sentences('setup', 6)),
        (i) => ({ type: 'code', text: code, lang: 'js', location: at(i) }),
      ]);
      expect(chunkDocument(doc, options()).filter((c) => c.text.includes(code))).toHaveLength(1);
    });
  });

  describe('locations', () => {
    it('unions boxes per page for paginated sources', () => {
      const doc: ParsedDocument = {
        format: 'pdf',
        metadata: { pageCount: 2 },
        warnings: [],
        blocks: [
          {
            type: 'paragraph',
            text: 'One.',
            location: { type: 'page', page: 1, boxes: [[0.1, 0.1, 0.5, 0.2]] },
          },
          {
            type: 'paragraph',
            text: 'Two.',
            location: { type: 'page', page: 1, boxes: [[0.2, 0.3, 0.6, 0.4]] },
          },
          { type: 'page-break', page: 2, location: { type: 'page', page: 2, boxes: [] } },
          {
            type: 'paragraph',
            text: 'Three.',
            location: { type: 'page', page: 2, boxes: [[0.1, 0.1, 0.9, 0.2]] },
          },
        ],
      };
      expect(chunkDocument(doc, options())[0]?.location).toEqual({
        type: 'pages',
        pages: [
          { page: 1, box: [0.1, 0.1, 0.6, 0.4] },
          { page: 2, box: [0.1, 0.1, 0.9, 0.2] },
        ],
      });
    });
  });

  describe('golden', () => {
    it('chunks a hand-written guide the same way every time', () => {
      const doc = makeDoc(
        [
          h(1, 'Field guide'),
          p('A short guide to the garden.'),
          h(2, 'Soil'),
          p(sentences('soil', 14)),
          (i) => ({ type: 'list-item', text: 'Test the pH.', depth: 0, ordered: true, location: at(i) }),
          (i) => ({ type: 'list-item', text: 'Add compost.', depth: 0, ordered: true, location: at(i) }),
          (i) => ({ type: 'list-item', text: 'Mulch in autumn.', depth: 1, ordered: false, location: at(i) }),
          h(2, 'Water'),
          (i) => ({
            type: 'table',
            rows: [
              ['Month', 'Litres'],
              ['May', '10'],
              ['June', '20'],
            ],
            headerRows: 1,
            text: '',
            location: at(i),
          }),
          (i) => ({ type: 'quote', text: 'Water early, water deep.', location: at(i) }),
        ],
        'Field guide',
      );
      const first = chunkDocument(doc, options());
      expect(chunkDocument(doc, options())).toEqual(first);
      expectGolden('field-guide', first);
    });
  });
});
