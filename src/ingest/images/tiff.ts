// TIFF pages through utif2 (ADR 0073): Chromium cannot decode TIFF. Each full-resolution directory is a
// page (reduced-resolution previews are skipped); each page's size is checked against the pixel limit
// before its strips are decompressed, then its RGBA becomes an ImageBitmap like any decoded image, turned
// upright by its orientation tag.
import * as UTIF from 'utif2';
import { CorruptFileError } from '../parsers/errors';
import { throwIfAborted } from '../parsers/options';
import { tiffDirectoryChain } from './header';
import type { DecodedPage } from './text-reader';

/** A multi-page TIFF beyond this many pages is read up to here, with the rest named in the error. */
export const MAX_TIFF_PAGES = 500;

interface TiffOptions {
  signal: AbortSignal;
  checkPixels(width: number, height: number, page?: number): void;
}

function first(value: unknown): number | undefined {
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined;
}

/**
 * The canvas transform that draws a page stored with TIFF/EXIF orientation `orientation` (tag 274, 1–8)
 * upright, for stored size `width` × `height`; 5–8 swap the sides. Undefined for 1 (already upright)
 * and for values outside 1–8 (ignored, as browsers ignore them).
 */
export function uprightTransform(
  orientation: number,
  width: number,
  height: number,
): { matrix: [number, number, number, number, number, number]; width: number; height: number } | undefined {
  const w = width;
  const h = height;
  switch (orientation) {
    case 2:
      return { matrix: [-1, 0, 0, 1, w, 0], width: w, height: h };
    case 3:
      return { matrix: [-1, 0, 0, -1, w, h], width: w, height: h };
    case 4:
      return { matrix: [1, 0, 0, -1, 0, h], width: w, height: h };
    case 5:
      return { matrix: [0, 1, 1, 0, 0, 0], width: h, height: w };
    case 6:
      return { matrix: [0, 1, -1, 0, h, 0], width: h, height: w };
    case 7:
      return { matrix: [0, -1, -1, 0, h, w], width: h, height: w };
    case 8:
      return { matrix: [0, -1, 1, 0, 0, w], width: h, height: w };
    default:
      return undefined;
  }
}

/** The page turned upright by its orientation tag (the bitmap given is closed when a new one is made). */
function upright(bitmap: ImageBitmap, orientation: number): ImageBitmap {
  const turn = uprightTransform(orientation, bitmap.width, bitmap.height);
  if (!turn) return bitmap;
  const canvas = new OffscreenCanvas(turn.width, turn.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas in this worker.');
  context.setTransform(...turn.matrix);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.transferToImageBitmap();
}

/** The TIFF's pages, decoded one at a time as the caller asks for them (the caller closes each bitmap). */
export function tiffPages(
  bytes: Uint8Array,
  options: TiffOptions,
): { count: number; pages: AsyncGenerator<DecodedPage> } {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // utif2 follows the directory chain without a guard: a chain that loops would never end.
  const chain = tiffDirectoryChain(bytes, MAX_TIFF_PAGES * 2);
  if (chain === 'loop') throw new CorruptFileError('its TIFF directories point back at each other');
  if (chain === 'broken') throw new CorruptFileError('its TIFF directories point outside the file');
  let ifds: UTIF.IFD[];
  try {
    ifds = (UTIF.decode as (buffer: ArrayBuffer, options: object) => UTIF.IFD[])(buffer, {
      parseMN: false,
      debug: false,
    });
  } catch (error) {
    throw new CorruptFileError('its TIFF directories cannot be read', { cause: error });
  }
  // NewSubfileType bit 0 marks a reduced-resolution copy of another page.
  const full = ifds.filter((ifd) => ((first(ifd['t254']) ?? 0) & 1) === 0);
  if (full.length > MAX_TIFF_PAGES) {
    throw new CorruptFileError(
      `it has ${String(full.length)} pages; ThinkBank reads up to ${String(MAX_TIFF_PAGES)}`,
    );
  }
  async function* pages(): AsyncGenerator<DecodedPage> {
    for (const [index, ifd] of full.entries()) {
      throwIfAborted(options.signal);
      const width = first(ifd['t256']) ?? 0;
      const height = first(ifd['t257']) ?? 0;
      options.checkPixels(width, height, full.length > 1 ? index + 1 : undefined);
      let rgba: Uint8Array;
      try {
        UTIF.decodeImage(buffer, ifd);
        rgba = UTIF.toRGBA8(ifd);
      } catch (error) {
        throw new CorruptFileError(`page ${String(index + 1)} cannot be decoded`, { cause: error });
      }
      if (rgba.length < width * height * 4) {
        throw new CorruptFileError(`page ${String(index + 1)} holds less image data than its size says`);
      }
      const pixels = new ImageData(
        new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, width * height * 4),
        width,
        height,
      );
      // The decoded strips can be large; drop them before the next page.
      delete (ifd as Partial<UTIF.IFD>).data;
      // A scanner or camera may store the page turned and say so in the orientation tag, as EXIF does.
      const bitmap = upright(await createImageBitmap(pixels), first(ifd['t274']) ?? 1);
      yield { page: index + 1, bitmap, width: bitmap.width, height: bitmap.height };
    }
  }
  return { count: full.length, pages: pages() };
}
