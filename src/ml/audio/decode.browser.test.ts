// Every recording of ../shared/data/audio-recordings (all formats, the videos' sound too) decoded in
// real Chromium to 16 kHz mono, streaming: its length must match truth.json within 100 ms, and its
// sound must line up with the WAV original in time (the encoder's priming trimmed, not shifted).
import { describe, expect, it } from 'vitest';
import { decodeAudio, SPEECH_RATE, CHUNK_SEC } from './decode';

const RECORDINGS = import.meta.glob<string>('../../../../shared/data/audio-recordings/*', {
  query: '?url',
  import: 'default',
  eager: true,
});

async function blobOf(name: string): Promise<Blob> {
  const url = Object.entries(RECORDINGS).find(([path]) => path.endsWith(`/${name}`))?.[1];
  if (url === undefined) throw new Error(`no recording ${name}`);
  return (await fetch(url)).blob();
}

interface Truth {
  recording: string;
  duration: number;
}

async function decodeWhole(blob: Blob) {
  const audio = await decodeAudio(blob);
  const pieces: Float32Array[] = [];
  let expectedStart = 0;
  for await (const chunk of audio) {
    expect(chunk.startSec).toBeCloseTo(expectedStart, 6);
    expect(chunk.samples.length).toBeLessThanOrEqual(CHUNK_SEC * SPEECH_RATE);
    expectedStart += chunk.samples.length / SPEECH_RATE;
    pieces.push(chunk.samples);
  }
  const all = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    all.set(p, at);
    at += p.length;
  }
  return { audio, samples: all };
}

/** The lag (in samples) at which `b` best matches `a`, searched within ±maxLag. */
function lag(a: Float32Array, b: Float32Array, maxLag: number): number {
  let best = 0;
  let bestScore = -Infinity;
  const n = Math.min(a.length, b.length, 20 * SPEECH_RATE);
  for (let d = -maxLag; d <= maxLag; d++) {
    let score = 0;
    for (let i = maxLag; i < n - maxLag; i += 2) score += (a[i] ?? 0) * (b[i + d] ?? 0);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

describe('decodeAudio', async () => {
  const truthUrl = Object.entries(RECORDINGS).find(([path]) => path.endsWith('/truth.json'))?.[1] ?? '';
  const truth = (await (await fetch(truthUrl)).json()) as Truth[];
  const names = Object.keys(RECORDINGS)
    .map((path) => path.split('/').pop() ?? '')
    .filter((name) => name !== 'truth.json')
    .sort();

  it('finds every format of the shared recordings', () => {
    const extensions = new Set(names.map((n) => n.split('.').pop()));
    for (const ext of ['wav', 'mp3', 'm4a', 'ogg', 'opus', 'webm', 'flac', 'mp4'])
      expect(extensions).toContain(ext);
  });

  const originals = new Map<string, Float32Array>();

  it.each(names)('decodes %s to its true length, in time with the original', async (name) => {
    const stem = name.replace(/\.[^.]+$/, '');
    const expected = truth.find((t) => t.recording === `${stem}.wav`)?.duration;
    if (expected === undefined) throw new Error(`no truth for ${name}`);
    const { audio, samples } = await decodeWhole(await blobOf(name));
    expect(Math.abs(audio.durationSec - expected)).toBeLessThan(0.1);
    expect(Math.abs(samples.length / SPEECH_RATE - expected)).toBeLessThan(0.1);
    let original = originals.get(stem);
    if (!original) {
      original = (await decodeWhole(await blobOf(`${stem}.wav`))).samples;
      originals.set(stem, original);
    }
    // Priming left in shifts everything later; trimmed twice, earlier. Either shows as a lag.
    expect(Math.abs(lag(original, samples, 2400))).toBeLessThanOrEqual(16); // 1 ms
  });
});
