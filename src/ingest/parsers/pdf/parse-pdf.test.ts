import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, ParsedDocument } from '../../../core/chunking/types';
import { parsePdf } from './parse-pdf';
import { nodePdfOptions } from './pdfjs-node';

const corpus = join(import.meta.dirname, '../../../../../shared/data/pdf-corpus');
const read = (file: string) => readFileSync(join(corpus, file));
const parse = (file: string, password?: string) =>
  parsePdf(read(file), { ...nodePdfOptions, ...(password ? { password } : {}) });

function textOf(block: Block): string {
  return 'text' in block ? block.text : '';
}

function pageOf(doc: ParsedDocument, phrase: string): number | undefined {
  const block = doc.blocks.find((b) => textOf(b).includes(phrase));
  return block?.location.type === 'page' ? block.location.page : undefined;
}

describe('parsePdf', () => {
  describe('text and pages', () => {
    it('finds known phrases on the page they are printed on', async () => {
      const trace = await parse('pdfjs/tracemonkey.pdf');
      expect(pageOf(trace, 'Trace-based Just-in-Time Type Specialization')).toBe(1);
      expect(pageOf(trace, 'A trace records all its intermediate values in a small activation')).toBe(4);
      expect(pageOf(trace, 'Recording is activated by a pointer swap')).toBe(9);
      const kids = await parse('pdfjs/pdkids.pdf');
      expect(pageOf(kids, 'In every hive of bees, there are three kinds')).toBe(10);
      const attention = await parse('arxiv/1706.03762.pdf');
      expect(pageOf(attention, 'Scaled Dot-Product Attention')).toBe(4);
    }, 120_000);

    it('keeps text set in a font pdf.js has no metrics for', async () => {
      // pdf.js gives NaN ascent and descent for a font it could not load; the text must stay.
      expect(pageOf(await parse('pdfjs/helloworld-bad.pdf'), 'Hello, world!')).toBe(1);
      expect(pageOf(await parse('pdfjs/issue5421.pdf'), 'РЕСПУБЛИКАСЫ')).toBe(1);
    });

    it('reads a two-column page column by column and finds headings by size', async () => {
      const doc = await parse('pdfjs/tracemonkey.pdf');
      const left = doc.blocks.findIndex((b) => textOf(b).startsWith('i=5. TraceMonkey calls'));
      const right = doc.blocks.findIndex((b) =>
        textOf(b).startsWith('A trace records all its intermediate values'),
      );
      expect(left).toBeGreaterThan(-1);
      expect(right).toBeGreaterThan(left);
      expect(textOf(doc.blocks[left] as Block)).not.toContain('activation');
      const heading = doc.blocks.find((b) => b.type === 'heading' && b.text === '3. Trace Trees');
      expect(heading?.location).toMatchObject({ type: 'page', page: 4 });
      expect(doc.blocks.filter((b) => b.type === 'page-break')).toHaveLength(14);
    }, 60_000);

    it('reads a simple table as a table block with its cells', async () => {
      const doc = await parse('arxiv/1706.03762.pdf');
      const table = doc.blocks.find((b) => b.type === 'table' && b.rows.some((r) => r[0] === 'Recurrent'));
      expect(table?.location).toMatchObject({ type: 'page', page: 6 });
      expect(table?.type === 'table' ? table.rows : []).toContainEqual([
        'Recurrent',
        'O(n · d2)',
        'O(n)',
        'O(n)',
      ]);
    }, 60_000);

    it('records pages without text as needing OCR instead of dropping them', async () => {
      const doc = await parse('ocrmypdf/multipage.pdf');
      expect(doc.metadata.pageCount).toBe(6);
      expect(doc.metadata.pagesNeedingOcr?.length).toBeGreaterThan(0);
      expect(doc.warnings.find((w) => w.code === 'needs-ocr')?.message).toMatch(
        /^Page \d+ has no text: it needs OCR/,
      );
    }, 60_000);
  });

  describe('passwords', () => {
    it('asks for the password when an encrypted PDF comes without one', async () => {
      await expect(parse('pdfjs/issue3371.pdf')).rejects.toMatchObject({
        name: 'PasswordRequiredError',
        code: 'password-required',
        message: expect.stringContaining('This PDF is protected by a password') as string,
      });
    });

    it('says the password is wrong when it is', async () => {
      await expect(parse('pdfjs/issue3371.pdf', 'nope')).rejects.toMatchObject({
        name: 'WrongPasswordError',
        code: 'wrong-password',
      });
      await expect(parse('qpdf/enc-XI-R6,V5,U=view,O=master.pdf', 'master1')).rejects.toMatchObject({
        name: 'WrongPasswordError',
      });
    });

    it('opens RC4, AES-256 and non-ASCII password files with the right password', async () => {
      for (const [file, password] of [
        ['pdfjs/issue3371.pdf', 'ELXRTQWS'],
        ['qpdf/enc-R3,V2,U=view,O=master.pdf', 'view'],
        ['qpdf/enc-XI-R6,V5,U=view,O=master.pdf', 'view'],
        ['pdfjs/issue21579.pdf', 'pässwört'],
        ['pdfjs/issue6010_2.pdf', 'æøå'],
      ] as const) {
        const doc = await parse(file, password);
        expect(doc.metadata.pageCount, file).toBeGreaterThan(0);
      }
    }, 60_000);
  });

  describe('budgets', () => {
    it('stops with ParseAbortedError when the signal is already aborted', async () => {
      await expect(
        parsePdf(read('pdfjs/tracemonkey.pdf'), { ...nodePdfOptions, signal: AbortSignal.abort() }),
      ).rejects.toMatchObject({
        name: 'ParseAbortedError',
      });
    });

    it('stops with ParseAbortedError when aborted mid-way', async () => {
      const controller = new AbortController();
      const parsing = parsePdf(read('pdfjs/pdkids.pdf'), { ...nodePdfOptions, signal: controller.signal });
      setTimeout(() => {
        controller.abort();
      }, 5);
      await expect(parsing).rejects.toMatchObject({ name: 'ParseAbortedError', code: 'aborted' });
    });

    it('stops with ParseTimeoutError past the time budget', async () => {
      await expect(
        parsePdf(read('pdfjs/pdkids.pdf'), { ...nodePdfOptions, timeoutMs: 1 }),
      ).rejects.toMatchObject({ name: 'ParseTimeoutError', code: 'timeout' });
    });

    it('refuses a file over the size limit before reading it', async () => {
      await expect(
        parsePdf(read('pdfjs/tracemonkey.pdf'), { ...nodePdfOptions, maxBytes: 1000 }),
      ).rejects.toMatchObject({ name: 'TooLargeError' });
    });

    it('fails a damaged file with CorruptFileError', async () => {
      await expect(parse('pdfjs/bug1020226.pdf')).rejects.toMatchObject({
        name: 'CorruptFileError',
        code: 'corrupt',
      });
    });
  });
});
