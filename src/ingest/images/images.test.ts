import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectType } from '../detect';
import { exifDate, readExif, withoutGps } from './exif';
import { readImageHeader, isJpegComplete, tiffDirectoryChain } from './header';
import { imageFormatOf } from './read-image';
import { cleanSvg } from './svg';

const FIXTURES = join(import.meta.dirname, '../parsers/__fixtures__/images');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

function headerOf(name: string) {
  const bytes = fixture(name);
  const type = detectType(bytes, name);
  const format = imageFormatOf(type.mime);
  if (!format) throw new Error(`${name}: not an image (${type.mime})`);
  return { type, header: readImageHeader(bytes, format) };
}

describe('detectType for images', () => {
  it.each([
    ['photo-exif.jpg', 'image/jpeg'],
    ['deep-16bit.png', 'image/png'],
    ['animated.gif', 'image/gif'],
    ['sample.webp', 'image/webp'],
    ['sample.bmp', 'image/bmp'],
    ['sample.avif', 'image/avif'],
    ['photo.heic', 'image/heic'],
    ['two-pages.tif', 'image/tiff'],
    ['hostile.svg', 'image/svg+xml'],
  ])('recognises %s as %s from its bytes, whatever its name', (name, mime) => {
    const type = detectType(fixture(name), 'renamed.txt');
    expect(type).toMatchObject({ kind: 'image', mime });
  });

  it('does not take text that starts with "BM" for a bitmap', () => {
    expect(detectType(new TextEncoder().encode('BMW service history\n\nOil changed.')).kind).toBe('text');
  });
});

describe('readImageHeader', () => {
  it.each([
    ['photo-exif.jpg', 64, 32],
    ['deep-16bit.png', 40, 30],
    ['animated.gif', 24, 24],
    ['sample.webp', 30, 20],
    ['sample.bmp', 30, 20],
    ['sample.avif', 30, 20],
    ['two-pages.tif', 50, 70],
    ['hostile.svg', 120, 60],
    ['pixel-bomb.png', 30000, 30000],
  ])('reads the size of %s without decoding it', (name, width, height) => {
    expect(headerOf(name).header).toMatchObject({ width, height });
  });

  it('bounds an AVIF or HEIC by its largest image (an encoder pads HEVC tiles)', () => {
    expect(headerOf('photo.heic').header?.width).toBeGreaterThanOrEqual(32);
  });

  it('says what else the header tells: animation, CMYK, 16 bits', () => {
    expect(headerOf('animated.gif').header?.isAnimated).toBe(true);
    expect(headerOf('cmyk.jpg').header?.isCmyk).toBe(true);
    expect(headerOf('deep-16bit.png').header?.bitDepth).toBe(16);
    expect(headerOf('photo-exif.jpg').header).toMatchObject({ isAnimated: false, isCmyk: false });
  });

  it('answers undefined for a header cut short, never throws', () => {
    const bytes = fixture('photo-exif.jpg').subarray(0, 40);
    expect(readImageHeader(bytes, 'jpeg')).toBeUndefined();
    expect(readImageHeader(fixture('pixel-bomb.png').subarray(0, 20), 'png')).toBeUndefined();
  });

  it('tells a JPEG cut short from a whole one', () => {
    expect(isJpegComplete(fixture('truncated.jpg'))).toBe(false);
    expect(isJpegComplete(fixture('photo-exif.jpg'))).toBe(true);
    expect(isJpegComplete(fixture('cmyk.jpg'))).toBe(true);
  });
});

describe('readExif', () => {
  it('reads orientation, capture time with its offset, and the GPS position', () => {
    const exif = readExif(fixture('photo-exif.jpg'), 'jpeg');
    expect(exif.orientation).toBe(6);
    expect(new Date(exif.takenAt ?? 0).toISOString()).toBe('2019-05-04T11:22:10.000Z');
    expect(exif.hasGps).toBe(true);
    expect(exif.location?.latitude).toBeCloseTo(52.52, 4);
    expect(exif.location?.longitude).toBeCloseTo(13.41, 4);
  });

  it('answers nothing for a file without EXIF', () => {
    expect(readExif(fixture('cmyk.jpg'), 'jpeg')).toEqual({
      orientation: undefined,
      takenAt: undefined,
      location: undefined,
      hasGps: false,
    });
  });

  it('refuses dates that are not dates', () => {
    expect(exifDate('0000:00:00 00:00:00', undefined)).toBeUndefined();
    expect(exifDate('    :  :     :  :  ', undefined)).toBeUndefined();
  });
});

