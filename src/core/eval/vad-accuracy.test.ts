import { describe, expect, it } from 'vitest';
import {
  addCounts,
  boundaryErrorsMs,
  complementSpans,
  frameCounts,
  frameLabels,
  frameScore,
  mean,
  parseSilencedetect,
} from './vad-accuracy';

describe('vad accuracy', () => {
  it('labels a 10 ms frame as speech when its centre lies in a span', () => {
    expect([...frameLabels([{ start: 0.012, end: 0.03 }], 0.05)]).toEqual([0, 1, 1, 0, 0]);
  });

  it('scores a perfect detection 1 and a shifted one lower', () => {
    const truth = [{ start: 1, end: 2 }];
    expect(frameScore(frameCounts(truth, truth, 3)).f1).toBe(1);
    const shifted = frameScore(frameCounts(truth, [{ start: 1.5, end: 2.5 }], 3));
    expect(shifted.precision).toBeCloseTo(0.5, 6);
    expect(shifted.recall).toBeCloseTo(0.5, 6);
    expect(shifted.f1).toBeCloseTo(0.5, 6);
  });

  it('adds counts over recordings (pooled, not averaged)', () => {
    const a = frameCounts([{ start: 0, end: 1 }], [{ start: 0, end: 1 }], 2);
    const b = frameCounts([{ start: 0, end: 1 }], [], 2);
    expect(frameScore(addCounts(a, b)).recall).toBeCloseTo(0.5, 6);
  });

  it('measures boundary error against the nearest boundary of the same kind', () => {
    const errors = boundaryErrorsMs(
      [{ start: 1, end: 2 }],
      [
        { start: 0.9, end: 1.5 },
        { start: 1.6, end: 2.05 },
      ],
      10,
    );
    expect(errors[0]).toBeCloseTo(100, 6);
    expect(errors[1]).toBeCloseTo(50, 6);
    expect(mean(errors)).toBeCloseTo(75, 6);
    expect(boundaryErrorsMs([{ start: 1, end: 2 }], [], 10)).toEqual([1000, 2000]);
  });

  it('turns ffmpeg silencedetect output into speech spans', () => {
    const log = [
      '[silencedetect @ 0x1] silence_start: 0',
      '[silencedetect @ 0x1] silence_end: 1.5 | silence_duration: 1.5',
      '[silencedetect @ 0x1] silence_start: 3.25',
      '[silencedetect @ 0x1] silence_end: 4 | silence_duration: 0.75',
      '[silencedetect @ 0x1] silence_start: 9',
    ].join('\n');
    const silences = parseSilencedetect(log, 10);
    expect(silences).toEqual([
      { start: 0, end: 1.5 },
      { start: 3.25, end: 4 },
      { start: 9, end: 10 },
    ]);
    expect(complementSpans(silences, 10)).toEqual([
      { start: 1.5, end: 3.25 },
      { start: 4, end: 9 },
    ]);
  });
});
