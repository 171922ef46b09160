// Structure-aware chunking: passages follow the document's sections, carry their heading path
// ("Title › Section › Subsection", prepended when embedding) and are bounded by real token counts
// from the embedding model's own tokenizer, passed in by the caller. Tables and code stay whole
// when they fit; a table too large is split by rows with its header repeated. Chunks never cross
// a top-level section unless that section is tiny. Deterministic: same input, same chunks.
import { locate } from './locate';
import { splitSentences, splitText } from './sentences';
import type { Chunk, ParsedDocument } from './types';
import { renderRows, toUnits, type Unit } from './units';

export interface ChunkOptions {
  /** Token count of a text under the embedding model's tokenizer. */
  readonly countTokens: (text: string) => number;
  /** Size a chunk is packed up to (default 200). */
  readonly targetTokens?: number;
  /** Hard ceiling for a chunk with its heading path (default 256). */
  readonly maxTokens?: number;
  /** Trailing whole sentences of the previous chunk repeated at the start of the next (default 32). */
  readonly overlapTokens?: number;
  /** Top-level sections below this size merge with a neighbour (default 64). */
  readonly minSectionTokens?: number;
}

export const PATH_SEPARATOR = ' › ';

/** The text to embed for a chunk: its heading path, then its text. */
export function embeddingText(chunk: Pick<Chunk, 'headingPath' | 'text'>): string {
  return chunk.headingPath.length > 0
    ? `${chunk.headingPath.join(PATH_SEPARATOR)}\n\n${chunk.text}`
    : chunk.text;
}

interface Piece {
  readonly unit: Unit;
  readonly text: string;
  /** Whole sentences from the previous chunk, not new content. */
  readonly isOverlap?: boolean;
  /** Tables and code are never a source of overlap. */
  readonly isAtomic: boolean;
}

