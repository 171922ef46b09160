// Every file of the shared PDF corpus (../shared/data/pdf-corpus; its manifest.csv says what each
// file is) against the outcome written down for it: read, with its page count, the pages that ask
// for OCR and a phrase found on its page (or no text at all); or refused with a typed error and a
// plain reason. A file that quietly yields nothing, or a file added to the corpus without an
// expectation here, fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../../core/chunking/types';
import { ParseError, parseDocument } from '../index';
import { nodePdfOptions } from './pdfjs-node';

const corpus = join(import.meta.dirname, '../../../../../shared/data/pdf-corpus');

interface Read {
  pages: number;
  /** Pages reported as needing OCR (none when absent). */
  needsOcr?: number[];
  /** A phrase and the page it is printed on, or 'none' when the file has no text layer at all. */
  text: readonly [page: number, phrase: string] | 'none';
}

interface Refused {
  refused: 'UnsupportedTypeError' | 'PasswordRequiredError' | 'CorruptFileError';
  /** What the person is told. */
  reason: RegExp;
}

const DAMAGED = /^The file is damaged or not what its type says, so it cannot be read \(/;
const POTATOES = { pages: 30, text: [2, 'Potato 1'] } as const;

/** Files with a password in the manifest are read with it (and asked for it without). */
const EXPECTED: Record<string, Read | Refused> = {
  // Real documents
  'pdfjs/tracemonkey.pdf': { pages: 14, text: [4, 'A trace records all its intermediate values'] },
  'pdfjs/pdkids.pdf': { pages: 55, text: [10, 'In every hive of bees, there are three kinds'] },
  'pdfjs/file_pdfjs_test.pdf': { pages: 5, text: [1, 'Mozilla automated testing'] },
  'ocrmypdf/tagged.pdf': { pages: 2, text: [1, 'Table of Contents'] },
  'arxiv/1706.03762.pdf': { pages: 15, text: [4, 'Scaled Dot-Product Attention'] },
  // Forms
  'pdfjs/issue6127.pdf': { pages: 3, text: [1, 'à adresser'] },
  'pdfjs/prefilled_f1040.pdf': { pages: 2, text: [1, 'Department of the Treasury'] },
  // Scans: no text layer, every page asks for OCR. A scanner's garbled OCR layer (Latin look-alikes of
  // Russian) asks for OCR too; without a reader its text is kept.
  'pdfjs/issue12963.pdf': { pages: 8, needsOcr: [1, 2, 3, 4, 5, 6, 7, 8], text: [1, 'KHA 1152017'] },
  'ocrmypdf/c02-22.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/jbig2.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/rotated_skew.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/multipage.pdf': { pages: 6, needsOcr: [1, 2, 3, 5, 6], text: [4, '400'] },
  'ocrmypdf/graph.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/lichtenstein.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/masks.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/typewriter.png': { refused: 'UnsupportedTypeError', reason: /\(a PNG image\)/ },
  'pdfjs/personwithdog.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'pdfjs/ccitt_EndOfBlock_false.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/vector.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  // Fonts, scripts and text quirks
  'pdfjs/mixedfonts.pdf': { pages: 1, text: [1, 'Font Types'] },
  // Pages 2 and 3 hold no text for pdf.js or poppler either.
  'pdfjs/vertical.pdf': { pages: 3, needsOcr: [2, 3], text: [1, '日本語'] },
  'pdfjs/ArabicCIDTrueType.pdf': { pages: 1, text: [1, 'اﻟﻌﺮﺑﻴﺔ'] },
  'pdfjs/issue5421.pdf': { pages: 1, text: [1, 'РЕСПУБЛИКАСЫ'] },
  'pdfjs/rotated.pdf': { pages: 1, text: [1, 'Rotated text'] },
  'pdfjs/simpletype3font.pdf': { pages: 1, text: [1, 'ababab'] },
  'pdfjs/operator-in-TJ-array.pdf': { pages: 1, text: [1, 'Grandes Clientèles, Financements et Marchés'] },
  'pdfjs/issue8702.pdf': { pages: 2, text: [1, 'TEST TEST'] },
  // No Unicode mapping: the glyph codes come out as symbols (as with poppler), so the page asks for OCR.
  'ocrmypdf/truetype_font_nomapping.pdf': { pages: 1, needsOcr: [1], text: [1, '"7+%-'] },
  // Encrypted. issue3371 holds no text once opened (for poppler either).
  'pdfjs/issue3371.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'pdfjs/issue6010_2.pdf': { pages: 1, text: [1, 'Issue 6010'] },
  'pdfjs/issue21579.pdf': { pages: 1, text: [1, 'AES-256 R5'] },
  'pdfjs/issue15893_reduced.pdf': { pages: 1, text: [1, 'Issue 15893 - password'] },
  'pdfjs/issue9972-1.pdf': { pages: 1, text: [1, 'Personal Vitality Rebate'] },
  // pdf.js asks for a password here (poppler opens it without one).
  'pdfjs/encrypted-attachment.pdf': {
    refused: 'PasswordRequiredError',
    reason: /^This PDF is protected by a password\. Enter it to add the file\.$/,
  },
  'qpdf/enc-R3,V2,U=view,O=master.pdf': POTATOES,
  'qpdf/enc-XI-R6,V5,U=view,O=master.pdf': POTATOES,
  // Broken: pdf.js repairs most; what it cannot read is refused as damaged.
  'pdfjs/issue1293r.pdf': { pages: 1, text: [1, 'Issue 1293'] },
  'pdfjs/helloworld-bad.pdf': { pages: 1, text: [1, 'Hello, world!'] },
  'pdfjs/scan-bad.pdf': { pages: 1, text: [1, 'pdf.js'] },
  'pdfjs/poppler-395-0-fuzzed.pdf': { refused: 'CorruptFileError', reason: DAMAGED },
  'pdfjs/bug1020226.pdf': { refused: 'CorruptFileError', reason: DAMAGED },
  'pdfjs/bug1978317.pdf': { pages: 1, text: [1, 'Hello World'] },
  'pdfjs/issue4461.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/kcs.pdf': { pages: 1, needsOcr: [1], text: 'none' },
  'ocrmypdf/overlay.pdf': { pages: 1, text: [1, 'Text'] },
  'qpdf/append-page-content-damaged.pdf': { pages: 30, text: [1, 'Potato 0 new'] },
  'qpdf/badlin1.pdf': POTATOES,
  'qpdf/bad-content.pdf': {
    refused: 'UnsupportedTypeError',
    reason: /\(a file in an unknown binary format\)/,
  },
  // A decompression bomb: read within the pixel limit, its text kept.
  'pdfjs/bomb_giant.pdf': { pages: 1, text: [1, 'GIANT JBIG2 BOMB'] },
};

/** The time one file may take before the parser stops it (a stopped file fails its expectation). */
const BUDGET_MS = 45_000;

/** file → password, from the manifest (quoted cells may hold commas). */
function manifestPasswords(): Map<string, string> {
  const rows = readFileSync(join(corpus, 'manifest.csv'), 'utf8').trim().split('\n').slice(1);
  return new Map(
    rows.map((row) => {
      const cells =
        row.match(/("[^"]*"|[^,]*)(?:,|$)/g)?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')) ?? [];
      return [cells[0] ?? '', cells[2] ?? ''];
    }),
  );
}

/** The corpus on disk: every file but the manifest and OCR transcripts (`*.txt`, see the data README). */
function corpusFiles(): string[] {
  return readdirSync(corpus, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'manifest.csv' && !e.name.endsWith('.txt'))
    .map((e) => join(e.parentPath, e.name).slice(corpus.length + 1))
    .sort();
}

const passwords = manifestPasswords();

function parse(file: string, password: string | undefined): Promise<ParsedDocument | Error> {
  return parseDocument(readFileSync(join(corpus, file)), {
    ...nodePdfOptions,
    fileName: file,
    timeoutMs: BUDGET_MS,
    ...(password ? { password } : {}),
  }).then(
    (r) => r.document,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
}

const textOf = (doc: ParsedDocument) =>
  doc.blocks.flatMap((b) => ('text' in b && b.text.trim() !== '' ? [b] : []));

function expectRead(file: string, outcome: ParsedDocument | Error, expected: Read): void {
  if (outcome instanceof Error) {
    throw new Error(`${file} should be read, but failed: ${outcome.name}: ${outcome.message}`);
  }
  expect(outcome.metadata.pageCount).toBe(expected.pages);
  const needsOcr = expected.needsOcr ?? [];
  expect(outcome.metadata.pagesNeedingOcr ?? []).toEqual(needsOcr);
  expect(outcome.warnings.filter((w) => w.code === 'needs-ocr').map((w) => w.page)).toEqual(needsOcr);
  const blocks = textOf(outcome);
  if (expected.text === 'none') {
    expect(blocks.map((b) => ('text' in b ? b.text : ''))).toEqual([]);
  } else {
    const [page, phrase] = expected.text;
    const block = blocks.find((b) => 'text' in b && b.text.includes(phrase));
    expect(block, `"${phrase}" in ${file}`).toBeDefined();
    expect(block?.location).toMatchObject({ type: 'page', page });
  }
  for (const b of outcome.blocks) {
    if (b.location.type !== 'page') continue;
    for (const [x0, y0, x1, y1] of b.location.boxes) {
      expect(x0).toBeLessThanOrEqual(x1);
      expect(y0).toBeLessThanOrEqual(y1);
      expect(Math.min(x0, y0)).toBeGreaterThanOrEqual(0);
      expect(Math.max(x1, y1)).toBeLessThanOrEqual(1);
    }
  }
}

function expectRefused(file: string, outcome: ParsedDocument | Error, expected: Refused): void {
  if (!(outcome instanceof Error)) {
    throw new Error(`${file} should be refused with ${expected.refused}, but was read.`);
  }
  expect(outcome).toBeInstanceOf(ParseError);
  expect(outcome.name).toBe(expected.refused);
  expect(outcome.message).toMatch(expected.reason);
}

function title(file: string, expected: Read | Refused): string {
  if ('refused' in expected) return `refuses ${file} with ${expected.refused}`;
  const text = expected.text === 'none' ? 'no text' : `"${expected.text[1]}" on page ${expected.text[0]}`;
  const ocr = expected.needsOcr ? `, OCR asked for page ${expected.needsOcr.join(', ')}` : '';
  return `reads ${file}: ${expected.pages} page${expected.pages === 1 ? '' : 's'}, ${text}${ocr}`;
}

describe('parseDocument over the PDF corpus', () => {
  it('has an expectation for every file of the corpus, and the manifest lists them all', () => {
    const files = corpusFiles();
    const expected = Object.keys(EXPECTED);
    expect({
      withoutExpectation: files.filter((f) => !(f in EXPECTED)),
      withoutFile: expected.filter((f) => !files.includes(f)),
      notInManifest: files.filter((f) => !passwords.has(f)),
    }).toEqual({ withoutExpectation: [], withoutFile: [], notInManifest: [] });
  });

  it.each(
    Object.entries(EXPECTED).map(([file, expected]) => ({ file, expected, name: title(file, expected) })),
  )(
    '$name',
    async ({ file, expected }) => {
      const password = passwords.get(file) || undefined;
      const outcome = await parse(file, password);
      if ('refused' in expected) expectRefused(file, outcome, expected);
      else expectRead(file, outcome, expected);
      if (password !== undefined) {
        expectRefused(file, await parse(file, undefined), {
          refused: 'PasswordRequiredError',
          reason: /^This PDF is protected by a password/,
        });
      }
    },
    60_000,
  );
});
