// From ordered lines to document blocks for a PDF: headings by font size relative to the
// document's body size, paragraphs by line spacing, indentation and short last lines, list items
// by bullets and numbers. Each block keeps its page and a normalised box so a search hit can
// open the page and highlight the place.
import type { Block, Box, HeadingLevel } from '../../../core/chunking/types';
import type { Line } from './layout';
import { findTables } from './tables';

export interface PageLines {
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly Line[];
}

const BULLET = /^([•●○◦▪▫‣∙·■□➢►✓✔\-–—*])\s*(?=\S)/u;
const NUMBERED = /^(\(?(?:\d{1,3}|[a-zA-Z]|[ivxlc]{1,5})[.)])\s+(?=\S)/;
const HEADING_MIN_RATIO = 1.15;
const HEADING_MAX_CHARS = 160;

function roundSize(size: number): number {
  return Math.round(size * 2) / 2;
}

/** The font size carrying most characters in the document: the body text size. */
export function bodySize(pages: readonly PageLines[]): number {
  const weight = new Map<number, number>();
  for (const p of pages) {
    for (const l of p.lines) {
      const size = roundSize(l.size);
      weight.set(size, (weight.get(size) ?? 0) + l.text.length);
    }
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) {
    if (w > bestWeight || (w === bestWeight && size < best)) {
      best = size;
      bestWeight = w;
    }
  }
  return best;
}

function isHeadingCandidate(line: Line, body: number): boolean {
  return (
    line.size >= body * HEADING_MIN_RATIO &&
    line.text.length <= HEADING_MAX_CHARS &&
    /\p{L}/u.test(line.text) &&
    !/[.,;]$/.test(line.text)
  );
}

/** Heading sizes in the document, largest first; their rank is the heading level. */
export function headingLevels(pages: readonly PageLines[], body: number): Map<number, HeadingLevel> {
  const sizes = new Set<number>();
  for (const p of pages)
    for (const l of p.lines) if (isHeadingCandidate(l, body)) sizes.add(roundSize(l.size));
  const levels = new Map<number, HeadingLevel>();
  [...sizes].sort((a, b) => b - a).forEach((size, i) => levels.set(size, Math.min(6, i + 1) as HeadingLevel));
  return levels;
}

interface Draft {
  type: 'heading' | 'paragraph' | 'list-item' | 'table';
  rows?: string[][];
  lines: Line[];
  level: HeadingLevel;
  ordered: boolean;
  depth: number;
}

function joinLines(lines: readonly Line[]): string {
  let text = '';
  for (const line of lines) {
    if (text === '') text = line.text;
    else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line.text)) text = text.slice(0, -1) + line.text;
    else text += ' ' + line.text;
  }
  return text;
}

function boxOf(lines: readonly Line[], width: number, height: number): Box {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const r = (v: number) => Math.round(clamp(v) * 10000) / 10000;
  return [
    r(Math.min(...lines.map((l) => l.x0)) / width),
    r(Math.min(...lines.map((l) => l.y0)) / height),
    r(Math.max(...lines.map((l) => l.x1)) / width),
    r(Math.max(...lines.map((l) => l.y1)) / height),
  ];
}

