// The document model shared by the parsers (src/ingest/parsers) and the chunker. It lives in core
// because the chunker is pure and core imports nothing else; every value here is plain data so a
// parsed document can cross a worker boundary by structured clone and be stored as JSON.

/** [x0, y0, x1, y1] normalised to 0–1 of the page, origin at the top-left (as a viewer draws it). */
export type Box = readonly [number, number, number, number];

/** Where a block sits in a paginated source (PDF). Page numbers start at 1. */
export interface PageLocation {
  readonly type: 'page';
  readonly page: number;
  readonly boxes: readonly Box[];
}

/**
 * Where a block sits in a flowing source (Markdown, text, HTML, DOCX): its index among the
 * document's blocks, the element id when the source had one, and character offsets into the
 * source text when the parser kept them (Markdown and plain text).
 */
export interface AnchorLocation {
  readonly type: 'anchor';
  readonly blockIndex: number;
  readonly elementId?: string;
  readonly charStart?: number;
  readonly charEnd?: number;
}

export type BlockLocation = PageLocation | AnchorLocation;

interface BlockBase {
  readonly location: BlockLocation;
}

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface HeadingBlock extends BlockBase {
  readonly type: 'heading';
  readonly level: HeadingLevel;
  readonly text: string;
}
export interface ParagraphBlock extends BlockBase {
  readonly type: 'paragraph';
  readonly text: string;
}
export interface ListItemBlock extends BlockBase {
  readonly type: 'list-item';
  readonly text: string;
  /** 0 for a top-level item. */
  readonly depth: number;
  readonly ordered: boolean;
}
export interface TableBlock extends BlockBase {
  readonly type: 'table';
  readonly rows: readonly (readonly string[])[];
  /** How many leading rows are header rows (repeated when a table is split). */
  readonly headerRows: number;
  /** A plain rendering ("a | b | c" per row) for search and embedding. */
  readonly text: string;
}
export interface CodeBlock extends BlockBase {
  readonly type: 'code';
  readonly text: string;
  readonly lang?: string;
}
export interface QuoteBlock extends BlockBase {
  readonly type: 'quote';
  readonly text: string;
}
/** Marks the start of a new page in a paginated source; carries no text. */
export interface PageBreakBlock extends BlockBase {
  readonly type: 'page-break';
  readonly page: number;
}

export type Block =
  HeadingBlock | ParagraphBlock | ListItemBlock | TableBlock | CodeBlock | QuoteBlock | PageBreakBlock;

export type DocumentFormat = 'pdf' | 'markdown' | 'text' | 'html' | 'docx' | 'image';

export type WarningCode = 'needs-ocr' | 'page-failed' | 'content-dropped' | 'source-message';

/** Something a person should know about a parse that still succeeded. */
export interface DocumentWarning {
  readonly code: WarningCode;
  readonly message: string;
  readonly page?: number;
}

export interface DocumentMetadata {
  readonly title?: string;
  readonly language?: string;
  readonly author?: string;
  readonly pageCount?: number;
  /** Pages (1-based) that carry no extractable text and need OCR to be searchable. */
  readonly pagesNeedingOcr?: readonly number[];
  /** Pages (1-based) whose text was read from their picture by OCR. */
  readonly pagesRead?: readonly number[];
}

/** A picture inside a document (a DOCX figure): described by the captioning model into a passage of its place. */
export interface Figure {
  readonly data: Uint8Array;
  readonly mimeType: string;
  /** The author's description of the picture, when the document gives one. */
  readonly alt?: string;
  /** The block the picture sits in (or the last block before it). */
  readonly blockIndex: number;
}

export interface ParsedDocument {
  readonly format: DocumentFormat;
  readonly metadata: DocumentMetadata;
  readonly blocks: readonly Block[];
  readonly warnings: readonly DocumentWarning[];
  readonly figures?: readonly Figure[];
}

/** A chunk's place in its source: one union box per page for PDFs, a block range otherwise. */
export type ChunkLocation =
  | {
      readonly type: 'pages';
      readonly pages: readonly { readonly page: number; readonly box: Box }[];
    }
  | {
      readonly type: 'anchors';
      readonly blockStart: number;
      readonly blockEnd: number;
      readonly elementId?: string;
      readonly charStart?: number;
      readonly charEnd?: number;
    };

export interface Chunk {
  readonly ordinal: number;
  readonly text: string;
  readonly headingPath: readonly string[];
  readonly location: ChunkLocation;
  readonly tokenCount: number;
  readonly kind: 'text';
}
