import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AudioFormatError, decodeWav, isWav, resample } from './wav';
import { join } from 'node:path';

/** A WAV file of `frames` frames built by hand: 16-bit PCM, or 32-bit float when `float`. */
function makeWav(options: {
  rate: number;
  channels: number;
  frames: number[][];
  float?: boolean;
}): Uint8Array {
  const { rate, channels, frames, float = false } = options;
  const width = float ? 4 : 2;
  const dataBytes = frames.length * channels * width;
  const view = new DataView(new ArrayBuffer(44 + dataBytes));
  const tag = (at: number, text: string) => {
    for (let i = 0; i < 4; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  tag(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, float ? 3 : 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * width, true);
  view.setUint16(32, channels * width, true);
  view.setUint16(34, width * 8, true);
  tag(36, 'data');
  view.setUint32(40, dataBytes, true);
  let at = 44;
  for (const frame of frames) {
    for (const value of frame) {
      if (float) view.setFloat32(at, value, true);
      else view.setInt16(at, Math.round(value * 32767), true);
      at += width;
    }
  }
  return new Uint8Array(view.buffer);
}

describe('wav', () => {
  describe('decodeWav', () => {
    it('averages channels into mono and keeps a matching rate as is', () => {
      const wav = makeWav({
        rate: 16000,
        channels: 2,
        frames: [
          [0.5, -0.5],
          [1, 0],
          [0.25, 0.25],
        ],
      });
      const out = decodeWav(wav, 16000);
      expect(out.sampleRate).toBe(16000);
      expect([...out.samples].map((v) => Number(v.toFixed(3)))).toEqual([0, 0.5, 0.25]);
    });

    it('reads 32-bit float samples and halves a 32 kHz recording to 16 kHz', () => {
      const frames = Array.from({ length: 320 }, (_, i) => [i % 2 === 0 ? 1 : 0]);
      const out = decodeWav(makeWav({ rate: 32000, channels: 1, frames, float: true }), 16000);
      expect(out.samples.length).toBe(160);
      expect(out.seconds).toBeCloseTo(0.01, 5);
      for (const v of out.samples) expect(v).toBeCloseTo(0.5, 5);
    });

    it('decodes the real JFK recording at 16 kHz mono', () => {
      const bytes = new Uint8Array(
        readFileSync(join(import.meta.dirname, '../../../../shared/data/audio/jfk/jfk.wav')),
      );
      expect(isWav(bytes)).toBe(true);
      const out = decodeWav(bytes, 16000);
      expect(out.seconds).toBeCloseTo(11, 0);
      expect(out.samples.reduce((peak, v) => Math.max(peak, Math.abs(v)), 0)).toBeGreaterThan(0.1);
    });

    it('refuses bytes that are not a WAV file, in words', () => {
      expect(() => decodeWav(new TextEncoder().encode('ID3 not a wave file'), 16000)).toThrow(
        AudioFormatError,
      );
      expect(() => decodeWav(new TextEncoder().encode('ID3 not a wave file'), 16000)).toThrow(
        'This is not a WAV file.',
      );
    });
  });

  describe('resample', () => {
    it('interpolates linearly when raising the rate', () => {
      expect([...resample(new Float32Array([0, 1]), 8000, 16000)]).toEqual([0, 0.5, 1, 1]);
    });
  });
});
