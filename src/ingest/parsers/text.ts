// Plain-text parser and the text decoding every text-like format shares. Paragraphs are split at
// blank lines; a line counts as a heading only when it is unambiguous (underlined with === or ---),
// because guessing headings in prose does more harm than good.
import type { Block, ParsedDocument } from '../../core/chunking/types';
import { checkSize, throwIfAborted, toBytes, type ParseOptions } from './options';

/** Decodes bytes as text: BOM first (UTF-8/16), then strict UTF-8, then Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error: unknown) {
    if (!(error instanceof TypeError)) throw error;
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function parseTextString(source: string): ParsedDocument {
  const text = source.replace(/\r\n?/g, '\n');
  const blocks: Block[] = [];
  const re = /[^\n]+(?:\n[^\n]+)*/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[0];
    const lines = raw.split('\n');
    const underline = lines[1];
    const location = {
      type: 'anchor' as const,
      blockIndex: blocks.length,
      charStart: m.index,
      charEnd: m.index + raw.length,
    };
    if (
      lines.length === 2 &&
      underline !== undefined &&
      /^(=+|-+)\s*$/.test(underline) &&
      (lines[0]?.trim() ?? '') !== ''
    ) {
      blocks.push({
        type: 'heading',
        level: underline.startsWith('=') ? 1 : 2,
        text: (lines[0] ?? '').trim(),
        location,
      });
      continue;
    }
    const paragraph = raw.replace(/[ \t]+/g, ' ').trim();
    if (paragraph) blocks.push({ type: 'paragraph', text: paragraph, location });
  }
  return { format: 'text', metadata: {}, blocks, warnings: [] };
}

/** The guards every text-based parser applies, then the decoded text. */
export function readTextInput(input: Uint8Array | ArrayBuffer, options: ParseOptions): string {
  const bytes = toBytes(input);
  checkSize(bytes, options);
  throwIfAborted(options.signal);
  return decodeText(bytes);
}

export function parseText(
  input: Uint8Array | ArrayBuffer,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  return Promise.resolve(parseTextString(readTextInput(input, options)));
}
