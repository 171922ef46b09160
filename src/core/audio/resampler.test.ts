import { describe, expect, it } from 'vitest';
import { resampleAll, StreamingResampler } from './resampler';

function tone(frequency: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate),
  );
}

function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

describe('StreamingResampler', () => {
  it.each([
    [48_000, 16_000],
    [44_100, 16_000],
    [22_050, 16_000],
    [8_000, 16_000],
  ])('keeps a 440 Hz tone from %i Hz at %i Hz: length, level and phase', (from, to) => {
    const out = resampleAll(tone(440, from, 2), from, to);
    expect(out.length).toBe(2 * to);
    const expected = tone(440, to, 2);
    let worst = 0;
    // Away from the edges, where the kernel sees silence past the ends.
    for (let i = 100; i < out.length - 100; i++)
      worst = Math.max(worst, Math.abs((out[i] ?? 0) - (expected[i] ?? 0)));
    expect(worst).toBeLessThan(0.01);
  });

  it('removes what lies above the new Nyquist frequency instead of folding it into speech', () => {
    // 11 kHz at 48 kHz would alias to 5 kHz at 16 kHz.
    const out = resampleAll(tone(11_000, 48_000, 1), 48_000, 16_000);
    expect(rms(out, 100, out.length - 100)).toBeLessThan(0.005);
  });

  it('gives the same samples whatever pieces the input comes in', () => {
    const input = tone(300, 44_100, 1.3);
    const whole = resampleAll(input, 44_100, 16_000);
    const r = new StreamingResampler(44_100, 16_000);
    const parts: number[] = [];
    for (let at = 0, size = 1; at < input.length; at += size, size = ((size * 7) % 3001) + 1) {
      parts.push(...r.push(input.subarray(at, at + size)));
    }
    parts.push(...r.flush());
    expect(parts.length).toBe(whole.length);
    let worst = 0;
    parts.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (whole[i] ?? 0)))));
    expect(worst).toBeLessThan(1e-6);
  });

  it('passes samples through when the rates match', () => {
    const input = tone(100, 16_000, 0.1);
    expect(resampleAll(input, 16_000, 16_000)).toEqual(input);
  });

  it('keeps only a kernel of input between pushes', () => {
    const r = new StreamingResampler(48_000, 16_000);
    let produced = 0;
    for (let i = 0; i < 100; i++) produced += r.push(new Float32Array(48_000)).length;
    expect(produced).toBeGreaterThan(100 * 16_000 - 100);
    expect(r.produced).toBe(produced);
  });
});
