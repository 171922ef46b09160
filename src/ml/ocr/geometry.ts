// Plane geometry for OCR boxes: convex hull, the minimum-area rectangle around a point set, and the
// corners of a rotated rectangle. Pure functions on plain numbers; image y grows downwards.

export interface Point {
  x: number;
  y: number;
}

/** A rectangle turned by `angle` radians about its centre; `width` runs along the angle. */
export interface RotatedRect {
  cx: number;
  cy: number;
  width: number;
  height: number;
  /** Direction of the width axis, in (−π/4, π/4] once normalised by `textRect`. */
  angle: number;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/** Convex hull by the monotone chain, counter-clockwise in a y-up frame, without repeated ends. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length <= 2) return sorted;
  const turnsLeft = (chain: Point[], p: Point): boolean => {
    const a = chain.at(-2);
    const b = chain.at(-1);
    return a !== undefined && b !== undefined && cross(a, b, p) > 0;
  };
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && !turnsLeft(lower, p)) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (const p of [...sorted].reverse()) {
    while (upper.length >= 2 && !turnsLeft(upper, p)) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return [...lower, ...upper];
}

/** The smallest-area rectangle holding every point (rotating calipers over the hull's edges). */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  const first = hull[0];
  if (!first) return { cx: 0, cy: 0, width: 0, height: 0, angle: 0 };
  if (hull.length === 1) return { cx: first.x, cy: first.y, width: 0, height: 0, angle: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Number.POSITIVE_INFINITY;
  for (const [i, a] of hull.entries()) {
    const b = hull[(i + 1) % hull.length] ?? first;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length === 0) continue;
    const ux = (b.x - a.x) / length;
    const uy = (b.y - a.y) / length;
    let minU = Number.POSITIVE_INFINITY;
    let maxU = Number.NEGATIVE_INFINITY;
    let minV = Number.POSITIVE_INFINITY;
    let maxV = Number.NEGATIVE_INFINITY;
    for (const p of hull) {
      const u = p.x * ux + p.y * uy;
      const v = -p.x * uy + p.y * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = {
        cx: cu * ux - cv * uy,
        cy: cu * uy + cv * ux,
        width: maxU - minU,
        height: maxV - minV,
        angle: Math.atan2(uy, ux),
      };
    }
  }
  return textRect(best ?? { cx: first.x, cy: first.y, width: 0, height: 0, angle: 0 });
}

/**
 * The same rectangle described with its width axis nearest the horizontal (angle in (−π/4, π/4]), so
 * "width" is the reading direction of a line that is roughly level.
 */
export function textRect(rect: RotatedRect): RotatedRect {
  let { width, height, angle } = rect;
  // Bring the angle into (−π/2, π/2] first, then swap axes when it is steeper than 45°.
  while (angle > Math.PI / 2) angle -= Math.PI;
  while (angle <= -Math.PI / 2) angle += Math.PI;
  if (angle > Math.PI / 4) {
    angle -= Math.PI / 2;
    [width, height] = [height, width];
  } else if (angle <= -Math.PI / 4) {
    angle += Math.PI / 2;
    [width, height] = [height, width];
  }
  return { cx: rect.cx, cy: rect.cy, width, height, angle };
}

/** Corners in reading order: top-left, top-right, bottom-right, bottom-left. */
export function rectCorners(rect: RotatedRect): [Point, Point, Point, Point] {
  const ux = Math.cos(rect.angle);
  const uy = Math.sin(rect.angle);
  const hw = rect.width / 2;
  const hh = rect.height / 2;
  const at = (u: number, v: number): Point => ({
    x: rect.cx + u * ux - v * uy,
    y: rect.cy + u * uy + v * ux,
  });
  return [at(-hw, -hh), at(hw, -hh), at(hw, hh), at(-hw, hh)];
}

/** The axis-aligned box around a rotated rectangle. */
export function boundingBox(rect: RotatedRect): { x0: number; y0: number; x1: number; y1: number } {
  const corners = rectCorners(rect);
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}
