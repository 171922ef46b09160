// The parsers inside a real module Worker in Chromium: no DOMParser, no document, the pdf.js
// modern build with its in-thread worker, linkedom, mammoth's browser build and marked.
import { describe, expect, it } from 'vitest';
import type { ParseResult } from './index';
import { askWorker } from './__fixtures__/ask-worker';

interface Reply {
  ok: boolean;
  hasDom: boolean;
  result?: ParseResult;
  name?: string;
  message?: string;
}

function parseInWorker(bytes: Uint8Array, fileName: string, password?: string): Promise<Reply> {
  const copy = bytes.slice().buffer;
  return askWorker<Reply>(
    () => new Worker(new URL('./__fixtures__/parse-in-worker.ts', import.meta.url), { type: 'module' }),
    { bytes: copy, fileName, ...(password !== undefined ? { password } : {}) },
    [copy],
  );
}

const encode = (text: string) => new TextEncoder().encode(text);

function onePagePdf(text: string): Uint8Array {
  const stream = `BT /F1 24 Tf 72 700 Td (${text}) Tj ET`;
  return encode(
    [
      '%PDF-1.4',
      '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
      '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
      '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources <</Font <</F1 4 0 R>>>> /Contents 5 0 R>> endobj',
      '4 0 obj <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>> endobj',
      `5 0 obj <</Length ${stream.length}>> stream`,
      stream,
      'endstream endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
    ].join('\n'),
  );
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP with stored (uncompressed) entries: enough to hand a small DOCX to the parser. */
function zip(files: Record<string, string>): Uint8Array {
  const parts: number[] = [];
  const central: number[] = [];
  const u16 = (out: number[], v: number) => out.push(v & 0xff, (v >>> 8) & 0xff);
  const u32 = (out: number[], v: number) =>
    out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  let count = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = encode(content);
    const nameBytes = encode(name);
    const offset = parts.length;
    const crc = crc32(data);
    const header = (out: number[], signature: number, isCentral: boolean) => {
      u32(out, signature);
      if (isCentral) u16(out, 20);
      for (const v of [20, 0, 0, 0, 0]) u16(out, v);
      u32(out, crc);
      u32(out, data.length);
      u32(out, data.length);
      u16(out, nameBytes.length);
      u16(out, 0);
      if (isCentral) {
        for (const v of [0, 0, 0]) u16(out, v);
        u32(out, 0);
        u32(out, offset);
      }
      out.push(...nameBytes);
    };
    header(parts, 0x04034b50, false);
    parts.push(...data);
    header(central, 0x02014b50, true);
    count++;
  }
  const end: number[] = [];
  u32(end, 0x06054b50);
  for (const v of [0, 0, count, count]) u16(end, v);
  u32(end, central.length);
  u32(end, parts.length);
  u16(end, 0);
  return new Uint8Array([...parts, ...central, ...end]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const docx = zip({
  '[Content_Types].xml':
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  'word/document.xml': `<?xml version="1.0"?><w:document ${W}><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Plan</w:t></w:r></w:p><w:p><w:r><w:t>Water the garden in the morning.</w:t></w:r></w:p></w:body></w:document>`,
});

describe('parseDocument in a Worker', () => {
  it('reads a PDF with pdf.js and no DOM', async () => {
    const reply = await parseInWorker(onePagePdf('Hello from the worker'), 'hello.pdf');
    expect(reply).toMatchObject({ ok: true, hasDom: false });
    expect(reply.ok, reply.message).toBe(true);
    expect(reply.result?.document.blocks).toContainEqual(
      expect.objectContaining({
        text: 'Hello from the worker',
        location: expect.objectContaining({ type: 'page', page: 1 }) as unknown,
      }),
    );
  });

  it('reads HTML with Readability over linkedom', async () => {
    const para = 'The main article text is long enough for the reader view to keep it as content. '.repeat(5);
    const html = `<html lang="en"><head><title>Notes</title></head><body><nav>Home About</nav><article><h1>Notes</h1><p>${para}</p></article></body></html>`;
    const reply = await parseInWorker(encode(html), 'notes.html');
    expect(reply.ok, reply.message).toBe(true);
    expect(reply.result?.document.metadata).toMatchObject({ title: 'Notes', language: 'en' });
    expect(
      reply.result?.document.blocks.some((b) => 'text' in b && b.text.startsWith('The main article text')),
    ).toBe(true);
  });

  it('reads DOCX with mammoth and Markdown with marked', async () => {
    const word = await parseInWorker(docx, 'plan.docx');
    expect(word.ok, word.message).toBe(true);
    expect(word.result?.document.blocks).toMatchObject([
      { type: 'heading', level: 1, text: 'Plan' },
      { type: 'paragraph', text: 'Water the garden in the morning.' },
    ]);
    const md = await parseInWorker(encode('# Plan\n\n- one\n- two\n'), 'plan.md');
    expect(md.result?.document.blocks.map((b) => b.type)).toEqual(['heading', 'list-item', 'list-item']);
  });

  it('sends typed errors back as name and message', async () => {
    const reply = await parseInWorker(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'photo.png');
    expect(reply).toMatchObject({ ok: false, name: 'UnsupportedTypeError' });
  });
});