function commonPath(pieces: readonly Piece[]): string[] {
  const first = pieces[0]?.unit.path ?? [];
  let n = first.length;
  for (const p of pieces) {
    let i = 0;
    while (i < n && p.unit.path[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n);
}

function render(pieces: readonly Piece[], path: readonly string[]): string {
  let text = '';
  let prev: Piece | undefined;
  for (const p of pieces) {
    // A heading already in the chunk's path would only repeat it.
    if (p.unit.kind === 'heading' && p.unit.path.length <= path.length) continue;
    if (text !== '' && prev) {
      const sameBlock = prev.unit.blockIndex === p.unit.blockIndex;
      const listRun = prev.unit.kind === 'list-item' && p.unit.kind === 'list-item';
      text += sameBlock && !p.isAtomic ? ' ' : listRun ? '\n' : '\n\n';
    }
    text += p.text;
    prev = p;
  }
  return text;
}

export function chunkDocument(doc: ParsedDocument, options: ChunkOptions): Chunk[] {
  const count = options.countTokens;
  const target = options.targetTokens ?? 200;
  const max = Math.max(options.maxTokens ?? 256, target);
  const overlap = options.overlapTokens ?? 32;
  const minSection = options.minSectionTokens ?? 64;
  const pathTokens = new Map<string, number>();
  const prefixCost = (path: readonly string[]) => {
    const key = path.join(PATH_SEPARATOR);
    let cost = pathTokens.get(key);
    if (cost === undefined) {
      cost = path.length > 0 ? count(`${key}\n\n`) : 0;
      pathTokens.set(key, cost);
    }
    return cost;
  };
  const size = (pieces: readonly Piece[]) => {
    const path = commonPath(pieces);
    return count(embeddingText({ headingPath: path, text: render(pieces, path) }));
  };

  /** Cuts a unit into pieces that each fit under the ceiling with the unit's own path. */
  const piecesOf = (unit: Unit): Piece[] => {
    const budget = Math.max(8, max - prefixCost(unit.path));
    const isAtomic = unit.kind === 'table' || unit.kind === 'code';
    // Prose longer than the target goes in as sentences, so the packer can fill chunks and overlap them.
    const whole = isAtomic ? budget : Math.min(budget, target - overlap);
    if (count(unit.text) <= whole) return [{ unit, text: unit.text, isAtomic }];
    if (unit.kind === 'table' && unit.rows) {
      const header = unit.rows.slice(0, unit.headerRows ?? 0);
      const out: Piece[] = [];
      let rows: (readonly string[])[] = [];
      for (const row of unit.rows.slice(header.length)) {
        if (rows.length > 0 && count(renderRows([...header, ...rows, row])) > budget) {
          out.push({ unit, text: renderRows([...header, ...rows]), isAtomic: true });
          rows = [];
        }
        rows.push(row);
      }
      if (rows.length > 0) out.push({ unit, text: renderRows([...header, ...rows]), isAtomic: true });
      return out.flatMap((p) =>
        count(p.text) <= budget
          ? [p]
          : splitText(p.text, budget, count).map((text) => ({ unit, text, isAtomic: true })),
      );
    }
    if (unit.kind === 'code') {
      const lines = unit.text.split('\n');
      const out: string[] = [];
      let current = '';
      for (const line of lines) {
        const candidate = current === '' ? line : `${current}\n${line}`;
        if (current !== '' && count(candidate) > budget) {
          out.push(current);
          current = line;
        } else current = candidate;
      }
      if (current !== '') out.push(current);
      return out
        .flatMap((t) => (count(t) <= budget ? [t] : splitText(t, budget, count)))
        .map((text) => ({ unit, text, isAtomic: true }));
    }
    return splitSentences(unit.text)
      .flatMap((sentence) => (count(sentence) <= budget ? [sentence] : splitText(sentence, budget, count)))
      .map((text) => ({ unit, text, isAtomic: false }));
  };

  const chunks: Chunk[] = [];
  const emit = (pieces: readonly Piece[]) => {
    if (!pieces.some((p) => p.unit.kind !== 'heading')) return;
    const headingPath = commonPath(pieces);
    const text = render(pieces, headingPath);
    chunks.push({
      ordinal: chunks.length,
      text,
      headingPath,
      location: locate(pieces.map((p) => p.unit)),
      tokenCount: count(text),
      kind: 'text',
    });
  };

  /** Whole trailing sentences of the chunk just emitted, within the overlap budget. */
  const overlapFrom = (done: readonly Piece[]): Piece[] => {
    if (overlap <= 0) return [];
    const taken: Piece[] = [];
    let total = 0;
    for (let i = done.length - 1; i >= 0; i--) {
      const piece = done[i];
      if (!piece || piece.isAtomic || piece.isOverlap || piece.unit.kind === 'heading') break;
      const parts = splitSentences(piece.text);
      total += parts.length;
      for (let k = parts.length - 1; k >= 0; k--) {
        const candidate: Piece = { unit: piece.unit, text: parts[k] ?? '', isOverlap: true, isAtomic: false };
        const next = [candidate, ...taken];
        if (count(next.map((t) => t.text).join(' ')) > overlap) return taken.length < total ? taken : [];
        taken.unshift(candidate);
      }
    }
    // Repeating the whole previous chunk would not be an overlap.
    return taken.length < total ? taken : [];
  };

  for (const group of groupSections(toUnits(doc), minSection, target, (units) =>
    size(units.map((u) => ({ unit: u, text: u.text, isAtomic: false }))),
  )) {
    let current: Piece[] = [];
    for (const piece of group.flatMap(piecesOf)) {
      const isHeading = piece.unit.kind === 'heading';
      const content = current.filter((p) => p.unit.kind !== 'heading');
      if (isHeading && content.length > 0 && size(current) >= target / 2) {
        emit(current);
        current = [];
      }
      const candidate = [...current, piece];
      const limit = content.length === 0 ? max : target;
      if (current.length === 0 || size(candidate) <= limit) {
        current = candidate;
        continue;
      }
      // Headings at the end move on with the next chunk.
      let cut = current.length;
      while (cut > 0 && current[cut - 1]?.unit.kind === 'heading') cut--;
      const carried = current.slice(cut);
      const done = current.slice(0, cut);
      emit(done);
      const lead = carried.length === 0 && !isHeading ? overlapFrom(done) : [];
      const withOverlap = [...lead, ...carried, piece];
      current = size(withOverlap) <= max ? withOverlap : [...carried, piece];
      if (current.length > 1 && size(current) > max) {
        emit(carried);
        current = [piece];
      }
    }
    emit(current);
  }
  return chunks;
}

/** Groups units by top-level section, merging a tiny section into its neighbour when both fit the target. */
function groupSections(
  units: readonly Unit[],
  minSection: number,
  target: number,
  size: (units: readonly Unit[]) => number,
): Unit[][] {
  const sections: Unit[][] = [];
  for (const unit of units) {
    const last = sections[sections.length - 1];
    if (last?.[0]?.section === unit.section) last.push(unit);
    else sections.push([unit]);
  }
  const groups: { units: Unit[]; tokens: number }[] = [];
  for (const section of sections) {
    const tokens = size(section);
    const last = groups[groups.length - 1];
    if (last && (last.tokens < minSection || tokens < minSection)) {
      const merged = [...last.units, ...section];
      const mergedTokens = size(merged);
      if (mergedTokens <= target) {
        last.units = merged;
        last.tokens = mergedTokens;
        continue;
      }
    }
    groups.push({ units: section, tokens });
  }
  return groups.map((g) => g.units);
}
