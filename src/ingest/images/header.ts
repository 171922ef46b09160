// Image size from the header bytes alone, before anything is decoded: the pixel-bomb guard (ADR 0072)
// needs width and height without spending the memory a decode would. Each format's header is read with
// bounds-checked readers; an unreadable header answers undefined and the caller fails the item as damaged.
import { ascii, indexOfAscii, u16, u24le, u32, u8 } from './bytes';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif' | 'heic' | 'tiff' | 'svg';

export interface ImageHeader {
  readonly width: number;
  readonly height: number;
  /** A GIF, PNG or WebP with more than one frame; only the first is kept. */
  readonly isAnimated: boolean;
  /** A JPEG with four colour components (CMYK or YCCK). */
  readonly isCmyk: boolean;
  /** Bits per sample where the header says (16 for a 16-bit PNG). */
  readonly bitDepth: number | undefined;
}

const header = (
  width: number,
  height: number,
  extra: Partial<Omit<ImageHeader, 'width' | 'height'>> = {},
): ImageHeader => ({ width, height, isAnimated: false, isCmyk: false, bitDepth: undefined, ...extra });

function png(b: Uint8Array): ImageHeader | undefined {
  if (ascii(b, 12, 16) !== 'IHDR') return undefined;
  const width = u32(b, 16, false);
  const height = u32(b, 20, false);
  if (width === undefined || height === undefined) return undefined;
  // An APNG declares its frames in acTL, before the first IDAT.
  const idat = indexOfAscii(b, 'IDAT', 8);
  const isAnimated = indexOfAscii(b, 'acTL', 8, idat === -1 ? b.length : idat) !== -1;
  return header(width, height, { isAnimated, bitDepth: u8(b, 24) });
}

function jpeg(b: Uint8Array): ImageHeader | undefined {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = u16(b, at + 2, false);
    if (length === undefined || length < 2) return undefined;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      const height = u16(b, at + 5, false);
      const width = u16(b, at + 7, false);
      const components = u8(b, at + 9);
      if (width === undefined || height === undefined) return undefined;
      return header(width, height, { isCmyk: components === 4, bitDepth: u8(b, at + 4) });
    }
    if (marker === 0xda) return undefined; // image data before any frame header
    at += 2 + length;
  }
  return undefined;
}

function gif(b: Uint8Array): ImageHeader | undefined {
  const width = u16(b, 6, true);
  const height = u16(b, 8, true);
  if (width === undefined || height === undefined) return undefined;
  return header(width, height, {
    isAnimated: indexOfAscii(b, 'NETSCAPE2.0') !== -1 || countGifFrames(b) > 1,
  });
}

/** Counts image descriptors by walking the GIF's blocks (stops at 2: more is "animated"). */
function countGifFrames(b: Uint8Array): number {
  const flags = u8(b, 10) ?? 0;
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  let frames = 0;
  const skipSubBlocks = () => {
    for (let size = u8(b, at); size !== undefined && size > 0; size = u8(b, at)) at += size + 1;
    at++;
  };
  while (at < b.length && frames < 2) {
    const kind = b[at];
    if (kind === 0x2c) {
      frames++;
      const local = u8(b, at + 9) ?? 0;
      at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0) + 1; // descriptor, table, LZW size
      skipSubBlocks();
    } else if (kind === 0x21) {
      at += 2;
      skipSubBlocks();
    } else break;
  }
  return frames;
}

