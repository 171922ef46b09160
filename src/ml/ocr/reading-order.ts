// Lines into blocks in reading order. The page's skew (the median angle of its long lines) is undone
// first, so a page photographed at 2° still has straight rows and columns. Then a recursive XY-cut:
// a vertical gap that no line crosses splits the lines into columns (left first); otherwise the widest
// horizontal gap splits them into upper and lower parts; a set with neither is one block. Columns win
// over rows because the lines of two columns often share baselines, which would make every baseline
// a horizontal gap.

export interface LineBox {
  cx: number;
  cy: number;
  width: number;
  height: number;
  angle: number;
}

interface Placed<T> {
  line: T;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The page's skew in radians: the median angle of lines at least three times as long as high. */
export function pageSkew(lines: readonly LineBox[]): number {
  return median(lines.filter((l) => l.width >= 3 * l.height).map((l) => l.angle));
}

/** Groups `lines` into blocks in reading order, each block's lines top to bottom, left to right. */
export function readingOrder<T extends LineBox>(lines: readonly T[]): T[][] {
  if (lines.length === 0) return [];
  const skew = pageSkew(lines);
  const cos = Math.cos(-skew);
  const sin = Math.sin(-skew);
  const placed: Placed<T>[] = lines.map((line) => {
    // The centre turned by −skew; the box is then level, with the line's own size.
    const x = line.cx * cos - line.cy * sin;
    const y = line.cx * sin + line.cy * cos;
    const tilt = line.angle - skew;
    const w = Math.abs(line.width * Math.cos(tilt)) + Math.abs(line.height * Math.sin(tilt));
    const h = Math.abs(line.width * Math.sin(tilt)) + Math.abs(line.height * Math.cos(tilt));
    return { line, x0: x - w / 2, x1: x + w / 2, y0: y - h / 2, y1: y + h / 2 };
  });
  const lineHeight = median(placed.map((p) => p.y1 - p.y0));
  const blocks: Placed<T>[][] = [];
  cut(placed, lineHeight, blocks);
  return blocks.map((block) => orderRows(block).map((p) => p.line));
}

/** The widest gap between the intervals' union, as [start, end], when it is at least `min` wide. */
function widestGap(intervals: readonly [number, number][], min: number): [number, number] | undefined {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let reach = sorted[0]?.[1] ?? 0;
  let best: [number, number] | undefined;
  for (const [start, end] of sorted.slice(1)) {
    if (start - reach >= min && (!best || start - reach > best[1] - best[0])) best = [reach, start];
    reach = Math.max(reach, end);
  }
  return best;
}

/** Columns first (a vertical gap of 0.8 line height), then rows (0.6); a set with neither is a block. */
function cut<T>(lines: Placed<T>[], lineHeight: number, out: Placed<T>[][]): void {
  if (lines.length === 0) return;
  const axes = [
    { start: (l: Placed<T>) => l.x0, end: (l: Placed<T>) => l.x1, min: 0.8 },
    { start: (l: Placed<T>) => l.y0, end: (l: Placed<T>) => l.y1, min: 0.6 },
  ];
  for (const { start, end, min } of axes) {
    const gap =
      lines.length > 1 &&
      widestGap(
        lines.map((l) => [start(l), end(l)]),
        Math.max(lineHeight * min, 1),
      );
    if (gap) {
      const split = (gap[0] + gap[1]) / 2;
      cut(
        lines.filter((l) => end(l) <= split),
        lineHeight,
        out,
      );
      cut(
        lines.filter((l) => start(l) >= split),
        lineHeight,
        out,
      );
      return;
    }
  }
  out.push(lines);
}

/** Top to bottom; lines that overlap a row's height by half or more are one row, left to right. */
function orderRows<T>(lines: Placed<T>[]): Placed<T>[] {
  const byTop = [...lines].sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2);
  const rows: Placed<T>[][] = [];
  for (const line of byTop) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first) {
      const overlap = Math.min(first.y1, line.y1) - Math.max(first.y0, line.y0);
      if (overlap >= 0.5 * Math.min(first.y1 - first.y0, line.y1 - line.y0)) {
        row.push(line);
        continue;
      }
    }
    rows.push([line]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x0 - b.x0));
}