describe('withoutGps', () => {
  it('blanks the GPS directory in place and keeps orientation and date', () => {
    const bytes = fixture('photo-exif.jpg');
    const clean = withoutGps(bytes, 'jpeg');
    expect(clean.length).toBe(bytes.length);
    const exif = readExif(clean, 'jpeg');
    expect(exif).toMatchObject({ orientation: 6, hasGps: false, location: undefined });
    expect(exif.takenAt).toBe(readExif(bytes, 'jpeg').takenAt);
    // Nothing of the position is left in the bytes: the rationals 52/1, 31/1, 12/1 are gone.
    const hex = Buffer.from(clean).toString('hex');
    expect(hex).not.toContain('000000340000000100000001f');
    expect(hex).not.toContain(Buffer.from([0, 0, 0, 52, 0, 0, 0, 1, 0, 0, 0, 31]).toString('hex'));
  });

  it('returns a file without GPS as it is', () => {
    const bytes = fixture('cmyk.jpg');
    expect(withoutGps(bytes, 'jpeg')).toBe(bytes);
  });
});

describe('cleanSvg', () => {
  it('removes the script, handlers, outside references and foreign content, and keeps the text', () => {
    const svg = cleanSvg(fixture('hostile.svg'));
    expect(svg.markup).toMatch(/^<svg/);
    expect(svg.markup).not.toMatch(/script|onload|tracker\.invalid|javascript:|foreignObject|@import/i);
    expect(svg.markup).toContain('<rect');
    expect(svg.texts).toEqual(['Quarterly harvest']);
    expect(svg.removed).toBeGreaterThanOrEqual(6);
  });

  it('refuses a drawing that declares XML entities (the billion-laughs bomb)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>`;
    expect(() => cleanSvg(new TextEncoder().encode(bomb))).toThrow(/entities/);
  });
});

/** A little-endian TIFF whose one directory (10 × 10, no image data) points to itself as the next one. */
function loopingTiff(): Uint8Array {
  return new Uint8Array([
    0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 2, 0, 0, 1, 3, 0, 1, 0, 0, 0, 10, 0, 0, 0, 1, 1, 3, 0, 1, 0, 0, 0, 10, 0,
    0, 0, 8, 0, 0, 0,
  ]);
}

describe('tiffDirectoryChain', () => {
  it('counts the pages of a TIFF and finds a chain that loops or leaves the file', () => {
    expect(tiffDirectoryChain(fixture('two-pages.tif'), 100)).toBe(2);
    expect(tiffDirectoryChain(loopingTiff(), 100)).toBe('loop');
    expect(tiffDirectoryChain(fixture('two-pages.tif').slice(0, 12), 100)).toBe('broken');
  });
});

describe('readers over damaged bytes', () => {
  it('never throw on any cut or any flipped byte of the fixtures', () => {
    const formats = ['png', 'jpeg', 'gif', 'webp', 'bmp', 'avif', 'heic', 'tiff'] as const;
    for (const name of readdirSync(FIXTURES).filter((n) => !n.endsWith('.svg'))) {
      const whole = fixture(name);
      for (let cut = 0; cut <= whole.length; cut += Math.max(1, Math.floor(whole.length / 97))) {
        const bytes = whole.slice(0, cut);
        const flipped = whole.slice();
        if (cut < flipped.length) flipped[cut] = (flipped[cut] ?? 0) ^ 0xff;
        for (const format of formats) {
          for (const input of [bytes, flipped]) {
            expect(
              () => {
                readImageHeader(input, format);
                readExif(input, format);
                withoutGps(input, format);
              },
              `${name} cut at ${String(cut)} as ${format}`,
            ).not.toThrow();
          }
        }
      }
    }
  });
});
