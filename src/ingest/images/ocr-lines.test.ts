import { describe, expect, it } from 'vitest';
import { ocrTextLines } from './ocr-lines';

describe('ocrTextLines', () => {
  it('gives every line in block order with its box as fractions of the page', () => {
    const corners = (x0: number, y0: number, x1: number, y1: number) => [
      { x: x0, y: y0 },
      { x: x1, y: y0 },
      { x: x1, y: y1 },
      { x: x0, y: y1 },
    ];
    const lines = ocrTextLines({
      width: 200,
      height: 100,
      blocks: [
        { lines: [{ text: 'first', confidence: 0.9, corners: corners(20, 10, 120, 20) }] },
        { lines: [{ text: 'second', confidence: 0.8, corners: corners(-4, 90, 210, 104) }] },
      ],
    });
    expect(lines).toEqual([
      { text: 'first', confidence: 0.9, box: [0.1, 0.1, 0.6, 0.2], block: 0 },
      // Corners past the page's edges are clamped to it.
      { text: 'second', confidence: 0.8, box: [0, 0.9, 1, 1], block: 1 },
    ]);
  });
});
