// Our own EXIF reader (ADR 0074): finds the EXIF block (JPEG APP1, PNG eXIf, WebP EXIF, or a TIFF file
// itself), walks its directories with bounds-checked reads and takes three things: the orientation, the
// capture date and the GPS position. `withoutGps` blanks the GPS directory in place (same length, so
// every other offset stays valid) for people who did not opt in to keeping where a photo was taken.
import { ascii, u16, u32 } from './bytes';
import type { ImageFormat } from './header';

export interface ExifInfo {
  /** 1–8 as EXIF defines it; 1 is upright. */
  readonly orientation: number | undefined;
  /** Capture time, epoch ms (the camera's clock; its offset when the file names one, else local time). */
  readonly takenAt: number | undefined;
  readonly location: { readonly latitude: number; readonly longitude: number } | undefined;
  readonly hasGps: boolean;
}

/** Where the TIFF-structured EXIF data lies in the file, and what must be redone after an edit. */
interface ExifBlock {
  start: number;
  end: number;
  /** A PNG chunk's CRC covers its data: after an edit it is recomputed. */
  pngChunk?: { typeAt: number; crcAt: number };
}

function findBlock(b: Uint8Array, format: ImageFormat): ExifBlock | undefined {
  if (format === 'tiff') return { start: 0, end: b.length };
  if (format === 'jpeg') {
    let at = 2;
    while (at + 4 <= b.length && b[at] === 0xff) {
      const marker = b[at + 1] ?? 0;
      const length = u16(b, at + 2, false) ?? 0;
      if (marker === 0xda || length < 2) return undefined;
      if (marker === 0xe1 && ascii(b, at + 4, at + 10) === 'Exif\0\0') {
        return { start: at + 10, end: Math.min(b.length, at + 2 + length) };
      }
      at += 2 + length;
    }
    return undefined;
  }
  if (format === 'png') {
    let at = 8;
    while (at + 12 <= b.length) {
      const length = u32(b, at, false) ?? 0;
      const type = ascii(b, at + 4, at + 8);
      if (type === 'eXIf') {
        return {
          start: at + 8,
          end: Math.min(b.length, at + 8 + length),
          pngChunk: { typeAt: at + 4, crcAt: at + 8 + length },
        };
      }
      if (type === 'IDAT' || type === 'IEND') return undefined;
      at += 12 + length;
    }
    return undefined;
  }
  if (format === 'webp') {
    let at = 12;
    while (at + 8 <= b.length) {
      const length = u32(b, at + 4, true) ?? 0;
      if (ascii(b, at, at + 4) === 'EXIF') {
        let start = at + 8;
        if (ascii(b, start, start + 6) === 'Exif\0\0') start += 6;
        return { start, end: Math.min(b.length, at + 8 + length) };
      }
      at += 8 + length + (length % 2);
    }
  }
  return undefined;
}

const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Absolute position of the entry, and of its value (inline or pointed to). */
  at: number;
  valueAt: number;
  size: number;
}

/** A directory's entries; [] for an offset outside the block. Offsets are relative to the block start. */
function entries(b: Uint8Array, block: ExifBlock, offset: number, little: boolean): Entry[] {
  const at = block.start + offset;
  const count = u16(b, at, little);
  if (count === undefined || offset < 8 || at + 2 + count * 12 > block.end) return [];
  const list: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const e = at + 2 + i * 12;
    const tag = u16(b, e, little) ?? 0;
    const type = u16(b, e + 2, little) ?? 0;
    const n = u32(b, e + 4, little) ?? 0;
    const size = (TYPE_SIZE[type] ?? 1) * n;
    const valueAt = size <= 4 ? e + 8 : block.start + (u32(b, e + 8, little) ?? 0);
    if (valueAt + size > block.end) continue;
    list.push({ tag, type, count: n, at: e, valueAt, size });
  }
  return list;
}

function byteOrder(b: Uint8Array, block: ExifBlock): boolean | undefined {
  const mark = ascii(b, block.start, block.start + 2);
  if (mark !== 'II' && mark !== 'MM') return undefined;
  const little = mark === 'II';
  return u16(b, block.start + 2, little) === 42 ? little : undefined;
}

function shortOf(b: Uint8Array, e: Entry | undefined, little: boolean): number | undefined {
  if (!e) return undefined;
  return e.type === 3 ? u16(b, e.valueAt, little) : e.type === 4 ? u32(b, e.valueAt, little) : undefined;
}

