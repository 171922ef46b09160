// Text lines from PP-OCR's detector. The DB (differentiable binarisation) head gives each pixel a
// probability of lying inside text; like PaddleOCR's DBPostProcess, pixels above `threshold` form
// regions, each region's minimum-area rectangle is kept when the mean probability inside it reaches
// `boxThreshold`, and the rectangle is grown back by `unclipRatio` (the detector was trained on text
// regions shrunk by that much).
import { minAreaRect, textRect, type Point, type RotatedRect } from './geometry';

export interface ProbabilityMap {
  width: number;
  height: number;
  /** Row-major, one value in 0–1 per pixel. */
  data: Float32Array;
}

export interface TextBoxOptions {
  threshold: number;
  boxThreshold: number;
  unclipRatio: number;
  /** Regions whose short side is below this many map pixels are dropped. */
  minSize: number;
  maxBoxes: number;
}

export const TEXT_BOX_DEFAULTS: TextBoxOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxBoxes: 2000,
};

export interface TextBox {
  rect: RotatedRect;
  /** Mean probability inside the rectangle before it was grown. */
  score: number;
}

/** Finds text regions in a probability map; rectangles are in map pixels. */
export function findTextBoxes(map: ProbabilityMap, options: Partial<TextBoxOptions> = {}): TextBox[] {
  const o = { ...TEXT_BOX_DEFAULTS, ...options };
  const { width, height, data } = map;
  const label = new Int32Array(width * height);
  const boxes: TextBox[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < data.length && boxes.length < o.maxBoxes; start++) {
    if (label[start] !== 0 || (data[start] ?? 0) <= o.threshold) continue;
    next += 1;
    // Flood fill (8-connected), keeping each row's leftmost and rightmost pixel: their hull is the region's.
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    let pixels = 0;
    label[start] = next;
    stack.push(start);
    for (let index = stack.pop(); index !== undefined; index = stack.pop()) {
      const x = index % width;
      const y = (index - x) / width;
      pixels += 1;
      if (x < (rowMin.get(y) ?? Number.POSITIVE_INFINITY)) rowMin.set(y, x);
      if (x > (rowMax.get(y) ?? Number.NEGATIVE_INFINITY)) rowMax.set(y, x);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if ((dx === 0 && dy === 0) || nx < 0 || nx >= width) continue;
          const n = ny * width + nx;
          if (label[n] === 0 && (data[n] ?? 0) > o.threshold) {
            label[n] = next;
            stack.push(n);
          }
        }
      }
    }
    if (pixels < o.minSize) continue;
    const edge: Point[] = [];
    for (const [y, x0] of rowMin) {
      const x1 = rowMax.get(y) ?? x0;
      // Pixel corners, so a one-pixel-high region still has a height.
      edge.push({ x: x0, y }, { x: x0, y: y + 1 }, { x: x1 + 1, y }, { x: x1 + 1, y: y + 1 });
    }
    const rect = minAreaRect(edge);
    if (Math.min(rect.width, rect.height) < o.minSize) continue;
    const score = meanInside(map, rect);
    if (score < o.boxThreshold) continue;
    const grown = unclip(rect, o.unclipRatio);
    if (Math.min(grown.width, grown.height) < o.minSize + 2) continue;
    boxes.push({ rect: textRect(grown), score });
  }
  return boxes;
}

/** Grows a rectangle by area × ratio / perimeter on every side (PaddleOCR's unclip for a rectangle). */
export function unclip(rect: RotatedRect, ratio: number): RotatedRect {
  const area = rect.width * rect.height;
  const perimeter = 2 * (rect.width + rect.height);
  const distance = perimeter > 0 ? (area * ratio) / perimeter : 0;
  return { ...rect, width: rect.width + 2 * distance, height: rect.height + 2 * distance };
}

/** Mean map value over the pixels whose centres lie inside the rectangle. */
function meanInside(map: ProbabilityMap, rect: RotatedRect): number {
  const ux = Math.cos(rect.angle);
  const uy = Math.sin(rect.angle);
  const hw = rect.width / 2;
  const hh = rect.height / 2;
  const reach = Math.hypot(hw, hh);
  const x0 = Math.max(0, Math.floor(rect.cx - reach));
  const x1 = Math.min(map.width - 1, Math.ceil(rect.cx + reach));
  const y0 = Math.max(0, Math.floor(rect.cy - reach));
  const y1 = Math.min(map.height - 1, Math.ceil(rect.cy + reach));
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - rect.cx;
      const dy = y + 0.5 - rect.cy;
      const u = dx * ux + dy * uy;
      const v = -dx * uy + dy * ux;
      if (Math.abs(u) <= hw && Math.abs(v) <= hh) {
        sum += map.data[y * map.width + x] ?? 0;
        count += 1;
      }
    }
  }
  return count === 0 ? 0 : sum / count;
}
