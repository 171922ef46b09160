// A TIFF page stored turned, with its orientation tag saying how (274, as in EXIF), is decoded upright:
// a 4 × 2 page with a red top-left pixel, tagged with each of the eight orientations, comes out with the
// red pixel where a viewer that honours the tag shows it.
import * as UTIF from 'utif2';
import { describe, expect, it } from 'vitest';
import { tiffPages, uprightTransform } from './tiff';

const W = 4;
const H = 2;

function taggedTiff(orientation: number): Uint8Array {
  const rgba = new Uint8Array(W * H * 4).fill(255);
  rgba.set([255, 0, 0, 255], 0); // red at stored (0, 0)
  return new Uint8Array(UTIF.encodeImage(rgba, W, H, { t274: [orientation] } as unknown as UTIF.IFD));
}

/** Where stored (0, 0) lands once upright, per the TIFF/EXIF definition of each orientation. */
const RED_AT: Record<number, [number, number]> = {
  1: [0, 0],
  2: [W - 1, 0],
  3: [W - 1, H - 1],
  4: [0, H - 1],
  5: [0, 0],
  6: [H - 1, 0],
  7: [H - 1, W - 1],
  8: [0, W - 1],
};

async function redPixel(bitmap: ImageBitmap): Promise<[number, number]> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D context');
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i] ?? 0) > 200 && (data[i + 1] ?? 255) < 60)
      return [(i / 4) % bitmap.width, Math.floor(i / 4 / bitmap.width)];
  }
  await Promise.resolve();
  return [-1, -1];
}

describe('TIFF orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i is decoded upright', async (orientation) => {
    const { pages } = tiffPages(taggedTiff(orientation), {
      signal: new AbortController().signal,
      checkPixels: () => undefined,
    });
    const next = await pages.next();
    if (next.done === true) throw new Error('no page');
    const page = next.value;
    const swapped = orientation >= 5;
    expect([page.width, page.height]).toEqual(swapped ? [H, W] : [W, H]);
    expect(await redPixel(page.bitmap)).toEqual(RED_AT[orientation]);
    page.bitmap.close();
  });

  it('ignores values outside 1–8', () => {
    expect(uprightTransform(0, W, H)).toBeUndefined();
    expect(uprightTransform(9, W, H)).toBeUndefined();
  });
});
