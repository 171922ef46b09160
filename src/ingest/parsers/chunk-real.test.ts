import { AutoTokenizer, env } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument, embeddingText } from '../../core/chunking/chunker';
import type { Chunk } from '../../core/chunking/types';
import { parseDocx } from './docx';
import { parseHtmlString } from './html';
import { parseMarkdownText } from './markdown';
import { parsePdf } from './pdf/parse-pdf';
import { nodePdfOptions } from './pdf/pdfjs-node';
import { expectGolden } from '../../testing/golden';

const data = join(import.meta.dirname, '../../../../shared/data');
const MAX = 256;
let countTokens: (text: string) => number;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = join(data, '../models/');
  const tokenizer = await AutoTokenizer.from_pretrained('Xenova/all-MiniLM-L6-v2');
  countTokens = (text) => tokenizer.encode(text).length;
});

/** Long documents are kept in golden files by a short view of each chunk. */
const brief = (c: Chunk) => ({
  ...c,
  text: c.text.length > 160 ? `${c.text.slice(0, 100)} … ${c.text.slice(-40)}` : c.text,
});

function expectBounded(chunks: readonly Chunk[]): void {
  for (const c of chunks) expect(countTokens(embeddingText(c))).toBeLessThanOrEqual(MAX);
}

describe('parsers with chunkDocument', () => {
  it('chunks the Markdown handbook by its sections', () => {
    const doc = parseMarkdownText(
      readFileSync(join(import.meta.dirname, '__fixtures__/handbook.md'), 'utf8'),
    );
    const chunks = chunkDocument(doc, {
      countTokens,
      targetTokens: 80,
      maxTokens: 120,
      overlapTokens: 24,
      minSectionTokens: 30,
    });
    expect(chunks.find((c) => c.text.includes('Chat | quick questions'))?.text).toContain(
      'Wiki | long-lived notes | everyone',
    );
    expect(chunks.some((c) => c.headingPath.join(' › ') === 'Team handbook › Meetings › Weekly sync')).toBe(
      true,
    );
    expectGolden('handbook-md', chunks);
  });

  it('chunks tracemonkey.pdf within the maximum, with pages and boxes', async () => {
    const doc = await parsePdf(readFileSync(join(data, 'pdf-corpus/pdfjs/tracemonkey.pdf')), nodePdfOptions);
    const chunks = chunkDocument(doc, { countTokens, targetTokens: 200, maxTokens: MAX });
    expectBounded(chunks);
    const hit = chunks.find((c) => c.text.includes('A trace records all its intermediate values'));
    expect(hit?.location).toMatchObject({ type: 'pages', pages: [{ page: 4 }] });
    expect(hit?.headingPath).toEqual([
      'Trace-based Just-in-Time Type Specialization for Dynamic Languages',
      '3. Trace Trees',
      '3.1 Traces',
    ]);
    expectGolden('tracemonkey-pdf', chunks.map(brief));
  }, 120_000);

  it('chunks a real web page and a Word file', async () => {
    const html = parseHtmlString(
      readFileSync(join(data, 'html-readability-testpages/001/source.html'), 'utf8'),
    );
    const htmlChunks = chunkDocument(html, { countTokens });
    expectBounded(htmlChunks);
    expectGolden('readability-001-html', htmlChunks.map(brief));
    const docx = await parseDocx(readFileSync(join(data, 'docx-mammoth-testdata/tables.docx')));
    expectGolden('tables-docx', chunkDocument(docx, { countTokens }));
  }, 60_000);
});
