// The image step of the ingest pipeline (ADRs 0072–0075): an image file becomes a document with pages,
// a thumbnail and what its EXIF says, or fails alone with a reason a person understands. The pixel count
// is read from the header and refused above the limit before any decoding; Chromium decodes in this
// worker (createImageBitmap, EXIF orientation applied); TIFF goes through utif2, page by page; SVG is
// cleaned, never rendered here. Words in the image become passages only through an ImageTextReader, and
// a description of it only through an ImageDescriber.
import type { Block, ParsedDocument } from '../../core/chunking/types';
import type { DetectedType } from '../detect';
import { CorruptFileError, ImageTooLargeError, UnreadableImageError } from '../parsers/errors';
import { throwIfAborted } from '../parsers/options';
import { readExif } from './exif';
import { isJpegComplete, readImageHeader, type ImageFormat } from './header';
import { cleanSvg } from './svg';
import type {
  DecodedPage,
  ImageDescriber,
  ImageTextReader,
  PictureEmbedder,
  PictureVector,
} from './text-reader';

/** The most pixels an image (or a TIFF page) may have: 8192 × 8192, 256 MiB as RGBA (ADR 0072). */
export const MAX_IMAGE_PIXELS = 8192 * 8192;
/** The thumbnail's long side, in pixels. */
export const THUMBNAIL_SIZE = 256;
/** A cleaned SVG larger than this is not kept as its own thumbnail. */
const MAX_SVG_THUMBNAIL_BYTES = 512 * 1024;

export interface ImageFacts {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  readonly pages: number;
  /** WebP (or JPEG where WebP cannot be written) ≤ 256 px on the long side; a cleaned SVG for drawings. */
  readonly thumbnail: Blob | undefined;
  readonly takenAt: number | undefined;
  /** Only when the person chose to keep where photos were taken. */
  readonly location: { readonly latitude: number; readonly longitude: number } | undefined;
}

export interface ImageReadOptions {
  readonly signal: AbortSignal;
  /** Keep the GPS position (setting `ingest.keepImageLocation`, off by default). */
  readonly keepLocation: boolean;
  readonly readText?: ImageTextReader;
  /** Describes a page in words (the captioning model, when one is ready). */
  readonly describe?: ImageDescriber;
  /** Embeds a page with the image–text model, when one is ready. */
  readonly embedPicture?: PictureEmbedder;
  /** Called after each page is done (its words read, when a reader is given): progress for long TIFFs. */
  readonly onPage?: (done: number, pages: number) => Promise<void>;
}

/** What the describer said of one picture: it becomes a passage of kind `caption` there. */
export interface Caption {
  /** The page of an image file. */
  readonly page?: number;
  /** The block a figure sits in (a picture inside a document). */
  readonly block?: number;
  readonly text: string;
}

export interface ImageReadResult {
  readonly document: ParsedDocument;
  readonly image: ImageFacts;
  /** One per page the describer described (none without a describer). */
  readonly captions: readonly Caption[];
  /** One per page the image–text model embedded (none without one). */
  readonly pictures: readonly (PictureVector & { readonly page: number })[];
}

export function imageFormatOf(mime: string): ImageFormat | undefined {
  const map: Record<string, ImageFormat> = {
    'image/png': 'png',
    'image/jpeg': 'jpeg',
    'image/gif': 'gif',
    'image/webp': 'webp',
    'image/bmp': 'bmp',
    'image/avif': 'avif',
    'image/heic': 'heic',
    'image/tiff': 'tiff',
    'image/svg+xml': 'svg',
  };
  return map[mime];
}

const NAMES: Record<ImageFormat, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  avif: 'AVIF',
  heic: 'HEIC',
  tiff: 'TIFF',
  svg: 'SVG',
};

function checkPixels(width: number, height: number, page?: number): void {
  if (width <= 0 || height <= 0) throw new CorruptFileError('its header gives no size');
  if (width * height > MAX_IMAGE_PIXELS) throw new ImageTooLargeError(width, height, MAX_IMAGE_PIXELS, page);
}