function textOf(b: Uint8Array, e: Entry | undefined): string | undefined {
  return e?.type === 2 ? ascii(b, e.valueAt, e.valueAt + e.size).replace(/\0.*$/s, '') : undefined;
}

/** Three rationals (degrees, minutes, seconds) as decimal degrees. */
function degrees(b: Uint8Array, e: Entry | undefined, little: boolean): number | undefined {
  if (e?.type !== 5 || e.count < 3) return undefined;
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const num = u32(b, e.valueAt + i * 8, little) ?? 0;
    const den = u32(b, e.valueAt + i * 8 + 4, little) ?? 0;
    if (den === 0) return undefined;
    total += num / den / 60 ** i;
  }
  return total;
}

/** "2019:05:04 13:22:10" with an optional "+02:00" offset, as epoch ms. */
export function exifDate(text: string | undefined, offset: string | undefined): number | undefined {
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text ?? '');
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 1800 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const zone = /^([+-])(\d{2}):(\d{2})$/.exec(offset ?? '');
  if (zone) {
    const minutes = (Number(zone[2]) * 60 + Number(zone[3])) * (zone[1] === '-' ? -1 : 1);
    return Date.UTC(y, mo - 1, d, h, mi, s) - minutes * 60_000;
  }
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

const NONE: ExifInfo = { orientation: undefined, takenAt: undefined, location: undefined, hasGps: false };

export function readExif(bytes: Uint8Array, format: ImageFormat): ExifInfo {
  const block = findBlock(bytes, format);
  const little = block && byteOrder(bytes, block);
  if (!block || little === undefined) return NONE;
  const ifd0 = entries(bytes, block, u32(bytes, block.start + 4, little) ?? 0, little);
  const find = (list: Entry[], tag: number) => list.find((e) => e.tag === tag);
  const exifAt = shortOf(bytes, find(ifd0, 0x8769), little);
  const exif = exifAt === undefined ? [] : entries(bytes, block, exifAt, little);
  const gpsAt = shortOf(bytes, find(ifd0, 0x8825), little);
  const gps = gpsAt === undefined ? [] : entries(bytes, block, gpsAt, little);
  const takenAt =
    exifDate(textOf(bytes, find(exif, 0x9003)), textOf(bytes, find(exif, 0x9011))) ??
    exifDate(textOf(bytes, find(ifd0, 0x0132)), textOf(bytes, find(exif, 0x9010)));
  const lat = degrees(bytes, find(gps, 2), little);
  const lon = degrees(bytes, find(gps, 4), little);
  const south = textOf(bytes, find(gps, 1)) === 'S';
  const west = textOf(bytes, find(gps, 3)) === 'W';
  const orientation = shortOf(bytes, find(ifd0, 0x0112), little);
  return {
    orientation: orientation !== undefined && orientation >= 1 && orientation <= 8 ? orientation : undefined,
    takenAt,
    location:
      lat === undefined || lon === undefined
        ? undefined
        : { latitude: south ? -lat : lat, longitude: west ? -lon : lon },
    hasGps: gps.length > 0,
  };
}

/**
 * A copy of the file whose GPS directory holds nothing: every GPS value and entry is zeroed and the
 * directory's count set to 0. The length and every other offset stay as they were, so the file still
 * decodes exactly as before. Answers the bytes unchanged when there is no GPS data.
 */
export function withoutGps(bytes: Uint8Array<ArrayBuffer>, format: ImageFormat): Uint8Array<ArrayBuffer> {
  const block = findBlock(bytes, format);
  const little = block && byteOrder(bytes, block);
  if (!block || little === undefined) return bytes;
  const ifd0 = entries(bytes, block, u32(bytes, block.start + 4, little) ?? 0, little);
  const gpsAt = shortOf(
    bytes,
    ifd0.find((e) => e.tag === 0x8825),
    little,
  );
  if (gpsAt === undefined) return bytes;
  const gps = entries(bytes, block, gpsAt, little);
  const at = block.start + gpsAt;
  const count = u16(bytes, at, little) ?? 0;
  if (count === 0 && gps.length === 0) return bytes;
  const out = bytes.slice();
  for (const e of gps) out.fill(0, e.valueAt, e.valueAt + e.size);
  // The count, the entries and the next-directory pointer (zero: no further directory).
  out.fill(0, at, Math.min(block.end, at + 2 + count * 12 + 4));
  if (block.pngChunk) {
    const { typeAt, crcAt } = block.pngChunk;
    const crc = crc32(out.subarray(typeAt, crcAt));
    new DataView(out.buffer, out.byteOffset).setUint32(crcAt, crc, false);
  }
  return out;
}

let table: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
