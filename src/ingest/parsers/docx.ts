// DOCX parser: mammoth (pure JS over JSZip; its package "browser" field swaps out the Node file
// access, so it bundles for workers) turns the document into semantic HTML — headings from
// paragraph styles, lists, tables, footnotes and endnotes — and the shared HTML walker turns that
// into blocks. Images are dropped (not inlined as base64): text is what gets indexed.
import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import type { DocumentWarning, ParsedDocument } from '../../core/chunking/types';
import { CorruptFileError } from './errors';
import { htmlNodeToBlocks, type HtmlNode } from './html-blocks';
import { checkSize, toBytes, withBudget, type ParseOptions } from './options';

type MammothInput = Parameters<typeof mammoth.convertToHtml>[0];

export async function parseDocx(
  input: Uint8Array | ArrayBuffer,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  const bytes = toBytes(input);
  checkSize(bytes, options);
  // Node's mammoth reads `buffer`, the browser build reads `arrayBuffer`; both accept the bytes.
  const source = { buffer: bytes, arrayBuffer: bytes } as unknown as MammothInput;
  return withBudget(options, async () => {
    let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
    try {
      result = await mammoth.convertToHtml(source, {
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        ignoreEmptyParagraphs: true,
      });
    } catch (error: unknown) {
      throw new CorruptFileError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    const warnings: DocumentWarning[] = result.messages
      .filter((m) => m.type === 'error')
      .map((m) => ({ code: 'source-message' as const, message: m.message }));
    const { document } = parseHTML(`<!doctype html><html><body>${result.value}</body></html>`);
    // Footnote and endnote back-links render as a trailing "↑"; they carry no meaning in text.
    const blocks = htmlNodeToBlocks((document as unknown as { body: HtmlNode }).body).map((b) =>
      b.type === 'list-item' ? { ...b, text: b.text.replace(/\s*↑$/u, '') } : b,
    );
    const first = blocks.find((b) => b.type === 'heading');
    const title = first?.type === 'heading' ? first.text : undefined;
    return { format: 'docx', metadata: title ? { title } : {}, blocks, warnings };
  });
}
