// Recordings that cannot be decoded fail with a typed error (its code) and a sentence a person can act
// on, never a class name or a decoder's own words; and what the shared recordings do not cover (stereo,
// 44.1 kHz, MPEG-1 MP3 framing) decodes to true length and pitch. Fixtures: make-audio-fixtures.ts.
import { describe, expect, it } from 'vitest';
import { errorForPeople } from '../../core/errors';
import { AudioError, type AudioErrorCode } from './audio-errors';
import { decodeAudio, SPEECH_RATE } from './decode';

const FIXTURES = import.meta.glob<string>('./__fixtures__/*', {
  query: '?url',
  import: 'default',
  eager: true,
});

async function fixture(name: string): Promise<Blob> {
  const url = FIXTURES[`./__fixtures__/${name}`];
  if (url === undefined) throw new Error(`no fixture ${name}`);
  return (await fetch(url)).blob();
}

async function decodeAll(blob: Blob): Promise<{ durationSec: number; samples: Float32Array }> {
  const audio = await decodeAudio(blob);
  const pieces: Float32Array[] = [];
  for await (const chunk of audio) pieces.push(chunk.samples);
  const samples = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    samples.set(p, at);
    at += p.length;
  }
  return { durationSec: audio.durationSec, samples };
}

async function failure(name: string): Promise<AudioError> {
  try {
    await decodeAll(await fixture(name));
  } catch (error) {
    if (error instanceof AudioError) return error;
    throw error;
  }
  throw new Error(`${name} decoded`);
}

describe('decodeAudio on bad input', () => {
  it.each<[string, AudioErrorCode, RegExp]>([
    ['empty.m4a', 'audio-empty', /empty/],
    ['not-audio.mp3', 'audio-not-media', /not a recording/],
    ['truncated.m4a', 'audio-damaged', /damaged or cut short/],
    ['truncated.mp3', 'audio-truncated', /cut short: it says it lasts 0:04, but its sound stops at 0:02/],
    ['no-audio.mp4', 'audio-no-track', /video has no sound track/],
    ['unsupported-alac.m4a', 'audio-unsupported-codec', /ALAC \(Apple Lossless\).*cannot decode/],
    ['encrypted.m4a', 'audio-encrypted', /encrypted/],
  ])('fails %s with %s and plain words', async (name, code, words) => {
    const error = await failure(name);
    expect(error.code).toBe(code);
    const said = errorForPeople(error);
    expect(said).toMatch(words);
    expect(said).not.toMatch(/Error|undefined|null|\bat \w+ \(/);
  });
});

describe('decodeAudio on stereo 44.1 kHz', () => {
  /** Zero crossings per second of the middle half: twice the frequency of a pure tone. */
  function crossingRate(samples: Float32Array): number {
    const from = Math.floor(samples.length / 4);
    const to = Math.floor((3 * samples.length) / 4);
    let crossings = 0;
    for (let i = from + 1; i < to; i++) if ((samples[i - 1] ?? 0) < 0 !== (samples[i] ?? 0) < 0) crossings++;
    return crossings / ((to - from) / SPEECH_RATE);
  }

  it.each(['tone-stereo-44k.mp3', 'tone-stereo-44k.m4a'])(
    'decodes %s to 1 s of both channels',
    async (name) => {
      const { durationSec, samples } = await decodeAll(await fixture(name));
      expect(Math.abs(durationSec - 1)).toBeLessThan(0.01);
      expect(Math.abs(samples.length / SPEECH_RATE - 1)).toBeLessThan(0.01);
      // 440 Hz + 880 Hz averaged: the sum crosses zero 4 times per 440 Hz period.
      expect(crossingRate(samples)).toBeGreaterThan(4 * 440 * 0.95);
      expect(crossingRate(samples)).toBeLessThan(4 * 440 * 1.05);
      let peak = 0;
      for (const v of samples) peak = Math.max(peak, Math.abs(v));
      expect(peak).toBeGreaterThan(0.1);
    },
  );
});