async function canDecode(mime: string): Promise<boolean> {
  const decoder = (globalThis as { ImageDecoder?: { isTypeSupported(type: string): Promise<boolean> } })
    .ImageDecoder;
  return decoder ? decoder.isTypeSupported(mime) : false;
}

/** Decodes with the browser, upright; a failure is the file's fault unless the browser lacks the format. */
async function decodeWithBrowser(bytes: Uint8Array, mime: string, format: ImageFormat): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(new Blob([bytes as BlobPart], { type: mime }), {
      imageOrientation: 'from-image',
    });
  } catch (error) {
    if (!(await canDecode(mime))) throw new UnreadableImageError(NAMES[format]);
    throw new CorruptFileError('the image data is damaged or cut short', { cause: error });
  }
}

/** A copy of the page at most `maxSide` pixels on its long side, encoded (WebP, else JPEG where the browser has no WebP encoder). */
async function scaledCopy(
  bitmap: ImageBitmap,
  maxSide: number,
  type: 'image/webp' | 'image/jpeg',
): Promise<Blob> {
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const small = await createImageBitmap(bitmap, {
    resizeWidth: width,
    resizeHeight: height,
    resizeQuality: 'high',
  });
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas in this worker.');
  context.drawImage(small, 0, 0);
  small.close();
  const encoded = await canvas.convertToBlob({ type, quality: 0.8 });
  return encoded.type === type ? encoded : canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

export function makeThumbnail(bitmap: ImageBitmap): Promise<Blob> {
  return scaledCopy(bitmap, THUMBNAIL_SIZE, 'image/webp');
}

/**
 * Describers look at a few hundred pixels (ViT: 224 or 384 square; SmolVLM: 512 tiles): the page goes to
 * the vision worker as a JPEG this size, not as its full bitmap.
 */
const DESCRIBE_SIZE = 512;

async function* browserPage(
  bytes: Uint8Array,
  mime: string,
  format: ImageFormat,
): AsyncGenerator<DecodedPage> {
  const bitmap = await decodeWithBrowser(bytes, mime, format);
  yield { page: 1, bitmap, width: bitmap.width, height: bitmap.height };
}

/** A page's lines become paragraph blocks of that page, each keeping its box. */
async function readPage(page: DecodedPage, count: number, options: ImageReadOptions): Promise<Block[]> {
  if (!options.readText) return [];
  throwIfAborted(options.signal);
  const blocks: Block[] = [];
  for (const line of await options.readText(page, options.signal)) {
    if (line.text.trim()) {
      blocks.push({
        type: 'paragraph',
        text: line.text,
        location: { type: 'page', page: page.page, boxes: [line.box] },
      });
    }
  }
  if (page.page < count) {
    blocks.push({
      type: 'page-break',
      page: page.page,
      location: { type: 'page', page: page.page, boxes: [] },
    });
  }
  return blocks;
}

/**
 * The describer's words for a picture inside a document (a DOCX figure), or undefined: no describer
 * ready, or a picture this browser cannot decode (which then keeps only its alt text).
 */
export async function describePicture(
  data: Uint8Array,
  mimeType: string,
  describe: ImageDescriber,
  signal: AbortSignal,
): Promise<string | undefined> {
  throwIfAborted(signal);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([data.slice().buffer], { type: mimeType }));
  } catch {
    return undefined;
  }
  try {
    const image = await scaledCopy(bitmap, DESCRIBE_SIZE, 'image/jpeg');
    return (await describe(image, signal))?.trim() || undefined;
  } finally {
    bitmap.close();
  }
}

/**
 * What the models that look at pictures make of the page, when they are ready: the describer's words, and
 * the image–text model's vector. Both get the same small JPEG copy.
 */