function startsNewBlock(prev: Line, line: Line, body: number, spacing: number): boolean {
  if (line.column !== prev.column) return true;
  if (Math.abs(roundSize(line.size) - roundSize(prev.size)) >= 1) return true;
  const gap = line.y0 - prev.y1;
  if (gap > spacing * 0.9 + body * 0.35 || gap < -body) return true;
  if (BULLET.test(line.text) || NUMBERED.test(line.text)) return true;
  const em = Math.max(body, 1);
  const prevShort = prev.x1 < prev.areaX1 - 3 * em && /[.!?:]["')\]]?$/.test(prev.text);
  const indented = line.x0 > prev.x0 + 0.8 * em && line.x0 > line.areaX0 + 0.8 * em;
  return prevShort || (indented && /[.!?:]["')\]]?$/.test(prev.text));
}

/** Median gap between consecutive body lines of the same column: the normal line spacing. */
function lineGap(pages: readonly PageLines[], body: number): number {
  const gaps: number[] = [];
  for (const p of pages) {
    for (let i = 1; i < p.lines.length; i++) {
      const a = p.lines[i - 1];
      const b = p.lines[i];
      if (!a || !b || a.column !== b.column || roundSize(a.size) !== body) continue;
      const gap = b.y0 - a.y1;
      if (gap >= 0 && gap < body * 2) gaps.push(gap);
    }
  }
  gaps.sort((x, y) => x - y);
  return gaps[Math.floor(gaps.length / 2)] ?? body * 0.3;
}

/** "3.1 Traces", "2.4.1 Results": a numbered subsection title set in body-size type. */
const NUMBERED_HEADING = /^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+\p{Lu}[^.!?]{0,80}$/u;

/**
 * Level of top-level numbered sections ("3. Trace Trees") found by size, so body-size numbered
 * subsections ("3.1 Traces") can sit one level per number below them.
 */
function numberedSectionLevel(
  pages: readonly PageLines[],
  body: number,
  levels: Map<number, HeadingLevel>,
): number | undefined {
  for (const p of pages) {
    for (const l of p.lines) {
      const level = levels.get(roundSize(l.size));
      if (level !== undefined && isHeadingCandidate(l, body) && /^\d{1,2}\.?\s+\p{Lu}/u.test(l.text))
        return level;
    }
  }
  return undefined;
}

function draftFor(
  line: Line,
  body: number,
  levels: Map<number, HeadingLevel>,
  sectionLevel: number | undefined,
): Draft {
  const level = levels.get(roundSize(line.size));
  if (level !== undefined && isHeadingCandidate(line, body)) {
    return { type: 'heading', lines: [line], level, ordered: false, depth: 0 };
  }
  const numberedTitle = sectionLevel !== undefined ? NUMBERED_HEADING.exec(line.text) : null;
  const isShort = line.x1 < line.areaX1 - 4 * body;
  if (numberedTitle && sectionLevel !== undefined && isShort && line.text.split(/\s+/).length <= 10) {
    const depth = (numberedTitle[1] ?? '').split('.').length - 1;
    return {
      type: 'heading',
      lines: [line],
      level: Math.min(6, sectionLevel + depth) as HeadingLevel,
      ordered: false,
      depth: 0,
    };
  }
  const bullet = BULLET.test(line.text);
  const numbered = !bullet && NUMBERED.test(line.text);
  if (bullet || numbered) {
    const depth = Math.max(0, Math.round((line.x0 - line.areaX0) / (body * 1.5)));
    return { type: 'list-item', lines: [line], level: 1, ordered: numbered, depth: Math.min(depth, 4) };
  }
  return { type: 'paragraph', lines: [line], level: 1, ordered: false, depth: 0 };
}

/** Turns every page's ordered lines into blocks, with a page-break block before each page. */
export function linesToBlocks(pages: readonly PageLines[]): Block[] {
  const body = bodySize(pages);
  const levels = headingLevels(pages, body);
  const spacing = lineGap(pages, body);
  const sectionLevel = numberedSectionLevel(pages, body, levels);
  const blocks: Block[] = [];
  for (const p of pages) {
    blocks.push({ type: 'page-break', page: p.page, location: { type: 'page', page: p.page, boxes: [] } });
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    const tables = new Map(findTables(p.lines, body).map((t) => [t.start, t]));
    for (let index = 0; index < p.lines.length; index++) {
      const line = p.lines[index];
      if (!line) continue;
      const table = tables.get(index);
      if (table) {
        const lines = p.lines.slice(table.start, table.end);
        drafts.push({ type: 'table', rows: table.rows, lines, level: 1, ordered: false, depth: 0 });
        current = undefined;
        index = table.end - 1;
        continue;
      }
      const prev = current?.lines[current.lines.length - 1];
      const continues =
        current !== undefined &&
        prev !== undefined &&
        !startsNewBlock(prev, line, body, spacing) &&
        (current.type !== 'heading' || isHeadingCandidate(line, body));
      if (continues) {
        current?.lines.push(line);
      } else {
        current = draftFor(line, body, levels, sectionLevel);
        drafts.push(current);
      }
    }
    for (const d of drafts) {
      const location = { type: 'page' as const, page: p.page, boxes: [boxOf(d.lines, p.width, p.height)] };
      const text = joinLines(d.lines);
      if (d.type === 'table') {
        const rows = d.rows ?? [];
        blocks.push({
          type: 'table',
          rows,
          headerRows: 1,
          text: rows.map((r) => r.join(' | ')).join('\n'),
          location,
        });
      } else if (d.type === 'heading') blocks.push({ type: 'heading', level: d.level, text, location });
      else if (d.type === 'list-item') {
        const itemText = text.replace(d.ordered ? NUMBERED : BULLET, '').trim();
        blocks.push({ type: 'list-item', text: itemText, depth: d.depth, ordered: d.ordered, location });
      } else blocks.push({ type: 'paragraph', text, location });
    }
  }
  return blocks;
}
