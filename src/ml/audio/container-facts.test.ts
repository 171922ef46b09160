import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasEncryptedMp4Audio, readMp3Gapless } from './container-facts';

const fixtures = join(import.meta.dirname, '__fixtures__');
const recordings = join(import.meta.dirname, '../../../../shared/data/audio-recordings');
const bytes = (path: string) => new Uint8Array(readFileSync(path));
const reader = (data: Uint8Array) => (offset: number, length: number) =>
  Promise.resolve(data.subarray(offset, offset + length));

describe('readMp3Gapless', () => {
  it('reads LAME delay and padding of an MPEG-2 mono MP3 (16 kHz, 576 samples a frame)', () => {
    const gapless = readMp3Gapless(bytes(join(recordings, 'rec01.mp3')));
    expect(gapless?.sampleRate).toBe(16_000);
    // ffprobe: start 0.0690625 s = (576 + 529) / 16000; the truth says 55.624 s.
    expect(gapless?.skipSamples).toBe(1105);
    expect((gapless?.validSamples ?? 0) / 16_000).toBeCloseTo(55.624, 3);
  });

  it('reads an MPEG-1 stereo MP3 (44.1 kHz, 1152 samples a frame)', () => {
    const gapless = readMp3Gapless(bytes(join(fixtures, 'tone-stereo-44k.mp3')));
    expect(gapless?.sampleRate).toBe(44_100);
    expect(gapless?.validSamples).toBe(44_100);
  });

  it('answers undefined without a Xing/LAME header, and on any cut of one', () => {
    expect(readMp3Gapless(new TextEncoder().encode('not an mp3'))).toBeUndefined();
    const whole = bytes(join(recordings, 'rec01.mp3'));
    for (let cut = 0; cut < 400; cut += 7) expect(() => readMp3Gapless(whole.subarray(0, cut))).not.toThrow();
  });
});

describe('hasEncryptedMp4Audio', () => {
  it('finds Common Encryption on the sound track', async () => {
    const data = bytes(join(fixtures, 'encrypted.m4a'));
    expect(await hasEncryptedMp4Audio(reader(data), data.length)).toBe(true);
  });

  it.each(['tone-stereo-44k.m4a', 'no-audio.mp4', 'truncated.m4a'])('finds none in %s', async (name) => {
    const data = bytes(join(fixtures, name));
    expect(await hasEncryptedMp4Audio(reader(data), data.length)).toBe(false);
  });
});
