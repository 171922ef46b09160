// Reading order for one PDF page, from positioned text runs to lines. pdf.js returns text in
// content-stream order, which for many producers is not reading order (two-column papers,
// headers written last). This module is pure geometry so it can be tested without pdf.js:
// runs → line segments (a large horizontal gap ends a segment, so columns sharing a baseline
// stay apart) → columns found by a vertical gutter → lines in reading order.

/** A positioned run of text in page space with the origin at the top-left (y grows down). */
export interface TextRun {
  readonly text: string;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** Font size in page units. */
  readonly size: number;
  readonly font: string;
}

export interface Line {
  readonly text: string;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** Baseline-ish vertical position used for spacing (bottom of the line box). */
  readonly size: number;
  readonly font: string;
  /** Pieces of the line separated by wide gaps (table cells, when several lines agree). */
  readonly cells: readonly { readonly text: string; readonly x0: number; readonly x1: number }[];
  /** 0 for a full-width or single-column line, 1.. for the column it belongs to. */
  readonly column: number;
  /** Right edge of the text area the line belongs to (column or page body). */
  readonly areaX1: number;
  readonly areaX0: number;
}

const SAME_LINE_OVERLAP = 0.5;
/** A gap wider than this many ems between runs on one baseline starts a new segment. */
const SEGMENT_GAP_EM = 1.0;

function verticalOverlap(a: { y0: number; y1: number }, b: { y0: number; y1: number }): number {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  const smaller = Math.min(a.y1 - a.y0, b.y1 - b.y0);
  return smaller <= 0 ? 0 : overlap / smaller;
}

