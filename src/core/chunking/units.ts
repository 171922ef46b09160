// First step of chunking: the document's blocks become "units" — rendered text with the heading
// path in force, the top-level section they belong to, and where they came from. Headings become
// units too, so a chunk can show a subsection heading it crosses.
import type { Block, BlockLocation, ParsedDocument } from './types';

export type UnitKind = 'heading' | 'text' | 'list-item' | 'table' | 'code';

export interface Unit {
  readonly kind: UnitKind;
  readonly text: string;
  readonly path: readonly string[];
  readonly section: number;
  readonly blockIndex: number;
  readonly location: BlockLocation;
  /** For tables: the rows and how many are header rows (repeated when split). */
  readonly rows?: readonly (readonly string[])[];
  readonly headerRows?: number;
}

export function renderRows(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.join(' | ')).join('\n');
}

/**
 * The heading level that starts a top-level section: the smallest level used, unless that level
 * holds a single leading heading (the document's title), in which case the next one.
 */
function topLevel(blocks: readonly Block[]): number {
  const headings = blocks.filter((b) => b.type === 'heading');
  const levels = [...new Set(headings.map((h) => h.level))].sort((a, b) => a - b);
  const min = levels[0];
  if (min === undefined) return 1;
  const atMin = headings.filter((h) => h.level === min);
  if (atMin.length === 1 && headings[0] === atMin[0] && levels[1] !== undefined) return levels[1];
  return min;
}

export function toUnits(doc: ParsedDocument): Unit[] {
  const title = doc.metadata.title?.trim();
  const top = topLevel(doc.blocks);
  const stack: { level: number; text: string }[] = [];
  const units: Unit[] = [];
  let section = 0;
  let ordinalAtDepth: number[] = [];
  const pathNow = () => {
    const heads = stack.map((s) => s.text);
    return title && heads[0] !== title ? [title, ...heads] : heads;
  };
  doc.blocks.forEach((block, blockIndex) => {
    const base = { blockIndex, location: block.location };
    switch (block.type) {
      case 'page-break':
        return;
      case 'heading': {
        while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= block.level) stack.pop();
        stack.push({ level: block.level, text: block.text });
        if (block.level <= top && units.length > 0) section++;
        ordinalAtDepth = [];
        units.push({ ...base, kind: 'heading', text: block.text, path: pathNow(), section });
        return;
      }
      case 'list-item': {
        ordinalAtDepth = ordinalAtDepth.slice(0, block.depth + 1);
        const n = (ordinalAtDepth[block.depth] ?? 0) + 1;
        ordinalAtDepth[block.depth] = n;
        const marker = block.ordered ? `${n}. ` : '- ';
        units.push({
          ...base,
          kind: 'list-item',
          text: '  '.repeat(block.depth) + marker + block.text,
          path: pathNow(),
          section,
        });
        return;
      }
      case 'table':
        ordinalAtDepth = [];
        units.push({
          ...base,
          kind: 'table',
          text: renderRows(block.rows),
          rows: block.rows,
          headerRows: block.headerRows,
          path: pathNow(),
          section,
        });
        return;
      case 'code':
        ordinalAtDepth = [];
        units.push({ ...base, kind: 'code', text: block.text, path: pathNow(), section });
        return;
      default:
        ordinalAtDepth = [];
        units.push({ ...base, kind: 'text', text: block.text, path: pathNow(), section });
    }
  });
  return units;
}
