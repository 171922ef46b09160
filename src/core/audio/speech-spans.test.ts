import { describe, expect, it } from 'vitest';
import { speechSpans } from './speech-spans';

const FRAME = 0.032;

/** Frame probabilities: `high` inside the given [start, end) seconds, `low` elsewhere. */
function probabilities(seconds: number, loud: [number, number][], high = 0.9, low = 0.05): number[] {
  return Array.from({ length: Math.ceil(seconds / FRAME) }, (_, i) =>
    loud.some(([s, e]) => i * FRAME >= s && i * FRAME < e) ? high : low,
  );
}

const noPad = { padSec: 0 };

describe('speechSpans', () => {
  it('finds each stretch of speech', () => {
    const spans = speechSpans(
      probabilities(10, [
        [1, 3],
        [5, 8],
      ]),
      FRAME,
      10,
      noPad,
    );
    expect(spans).toHaveLength(2);
    expect(spans[0]?.start).toBeCloseTo(1, 1);
    expect(spans[0]?.end).toBeCloseTo(3, 1);
    expect(spans[1]?.start).toBeCloseTo(5, 1);
    expect(spans[1]?.end).toBeCloseTo(8, 1);
  });

  it('bridges a pause shorter than the minimum silence', () => {
    const spans = speechSpans(
      probabilities(5, [
        [1, 2],
        [2.05, 3],
      ]),
      FRAME,
      5,
      { ...noPad, minSilenceSec: 0.1 },
    );
    expect(spans).toHaveLength(1);
  });

  it('keeps speech going while the probability stays between the two thresholds', () => {
    const p = probabilities(5, [[1, 3]]);
    for (let i = Math.round(1.5 / FRAME); i < Math.round(2.5 / FRAME); i++) p[i] = 0.4;
    expect(speechSpans(p, FRAME, 5, noPad)).toHaveLength(1);
  });

  it('drops blips shorter than the minimum speech', () => {
    expect(speechSpans(probabilities(5, [[1, 1.1]]), FRAME, 5, noPad)).toEqual([]);
  });

  it('pads spans, and splits a gap shorter than two pads between its neighbours', () => {
    const spans = speechSpans(
      probabilities(10, [
        [1, 3],
        [3.2, 5],
      ]),
      FRAME,
      10,
      {
        padSec: 0.2,
        minSilenceSec: 0.1,
      },
    );
    expect(spans).toHaveLength(2);
    expect(spans[0]?.start).toBeCloseTo(0.8, 1);
    expect(spans[0]?.end).toBeCloseTo(spans[1]?.start ?? NaN, 6);
  });

  it('ends open speech at the end of the recording', () => {
    const spans = speechSpans(probabilities(4, [[2, 4]]), FRAME, 3.9, { padSec: 0.5 });
    expect(spans.at(-1)?.end).toBe(3.9);
  });

  it('cuts speech longer than the maximum at its last pause, and hard when it has none', () => {
    // 70 s of speech with short pauses (250 ms) every 8 s.
    const loud: [number, number][] = [];
    for (let s = 0; s < 70; s += 8) loud.push([s, Math.min(70, s + 7.75)]);
    const spans = speechSpans(probabilities(70, loud), FRAME, 70, { ...noPad, minSilenceSec: 0.5 });
    expect(spans.length).toBeGreaterThanOrEqual(3);
    for (const s of spans) expect(s.end - s.start).toBeLessThanOrEqual(30);
    // The cuts fall in pauses: each span but the last ends just before a multiple of 8 s.
    for (const s of spans.slice(0, -1)) expect(s.end % 8).toBeCloseTo(7.75, 1);
    const unbroken = speechSpans(probabilities(70, [[0, 70]]), FRAME, 70, noPad);
    for (const s of unbroken) expect(s.end - s.start).toBeLessThanOrEqual(30);
    expect(unbroken.reduce((sum, s) => sum + s.end - s.start, 0)).toBeGreaterThan(69);
  });
});
