// One entry point for the ingest worker: detect the type from the bytes, run the matching
// parser, or fail with UnsupportedTypeError naming what the file is. Images and recordings are
// recognised here and routed to their own pipelines by the caller.
import type { ParsedDocument } from '../../core/chunking/types';
import { detectType, type DetectedType } from '../detect';
import { parseDocx } from './docx';
import { UnsupportedTypeError } from './errors';
import { parseHtml } from './html';
import { parseMarkdown } from './markdown';
import { parsePdf, type PdfParseOptions } from './pdf/parse-pdf';
import { parseText } from './text';

export type { PdfParseOptions } from './pdf/parse-pdf';
export * from './errors';

export interface ParseResult {
  readonly type: DetectedType;
  readonly document: ParsedDocument;
}

export async function parseDocument(
  input: Uint8Array | ArrayBuffer,
  options: PdfParseOptions = {},
): Promise<ParseResult> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const type = detectType(bytes, options.fileName);
  switch (type.kind) {
    case 'pdf':
      return { type, document: await parsePdf(bytes, options) };
    case 'docx':
      return { type, document: await parseDocx(bytes, options) };
    case 'html':
      return { type, document: await parseHtml(bytes, options) };
    case 'markdown':
      return { type, document: await parseMarkdown(bytes, options) };
    case 'text':
      return { type, document: await parseText(bytes, options) };
    default:
      throw new UnsupportedTypeError(type.label);
  }
}