interface Segment {
  band: number;
  runs: TextRun[];
  /** The gap-separated pieces a merged segment was made of. */
  parts?: Segment[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function joinRuns(runs: readonly TextRun[]): string {
  let text = '';
  let prev: TextRun | undefined;
  for (const run of runs) {
    if (prev) {
      const gap = run.x0 - prev.x1;
      const needsSpace =
        gap > 0.15 * Math.min(prev.size, run.size) && !/\s$/.test(text) && !/^\s/.test(run.text);
      if (needsSpace) text += ' ';
    }
    text += run.text;
    prev = run;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Groups runs into horizontal segments: same baseline band, no wide gap in between. */
export function buildSegments(runs: readonly TextRun[]): Segment[] {
  const sorted = [...runs].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const bands: TextRun[][] = [];
  for (const run of sorted) {
    const band = bands.find((b) => {
      const last = b[b.length - 1];
      return last !== undefined && verticalOverlap(last, run) >= SAME_LINE_OVERLAP;
    });
    if (band) band.push(run);
    else bands.push([run]);
  }
  const segments: Segment[] = [];
  for (const [index, band] of bands.entries()) {
    band.sort((a, b) => a.x0 - b.x0);
    let current: Segment | undefined;
    for (const run of band) {
      const em = Math.max(run.size, 1);
      if (current && run.x0 - current.x1 <= SEGMENT_GAP_EM * em) {
        current.runs.push(run);
        current.x1 = Math.max(current.x1, run.x1);
        current.y0 = Math.min(current.y0, run.y0);
        current.y1 = Math.max(current.y1, run.y1);
      } else {
        current = { band: index, runs: [run], x0: run.x0, y0: run.y0, x1: run.x1, y1: run.y1 };
        segments.push(current);
      }
    }
  }
  return segments;
}

/**
 * Finds a vertical gutter between two columns: an x position in the middle band of the page
 * crossed by few segments, with many segments on each side and many of them side by side (the
 * proof of two columns; full-width titles and figures may cross it, body lines must not).
 */
export function findGutter(segments: readonly Segment[], pageWidth: number): number | undefined {
  if (segments.length < 10) return undefined;
  let best: { x: number; end: number; crossing: number } | undefined;
  for (let x = pageWidth * 0.3; x <= pageWidth * 0.7; x += pageWidth / 100) {
    const left = segments.filter((s) => s.x1 <= x);
    const right = segments.filter((s) => s.x0 >= x);
    const crossing = segments.length - left.length - right.length;
    if (left.length < 5 || right.length < 5 || crossing > 0.6 * (left.length + right.length)) continue;
    if (best && crossing > best.crossing) continue;
    const rightBands = new Set(right.map((r) => r.band));
    const sideBySide = left.filter((l) => rightBands.has(l.band)).length;
    if (sideBySide < Math.max(3, 0.3 * Math.min(left.length, right.length))) continue;
    if (!best || crossing < best.crossing) best = { x, end: x, crossing };
    else if (crossing === best.crossing && best.end >= x - pageWidth / 50) best.end = x;
  }
  // The middle of the emptiest band, so lines that end exactly at a column edge stay inside.
  return best ? (best.x + best.end) / 2 : undefined;
}

function toLine(segment: Segment, column: number, areaX0: number, areaX1: number): Line {
  const sizes = segment.runs.map((r) => r.size);
  const first = segment.runs[0];
  return {
    text: joinRuns(segment.runs),
    cells: (segment.parts ?? [segment]).map((p) => ({ text: joinRuns(p.runs), x0: p.x0, x1: p.x1 })),
    x0: segment.x0,
    y0: segment.y0,
    x1: segment.x1,
    y1: segment.y1,
    size: Math.max(...sizes),
    font: first?.font ?? '',
    column,
    areaX0,
    areaX1,
  };
}

/**
 * Joins the segments of one band that lie on the same side of the gutter (all of them when
 * there is no gutter, or when one of them crosses it): table cells and wide word gaps become
 * one line again, while the two columns stay apart.
 */
function mergeBands(segments: readonly Segment[], gutter: number | undefined): Segment[] {
  const groups = new Map<string, Segment[]>();
  const crossingBands = new Set(
    segments.filter((s) => gutter !== undefined && s.x0 < gutter && s.x1 > gutter).map((s) => s.band),
  );
  for (const s of segments) {
    const side =
      gutter === undefined || crossingBands.has(s.band) ? 'all' : s.x1 <= gutter ? 'left' : 'right';
    const key = `${s.band}:${side}`;
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()].map((group) => ({
    band: group[0]?.band ?? 0,
    runs: group.flatMap((s) => s.runs),
    parts: group,
    x0: Math.min(...group.map((s) => s.x0)),
    y0: Math.min(...group.map((s) => s.y0)),
    x1: Math.max(...group.map((s) => s.x1)),
    y1: Math.max(...group.map((s) => s.y1)),
  }));
}

/** Orders a page's runs into lines: full-width lines in place, two-column stretches column by column. */
export function layoutPage(runs: readonly TextRun[], pageWidth: number): Line[] {
  const segments = buildSegments(runs.filter((r) => r.text.trim() !== ''));
  const gutter = findGutter(segments, pageWidth);
  const sorted = mergeBands(segments, gutter).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const bodyX0 = Math.min(...sorted.map((s) => s.x0));
  const bodyX1 = Math.max(...sorted.map((s) => s.x1));
  if (gutter === undefined) return sorted.map((s) => toLine(s, 0, bodyX0, bodyX1));
  const leftX1 = Math.max(...sorted.filter((s) => s.x1 <= gutter).map((s) => s.x1));
  const rightX0 = Math.min(...sorted.filter((s) => s.x0 >= gutter).map((s) => s.x0));
  const lines: Line[] = [];
  let region: Segment[] = [];
  const flush = () => {
    const left = region.filter((s) => s.x1 <= gutter);
    const right = region.filter((s) => s.x1 > gutter);
    for (const s of left) lines.push(toLine(s, 1, bodyX0, leftX1));
    for (const s of right) lines.push(toLine(s, 2, rightX0, bodyX1));
    region = [];
  };
  for (const s of sorted) {
    if (s.x0 < gutter && s.x1 > gutter) {
      flush();
      lines.push(toLine(s, 0, bodyX0, bodyX1));
    } else {
      region.push(s);
    }
  }
  flush();
  return lines;
}
