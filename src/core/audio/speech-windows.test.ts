import { describe, expect, it } from 'vitest';
import { speechWindows } from './speech-windows';

describe('speechWindows', () => {
  it('joins spans while the window stays within the limit', () => {
    const windows = speechWindows(
      [
        { start: 1, end: 10 },
        { start: 11, end: 20 },
        { start: 21, end: 30 },
        { start: 31, end: 40 },
      ],
      30,
    );
    expect(windows.map((w) => [w.start, w.end])).toEqual([
      [1, 30],
      [31, 40],
    ]);
    expect(windows[0]?.spans).toHaveLength(3);
  });

  it('starts a new window after a long silence', () => {
    const windows = speechWindows(
      [
        { start: 0, end: 2 },
        { start: 10, end: 12 },
      ],
      30,
      { maxGapSec: 4 },
    );
    expect(windows).toHaveLength(2);
  });

  it('cuts a span longer than the limit into equal parts', () => {
    const windows = speechWindows([{ start: 5, end: 80 }], 30);
    expect(windows.map((w) => [w.start, w.end])).toEqual([
      [5, 30],
      [30, 55],
      [55, 80],
    ]);
  });

  it('never makes a window longer than the limit, and keeps every span', () => {
    const spans = Array.from({ length: 200 }, (_, i) => ({
      start: i * 3.1,
      end: i * 3.1 + 1 + (i % 5) * 0.4,
    }));
    const windows = speechWindows(spans, 30);
    for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(30);
    expect(windows.flatMap((w) => w.spans)).toHaveLength(200);
    for (let i = 1; i < windows.length; i++)
      expect(windows[i]?.start).toBeGreaterThanOrEqual(windows[i - 1]?.end ?? 0);
  });

  it('answers no windows for no speech', () => {
    expect(speechWindows([], 30)).toEqual([]);
  });
});