async function lookAtPage(
  page: DecodedPage,
  options: ImageReadOptions,
): Promise<{ caption: Caption | undefined; picture: (PictureVector & { page: number }) | undefined }> {
  if (!options.describe && !options.embedPicture) return { caption: undefined, picture: undefined };
  throwIfAborted(options.signal);
  const image = await scaledCopy(page.bitmap, DESCRIBE_SIZE, 'image/jpeg');
  const text = (await options.describe?.(image, options.signal))?.trim();
  const vector = await options.embedPicture?.(image, options.signal);
  return {
    caption: text ? { page: page.page, text } : undefined,
    picture: vector ? { ...vector, page: page.page } : undefined,
  };
}

export async function readImage(
  bytes: Uint8Array,
  type: DetectedType,
  options: ImageReadOptions,
): Promise<ImageReadResult> {
  throwIfAborted(options.signal);
  const format = imageFormatOf(type.mime);
  if (!format) throw new UnreadableImageError(type.label);
  if (format === 'heic' && !(await canDecode('image/heic'))) throw new UnreadableImageError('HEIC');

  const header = readImageHeader(bytes, format);
  if (!header) throw new CorruptFileError(`its ${NAMES[format]} header cannot be read`);
  const exif = readExif(bytes, format);
  const warnings: ParsedDocument['warnings'][number][] = [];
  const base = {
    format,
    takenAt: exif.takenAt,
    location: options.keepLocation ? exif.location : undefined,
  };

  if (format === 'svg') {
    const svg = cleanSvg(bytes);
    if (svg.removed > 0) {
      warnings.push({
        code: 'content-dropped',
        message: `${String(svg.removed)} script or outside reference${svg.removed === 1 ? ' was' : 's were'} removed from the drawing.`,
      });
    }
    const markup = new Blob([svg.markup], { type: 'image/svg+xml' });
    const blocks: Block[] = svg.texts.map((text, i) => ({
      type: 'paragraph',
      text,
      location: { type: 'anchor', blockIndex: i },
    }));
    return {
      document: { format: 'image', metadata: { pageCount: 1 }, blocks, warnings },
      captions: [],
      pictures: [],
      image: {
        ...base,
        width: header.width,
        height: header.height,
        pages: 1,
        thumbnail: markup.size <= MAX_SVG_THUMBNAIL_BYTES ? markup : undefined,
      },
    };
  }

  if (format !== 'tiff') checkPixels(header.width, header.height);
  if (format === 'jpeg' && !isJpegComplete(bytes)) {
    throw new CorruptFileError('the JPEG data is cut short; the file was not saved or copied completely');
  }
  if (header.isAnimated) {
    warnings.push({ code: 'content-dropped', message: 'An animated image: only its first frame is kept.' });
  }
  throwIfAborted(options.signal);
  // utif2 is loaded only for TIFF files.
  const tiff =
    format === 'tiff'
      ? (await import('./tiff')).tiffPages(bytes, { signal: options.signal, checkPixels })
      : undefined;
  const pages = tiff?.pages ?? browserPage(bytes, type.mime, format);
  let facts: Pick<ImageFacts, 'width' | 'height' | 'thumbnail'> | undefined;
  const blocks: Block[] = [];
  const captions: Caption[] = [];
  const pictures: (PictureVector & { page: number })[] = [];
  const count = tiff?.count ?? 1;
  for await (const page of pages) {
    try {
      facts ??= { width: page.width, height: page.height, thumbnail: await makeThumbnail(page.bitmap) };
      // Described before it is read: the reader may transfer the bitmap to the OCR's worker.
      const { caption, picture } = await lookAtPage(page, options);
      if (caption) captions.push(caption);
      if (picture) pictures.push(picture);
      blocks.push(...(await readPage(page, count, options)));
      await options.onPage?.(page.page, count);
    } finally {
      page.bitmap.close();
    }
  }
  if (!facts) throw new CorruptFileError('it holds no image');
  return {
    document: { format: 'image', metadata: { pageCount: count }, blocks, warnings },
    image: { ...base, ...facts, pages: count },
    captions,
    pictures,
  };
}
