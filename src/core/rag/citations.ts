// Citation markers in an answer: [n], [n, m] and [n][m]. Works on streamed text: a marker still being
// typed ("[1", "[2, ") is held back rather than shown as text and then replaced by a chip, so nothing
// flickers. Markers whose numbers match no source are dropped. Markers inside code (`a[0]`, fenced
// blocks) are not citations. The sources used are listed in order of first use with their locations.
import { headingTrail, locationLabel } from './location';
import type { SourceEntry, SourceLocation } from './types';

const MARKER = /\[[ \t]*\d{1,4}(?:[ \t]*,[ \t]*\d{1,4})*[ \t]*\]/y;
const MARKER_GLOBAL = /\[[ \t]*\d{1,4}(?:[ \t]*,[ \t]*\d{1,4})*[ \t]*\]/g;
/** A marker that is not finished yet, at the very end of the text. */
const PARTIAL_MARKER_TAIL = /\[[ \t]*(?:\d{1,4}(?:[ \t]*,[ \t]*\d{0,4})*[ \t]*)?$/;

export type AnswerPiece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'citation'; readonly numbers: readonly number[] };

function markerNumbers(marker: string, sourceCount: number): number[] {
  const out: number[] = [];
  for (const part of marker.slice(1, -1).split(',')) {
    const n = Number(part.trim());
    if (Number.isInteger(n) && n >= 1 && n <= sourceCount && !out.includes(n)) out.push(n);
  }
  return out;
}

/** Where a marker still being typed starts at the end of `text`, or `text.length` when there is none. */
export function pendingMarkerStart(text: string): number {
  const match = PARTIAL_MARKER_TAIL.exec(text);
  return match ? match.index : text.length;
}

/** The part of a streamed answer that is safe to show now (an unfinished marker held back). */
export function visibleStreamText(text: string, isFinal: boolean): string {
  // Trailing spaces wait for what follows: a dropped marker may take them along.
  return isFinal ? text : text.slice(0, pendingMarkerStart(text)).replace(/[ \t]+$/, '');
}

/**
 * Splits plain text (no code) into text and citation pieces. Adjacent markers ([1][2]) form one
 * citation; numbers outside 1…sourceCount are dropped, and a marker left with none disappears.
 */
export function splitCitations(text: string, sourceCount: number): AnswerPiece[] {
  const pieces: AnswerPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER_GLOBAL)) {
    const numbers = markerNumbers(match[0], sourceCount);
    // A dropped marker takes the space before it along ("no source [9]." reads "no source."), unless
    // another marker follows it directly ("c [9][1]" keeps "c ⟨1⟩").
    const raw = text.slice(last, match.index);
    last = match.index + match[0].length;
    const isDropped = numbers.length === 0 && text[last] !== '[';
    const before = isDropped ? raw.replace(/[ \t]+$/, '') : raw;
    const prev = pieces[pieces.length - 1];
    if (before !== '') pieces.push({ kind: 'text', text: before });
    else if (prev?.kind === 'citation') {
      pieces[pieces.length - 1] = {
        kind: 'citation',
        numbers: [...prev.numbers, ...numbers.filter((n) => !prev.numbers.includes(n))],
      };
      continue;
    }
    if (numbers.length > 0) pieces.push({ kind: 'citation', numbers });
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  // Merging dropped markers can leave two text pieces side by side: join them.
  return pieces.reduce<AnswerPiece[]>((out, piece) => {
    const prev = out[out.length - 1];
    if (piece.kind === 'text' && prev?.kind === 'text')
      out[out.length - 1] = { kind: 'text', text: prev.text + piece.text };
    else out.push(piece);
    return out;
  }, []);
}

/** Removes every citation marker (and the space before it): for earlier answers replayed as history. */
export function stripCitations(text: string): string {
  return text.replace(/[ \t]*\[[ \t]*\d{1,4}(?:[ \t]*,[ \t]*\d{1,4})*[ \t]*\]/g, '');
}

interface ScanState {
  pos: number;
  /** The fence that opened the code block we are in ("```", "~~~~"), or '' outside one. */
  fence: string;
  /** Backticks that opened the inline code span we are in, 0 outside one. */
  ticks: number;
}

