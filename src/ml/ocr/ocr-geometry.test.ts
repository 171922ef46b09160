import { describe, expect, it } from 'vitest';
import { convexHull, minAreaRect, rectCorners } from './geometry';
import { readingOrder } from './reading-order';
import { findTextBoxes } from './text-boxes';
import { ctcDecode, parseDictionary } from './tensors';

describe('minAreaRect', () => {
  it('recovers a turned rectangle from its corners and inner points', () => {
    const rect = { cx: 50, cy: 40, width: 80, height: 10, angle: 0.05 };
    const points = [...rectCorners(rect), { x: 50, y: 40 }, { x: 30, y: 39 }];
    const found = minAreaRect(points);
    expect(found.cx).toBeCloseTo(50, 6);
    expect(found.cy).toBeCloseTo(40, 6);
    expect(found.width).toBeCloseTo(80, 6);
    expect(found.height).toBeCloseTo(10, 6);
    expect(found.angle).toBeCloseTo(0.05, 6);
  });

  it('describes a steep rectangle with its width axis nearest the horizontal', () => {
    const found = minAreaRect(rectCorners({ cx: 0, cy: 0, width: 10, height: 60, angle: 0 }));
    expect(Math.abs(found.angle)).toBeLessThanOrEqual(Math.PI / 4);
    expect(found.width).toBeCloseTo(10, 6);
    expect(found.height).toBeCloseTo(60, 6);
  });

  it('keeps only the hull of a point cloud', () => {
    const hull = convexHull([
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: 2 },
      { x: 0, y: 2 },
    ]);
    expect(hull).toHaveLength(4);
  });
});

describe('findTextBoxes', () => {
  it('finds each text region, keeps confident ones and grows them back by the unclip ratio', () => {
    const width = 100;
    const height = 40;
    const data = new Float32Array(width * height);
    const fill = (x0: number, y0: number, x1: number, y1: number, p: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = p;
    };
    fill(10, 5, 90, 11, 0.9); // a line
    fill(10, 25, 60, 31, 0.9); // a shorter line
    fill(70, 25, 80, 31, 0.4); // above the pixel threshold, below the box threshold
    const boxes = findTextBoxes({ width, height, data });
    expect(boxes).toHaveLength(2);
    const [first, second] = [...boxes].sort((a, b) => a.rect.cy - b.rect.cy);
    // 80 × 6 grown by 80·6·1.5 / (2·86) ≈ 4.19 on every side.
    expect(first?.rect.width).toBeCloseTo(80 + 2 * ((80 * 6 * 1.5) / (2 * 86)), 3);
    expect(first?.rect.height).toBeCloseTo(6 + 2 * ((80 * 6 * 1.5) / (2 * 86)), 3);
    expect(first?.rect.cy).toBeCloseTo(8, 6);
    expect(second?.rect.cx).toBeCloseTo(35, 6);
    expect(first?.score).toBeCloseTo(0.9, 5);
  });
});

describe('ctcDecode', () => {
  it('takes the likeliest class per step, merges repeats and drops blanks', () => {
    const dictionary = parseDictionary('a\nb\n');
    expect(dictionary).toEqual(['', 'a', 'b', ' ']);
    // steps: a a blank a b space b  →  "aab b"
    const best = [1, 1, 0, 1, 2, 3, 2];
    const data = new Float32Array(best.length * 4);
    best.forEach((c, t) => (data[t * 4 + c] = 0.8));
    const [line] = ctcDecode({ data, dims: [1, best.length, 4] }, dictionary);
    expect(line?.text).toBe('aab b');
    expect(line?.confidence).toBeCloseTo(0.8, 6);
  });
});

describe('ctcDecode with a space floor', () => {
  // Classes: blank, a, b, -, space. Each step gives its class 0.8; a "gap" step gives the blank 0.7 and
  // the space 0.2 (the blank wins, the space comes close).
  const dictionary = parseDictionary('a\nb\n-\n');
  const decode = (steps: (number | 'gap')[], floor: number) => {
    const data = new Float32Array(steps.length * 5);
    steps.forEach((c, t) => {
      if (c === 'gap') {
        data[t * 5] = 0.7;
        data[t * 5 + 4] = 0.2;
      } else data[t * 5 + c] = 0.8;
    });
    return ctcDecode({ data, dims: [1, steps.length, 5] }, dictionary, floor)[0]?.text;
  };

  it('reads a near-space between words as a space', () => {
    expect(decode([1, 'gap', 2], 1)).toBe('ab');
    expect(decode([1, 'gap', 2], 0.1)).toBe('a b');
    expect(decode([1, 'gap', 2], 0.3)).toBe('ab');
  });

  it('puts no such space after a hyphen or at the ends', () => {
    expect(decode([1, 3, 'gap', 2], 0.1)).toBe('a-b');
    expect(decode(['gap', 1, 'gap'], 0.1)).toBe('a');
  });
});

describe('readingOrder', () => {
  const line = (name: string, x0: number, x1: number, y: number) => ({
    name,
    cx: (x0 + x1) / 2,
    cy: y,
    width: x1 - x0,
    height: 10,
    angle: 0,
  });

  it('reads a title, then the left column, then the right, even when their baselines line up', () => {
    const lines = [
      line('title', 100, 500, 20),
      line('L1', 50, 280, 60),
      line('R1', 320, 550, 60),
      line('L2', 50, 280, 75),
      line('R2', 320, 550, 75),
      line('L3', 50, 200, 90),
    ];
    const blocks = readingOrder(lines).map((block) => block.map((l) => l.name));
    expect(blocks.flat()).toEqual(['title', 'L1', 'L2', 'L3', 'R1', 'R2']);
  });

  it('keeps the order on a page turned by two degrees', () => {
    const skew = (2 * Math.PI) / 180;
    const turned = [line('a', 50, 500, 50), line('b', 50, 500, 70), line('c', 50, 500, 90)].map((l) => ({
      ...l,
      cx: l.cx * Math.cos(skew) - l.cy * Math.sin(skew),
      cy: l.cx * Math.sin(skew) + l.cy * Math.cos(skew),
      angle: skew,
    }));
    expect(
      readingOrder(turned)
        .flat()
        .map((l) => l.name),
    ).toEqual(['a', 'b', 'c']);
  });
});