function webp(b: Uint8Array): ImageHeader | undefined {
  const chunk = ascii(b, 12, 16);
  if (chunk === 'VP8 ') {
    const width = u16(b, 26, true);
    const height = u16(b, 28, true);
    if (width === undefined || height === undefined) return undefined;
    return header(width & 0x3fff, height & 0x3fff);
  }
  if (chunk === 'VP8L') {
    const bits = u32(b, 21, true);
    if (bits === undefined || u8(b, 20) !== 0x2f) return undefined;
    return header((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const width = u24le(b, 24);
    const height = u24le(b, 27);
    if (width === undefined || height === undefined) return undefined;
    return header(width + 1, height + 1, { isAnimated: ((u8(b, 20) ?? 0) & 0x02) !== 0 });
  }
  return undefined;
}

function bmp(b: Uint8Array): ImageHeader | undefined {
  const dib = u32(b, 14, true);
  if (dib === 12) {
    const width = u16(b, 18, true);
    const height = u16(b, 20, true);
    return width === undefined || height === undefined ? undefined : header(width, height);
  }
  const width = u32(b, 18, true);
  const height = u32(b, 22, true);
  if (width === undefined || height === undefined) return undefined;
  // Both are signed; a negative height means rows run top-down, a negative width is broken.
  if ((width | 0) <= 0) return undefined;
  return header(width, Math.abs(height | 0), { bitDepth: u16(b, 28, true) });
}

/** AVIF and HEIC: the largest 'ispe' (image spatial extents) property of the file. */
function isobmff(b: Uint8Array): ImageHeader | undefined {
  let best: ImageHeader | undefined;
  for (let at = indexOfAscii(b, 'ispe'); at !== -1; at = indexOfAscii(b, 'ispe', at + 4)) {
    const width = u32(b, at + 8, false);
    const height = u32(b, at + 12, false);
    if (width === undefined || height === undefined) continue;
    if (!best || width * height > best.width * best.height) best = header(width, height);
  }
  return best;
}

/** TIFF: the first image directory's width and length (each page is checked again when decoded). */
function tiff(b: Uint8Array): ImageHeader | undefined {
  const little = b[0] === 0x49;
  const ifd = u32(b, 4, little);
  if (ifd === undefined) return undefined;
  const count = u16(b, ifd, little);
  if (count === undefined) return undefined;
  let width: number | undefined;
  let height: number | undefined;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(b, entry, little);
    const type = u16(b, entry + 2, little);
    const value = type === 3 ? u16(b, entry + 8, little) : u32(b, entry + 8, little);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return width === undefined || height === undefined ? undefined : header(width, height);
}

/**
 * How many directories a TIFF's main chain holds, or 'loop' when a directory points back into the chain
 * (utif2 would follow such a chain forever), or 'broken' when an offset leaves the file. Stops counting
 * past `max`.
 */
export function tiffDirectoryChain(b: Uint8Array, max: number): number | 'loop' | 'broken' {
  const little = b[0] === 0x49;
  const seen = new Set<number>();
  let ifd = u32(b, 4, little);
  while (ifd !== undefined && ifd !== 0) {
    if (seen.has(ifd)) return 'loop';
    seen.add(ifd);
    if (seen.size > max) return seen.size;
    const count = u16(b, ifd, little);
    if (count === undefined) return 'broken';
    ifd = u32(b, ifd + 2 + count * 12, little);
  }
  return ifd === undefined ? 'broken' : seen.size;
}

/** An SVG's size is what we choose to draw it at; its attributes only give the aspect ratio. */
function svg(b: Uint8Array): ImageHeader | undefined {
  const text = new TextDecoder().decode(b.subarray(0, 64 * 1024));
  const tag = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!tag) return undefined;
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
  const box = attr('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const length = (value: string | undefined) => {
    const n = value === undefined ? NaN : parseFloat(value);
    return Number.isFinite(n) && n > 0 && !value?.endsWith('%') ? n : undefined;
  };
  const width = length(attr('width')) ?? (box?.[2] && box[2] > 0 ? box[2] : undefined) ?? 300;
  const height = length(attr('height')) ?? (box?.[3] && box[3] > 0 ? box[3] : undefined) ?? 150;
  return header(width, height);
}

export function readImageHeader(bytes: Uint8Array, format: ImageFormat): ImageHeader | undefined {
  switch (format) {
    case 'png':
      return png(bytes);
    case 'jpeg':
      return jpeg(bytes);
    case 'gif':
      return gif(bytes);
    case 'webp':
      return webp(bytes);
    case 'bmp':
      return bmp(bytes);
    case 'avif':
    case 'heic':
      return isobmff(bytes);
    case 'tiff':
      return tiff(bytes);
    case 'svg':
      return svg(bytes);
  }
}

/** A JPEG must end with its end-of-image marker; one without it was cut short (a broken download). */
export function isJpegComplete(bytes: Uint8Array): boolean {
  // Some writers leave padding after the marker; look at the last kilobyte.
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
  return false;
}
