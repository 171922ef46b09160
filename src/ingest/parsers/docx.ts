// DOCX parser: mammoth (pure JS over JSZip; its package "browser" field swaps out the Node file
// access, so it bundles for workers) turns the document into semantic HTML — headings from
// paragraph styles, lists, tables, footnotes and endnotes — and the shared HTML walker turns that
// into blocks. Pictures are not inlined: each becomes a figure of the block it sits in (its bytes kept for
// the captioning model), and its alt text, when the author gave one, stays in the text as "Figure: …".
import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import type { DocumentWarning, Figure, ParsedDocument } from '../../core/chunking/types';
import { CorruptFileError } from './errors';
import { htmlNodeToBlocks, type HtmlNode } from './html-blocks';
import { checkSize, toBytes, withBudget, type ParseOptions } from './options';

type MammothInput = Parameters<typeof mammoth.convertToHtml>[0];

/** Stands in for picture n in the HTML until the blocks are made; never in a real document's text. */
const marker = (n: number) => `\u27e6figure ${String(n)}\u27e7`;
const MARKER = /\u27e6figure (\d+)\u27e7/gu;

/** Pictures a browser can draw; others (EMF, WMF, TIFF) keep only their alt text. */
const DRAWABLE = /^image\/(png|jpeg|gif|webp|bmp)$/;

interface Picture {
  data: Uint8Array;
  mimeType: string;
  alt: string | undefined;
}

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
    const pictures: Picture[] = [];
    try {
      result = await mammoth.convertToHtml(source, {
        convertImage: mammoth.images.imgElement(async (image) => {
          const n = pictures.length;
          const alt = (image as { altText?: string }).altText?.trim();
          pictures.push({
            data: new Uint8Array(await image.readAsArrayBuffer()),
            mimeType: image.contentType,
            alt: alt === '' ? undefined : alt,
          });
          return { src: '', alt: marker(n) };
        }),
        ignoreEmptyParagraphs: true,
      });
    } catch (error: unknown) {
      throw new CorruptFileError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    const warnings: DocumentWarning[] = result.messages
      .filter((m) => m.type === 'error')
      .map((m) => ({ code: 'source-message' as const, message: m.message }));
    const { document } = parseHTML(`<!doctype html><html><body>${result.value}</body></html>`);
    // Each picture's marker becomes text, so the block it sits in can be found once blocks are made.
    const images = Array.from(document.querySelectorAll('img')) as unknown as readonly {
      getAttribute(name: string): string | null;
      replaceWith(node: unknown): void;
    }[];
    for (const img of images) {
      const alt = img.getAttribute('alt') ?? '';
      img.replaceWith(document.createTextNode(MARKER.test(alt) ? ` ${alt} ` : ''));
      MARKER.lastIndex = 0;
    }
    // Footnote and endnote back-links render as a trailing "↑"; they carry no meaning in text.
    const walked = htmlNodeToBlocks((document as unknown as { body: HtmlNode }).body).map((b) =>
      b.type === 'list-item' ? { ...b, text: b.text.replace(/\s*↑$/u, '') } : b,
    );
    const { blocks, figures } = placeFigures(walked, pictures);
    const first = blocks.find((b) => b.type === 'heading');
    const title = first?.type === 'heading' ? first.text : undefined;
    return {
      format: 'docx',
      metadata: title ? { title } : {},
      blocks,
      warnings,
      ...(figures.length > 0 ? { figures } : {}),
    };
  });
}

/**
 * Finds each picture's block by its marker and puts the alt text in the marker's place ("Figure: …"), or
 * nothing; a block left empty (a paragraph holding only an unlabelled picture) is dropped, and the figure
 * then belongs to the block before it.
 */
function placeFigures(
  walked: ReturnType<typeof htmlNodeToBlocks>,
  pictures: readonly Picture[],
): { blocks: ReturnType<typeof htmlNodeToBlocks>; figures: Figure[] } {
  const blocks: ReturnType<typeof htmlNodeToBlocks> = [];
  const figures: Figure[] = [];
  for (const block of walked) {
    if (!('text' in block) || !block.text.includes('\u27e6figure ')) {
      blocks.push(block);
      continue;
    }
    const found: number[] = [];
    const text = block.text
      .replace(MARKER, (_match, n: string) => {
        const picture = pictures[Number(n)];
        found.push(Number(n));
        return picture?.alt !== undefined ? `Figure: ${picture.alt}` : '';
      })
      .replace(/\s+/gu, ' ')
      .trim();
    if (text !== '') blocks.push({ ...block, text });
    const at = Math.max(0, blocks.length - 1);
    for (const n of found) {
      const picture = pictures[n];
      if (picture && DRAWABLE.test(picture.mimeType)) {
        figures.push({
          data: picture.data,
          mimeType: picture.mimeType,
          blockIndex: at,
          ...(picture.alt !== undefined ? { alt: picture.alt } : {}),
        });
      }
    }
  }
  return { blocks, figures };
}
