import { describe, expect, it } from 'vitest';
import { normalizeDocument, normalizeImage } from './documents';

describe('normalizeImage', () => {
  it('keeps an image’s facts and thumbnail as stored', () => {
    const thumbnail = new Blob(['x'], { type: 'image/webp' });
    expect(
      normalizeImage({
        width: 32,
        height: 64,
        pages: 2,
        thumbnail,
        takenAt: 5,
        location: { latitude: 1, longitude: 2 },
      }),
    ).toEqual({
      width: 32,
      height: 64,
      pages: 2,
      thumbnail,
      takenAt: 5,
      location: { latitude: 1, longitude: 2 },
    });
  });

  it('drops what has the wrong shape instead of trusting it', () => {
    expect(normalizeImage('a picture')).toBeUndefined();
    expect(normalizeImage({ width: '32', height: 64 })).toBeUndefined();
    expect(
      normalizeImage({ width: 3, height: 4, pages: 0, thumbnail: 'data:', location: { latitude: 1 } }),
    ).toEqual({
      width: 3,
      height: 4,
      pages: 1,
    });
  });
});

describe('normalizeDocument', () => {
  it('reads a document without image fields as before, and drops a bad date', () => {
    const doc = normalizeDocument({ id: 'd', title: 'Notes', date: 'yesterday', image: null });
    expect(doc).not.toHaveProperty('image');
    expect(doc).not.toHaveProperty('date');
    expect(normalizeDocument({ id: 'd', date: 1_556_968_930_000 }).date).toBe(1_556_968_930_000);
  });
});
