// The seam where reading the words in an image plugs in (issue 9's OCR stage). The image step decodes
// each page and, when a reader is given, hands the page to it; the lines it answers become paragraph
// blocks of that page with their boxes, so the normal chunker cuts them into passages that keep where
// they sit. Without a reader an image has no passages, and the job says so.
import type { Box } from '../../core/chunking/types';

/** One decoded page of an image file (a TIFF has several; every other format one). */
export interface DecodedPage {
  /** From 1. */
  readonly page: number;
  /**
   * The pixels, upright (EXIF orientation applied). The image step closes it after the reader returns; a
   * reader in another worker may transfer it there instead (a transferred bitmap closes as a no-op).
   */
  readonly bitmap: ImageBitmap;
  readonly width: number;
  readonly height: number;
}

/** A line of text found on a page. */
export interface TextLine {
  readonly text: string;
  /** [x0, y0, x1, y1] normalised to 0–1 of the page, origin top-left (the document model's Box). */
  readonly box: Box;
  /** 0–1, as the recogniser reports it. */
  readonly confidence: number;
  /** Which block of the page (a column's paragraph) the line belongs to, from 0, when the reader groups lines. */
  readonly block?: number;
}

/**
 * Reads the lines of one page, in reading order. Grouping lines into blocks (columns, paragraphs) is the
 * reader's business; the image step keeps each line's box on its block.
 */
export type ImageTextReader = (page: DecodedPage, signal: AbortSignal) => Promise<TextLine[]>;

/**
 * Describes a picture in a sentence (the captioning model), given a small encoded copy of the page.
 * Answers undefined when no describing model is ready: the image is then stored without a description.
 */
export type ImageDescriber = (image: Blob, signal: AbortSignal) => Promise<string | undefined>;

/** A picture's vector in an image–text model's space, and that model's key. */
export interface PictureVector {
  readonly vector: Float32Array;
  readonly modelId: string;
}

/**
 * Embeds a picture (a small encoded copy of the page) with the image–text model, when one is ready;
 * undefined otherwise, and the picture is found only by its words.
 */
export type PictureEmbedder = (image: Blob, signal: AbortSignal) => Promise<PictureVector | undefined>;