function atLineStart(text: string, pos: number): boolean {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return pos - lineStart <= 3 && text.slice(lineStart, pos).trim() === '';
}

/**
 * Collects the sources an answer cites while it streams in, in order of first use. It scans each
 * character once: `append` resumes where the last scan stopped (before an unfinished marker or a
 * backtick run that may still grow).
 */
export class CitationTracker {
  #text = '';
  #state: ScanState = { pos: 0, fence: '', ticks: 0 };
  readonly #used: number[] = [];
  readonly #sourceCount: number;

  constructor(sourceCount: number) {
    this.#sourceCount = sourceCount;
  }

  /** Numbers cited so far, in order of first use. */
  get used(): readonly number[] {
    return this.#used;
  }

  get text(): string {
    return this.#text;
  }

  append(delta: string): this {
    this.#text += delta;
    this.#scan(false);
    return this;
  }

  /** The stream ended: whatever was held back is decided now. */
  finish(): this {
    this.#scan(true);
    return this;
  }

  #scan(isFinal: boolean): void {
    const text = this.#text;
    const s = this.#state;
    while (s.pos < text.length) {
      const ch = text[s.pos];
      if (ch === '[' && s.fence === '' && s.ticks === 0) {
        MARKER.lastIndex = s.pos;
        const match = MARKER.exec(text);
        if (match) {
          for (const n of markerNumbers(match[0], this.#sourceCount))
            if (!this.#used.includes(n)) this.#used.push(n);
          s.pos += match[0].length;
          continue;
        }
        if (!isFinal && pendingMarkerStart(text) === s.pos) return;
        s.pos++;
        continue;
      }
      if (ch === '`' || ch === '~') {
        let run = 1;
        while (text[s.pos + run] === ch) run++;
        if (!isFinal && s.pos + run === text.length) return;
        this.#codeRun(text, ch, run);
        s.pos += run;
        continue;
      }
      // An inline code span never crosses a blank line.
      if (ch === '\n' && s.ticks > 0 && /^\n[ \t]*\n/.test(text.slice(s.pos, s.pos + 8))) s.ticks = 0;
      s.pos++;
    }
  }

  #codeRun(text: string, ch: string, run: number): void {
    const s = this.#state;
    const lineStart = atLineStart(text, s.pos);
    if (s.fence !== '') {
      if (lineStart && ch === s.fence[0] && run >= s.fence.length) s.fence = '';
    } else if (s.ticks > 0) {
      if (ch === '`' && run === s.ticks) s.ticks = 0;
    } else if (lineStart && run >= 3) {
      s.fence = ch.repeat(run);
    } else if (ch === '`') {
      s.ticks = run;
    }
  }
}

/** The numbers a finished answer cites, in order of first use (code excluded). */
export function citedNumbers(answer: string, sourceCount: number): number[] {
  return [...new CitationTracker(sourceCount).append(answer).finish().used];
}

/** A source an answer used, with what a citation chip needs to open the exact place. */
export interface UsedSource {
  readonly n: number;
  readonly chunkId: string;
  readonly chunkIds: readonly string[];
  readonly documentId: string;
  readonly title: string;
  readonly headingPath: readonly string[];
  readonly location: SourceLocation;
  /** "Title › Section, page 4": plain words for a chip's label or tooltip. */
  readonly label: string;
}

export function describeSource(entry: SourceEntry): UsedSource {
  const p = entry.passage;
  const where = locationLabel(p.location);
  const path = [p.title, ...headingTrail(p.title, p.headingPath)].filter((x) => x.trim() !== '').join(' › ');
  return {
    n: entry.n,
    chunkId: p.chunkId,
    chunkIds: p.chunkIds,
    documentId: p.documentId,
    title: p.title,
    headingPath: p.headingPath,
    location: p.location,
    label: [path || 'Untitled', where].filter((x) => x !== '').join(', '),
  };
}

/** The sources an answer actually cites, in order of first use; markers matching no source are ignored. */
export function usedSources(answer: string, sources: readonly SourceEntry[]): UsedSource[] {
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const maxN = Math.max(0, ...sources.map((s) => s.n));
  return citedNumbers(answer, maxN).flatMap((n) => {
    const entry = byNumber.get(n);
    return entry ? [describeSource(entry)] : [];
  });
}
