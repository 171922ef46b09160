// Turns retrieval hits into the passages a prompt can hold: the same chunk or near-identical text once
// (the stronger copy wins), runs of neighbouring chunks of one version merged into one passage (their
// chunker overlap removed, so the model reads the text once and one citation covers the run), strongest
// first. Pure: no token counting here, that is the budget's job.
import type { ContextPassage, Passage, SourceLocation } from './types';
import { defined } from '../defined';

/** Containment of the smaller passage's word trigrams in the larger one's above which both are one. */
export const NEAR_DUPLICATE_CONTAINMENT = 0.9;

function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

function shingles(text: string): Set<string> {
  const words = normalizeWords(text);
  const out = new Set<string>();
  if (words.length < 3) {
    out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + 3 <= words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

/** Share of the smaller set that the larger one contains (1 for identical texts). */
function containment(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return large.size === 0 ? 1 : 0;
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / small.size;
}

function byStrength(a: Passage, b: Passage): number {
  return b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0);
}

/** Keeps the strongest copy of each chunk and of each near-identical text, strongest first. */
export function dedupePassages(passages: readonly Passage[]): Passage[] {
  const kept: { passage: Passage; shingles: Set<string> }[] = [];
  const seenChunks = new Set<string>();
  for (const passage of [...passages].sort(byStrength)) {
    if (seenChunks.has(passage.chunkId)) continue;
    seenChunks.add(passage.chunkId);
    const own = shingles(passage.text);
    if (kept.some((k) => containment(k.shingles, own) >= NEAR_DUPLICATE_CONTAINMENT)) continue;
    kept.push({ passage, shingles: own });
  }
  return kept.map((k) => k.passage);
}

/** Joins two consecutive chunks, dropping the leading sentences `next` repeats from the end of `prev`. */
export function joinNeighbours(prev: string, next: string): string {
  const minOverlap = 12;
  for (let i = Math.max(0, prev.length - next.length); i <= prev.length - minOverlap; i++) {
    if (next.startsWith(prev.slice(i))) {
      const rest = next.slice(prev.length - i).trimStart();
      return rest === '' ? prev : `${prev}\n\n${rest}`;
    }
  }
  return `${prev}\n\n${next}`;
}

function commonPrefix(paths: readonly (readonly string[])[]): string[] {
  const [first, ...others] = paths;
  if (!first) return [];
  const out: string[] = [];
  for (let i = 0; i < first.length; i++) {
    const part = first[i];
    if (part === undefined || others.some((p) => p[i] !== part)) break;
    out.push(part);
  }
  return out;
}

type Box = readonly [number, number, number, number];

function unionBox(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** One location covering consecutive chunks: first page, page boxes united per page, ranges widened. */
export function mergeLocations(locations: readonly SourceLocation[]): SourceLocation {
  const [first, ...rest] = locations;
  if (!first) return {};
  if (rest.length === 0) return first;
  const pageNumbers = locations.flatMap((l) => (l.page === undefined ? [] : [l.page]));
  const boxes = locations.flatMap((l) => l.boxes ?? []);
  const pages = new Map<number, Box>();
  for (const l of locations) {
    for (const p of l.pages ?? []) {
      const seen = pages.get(p.page);
      pages.set(p.page, seen ? unionBox(seen, p.box) : p.box);
    }
  }
  const times = locations.flatMap((l) => (l.timeRange ? [l.timeRange] : []));
  const anchors = locations.flatMap((l) => (l.anchor ? [l.anchor] : []));
  const firstAnchor = anchors[0];
  const lastAnchor = anchors[anchors.length - 1];
  return {
    ...(pageNumbers.length > 0 ? { page: Math.min(...pageNumbers) } : {}),
    ...(boxes.length > 0 ? { boxes } : {}),
    ...(pages.size > 0
      ? { pages: [...pages].sort(([a], [b]) => a - b).map(([page, box]) => ({ page, box })) }
      : {}),
    ...(times.length > 0
      ? { timeRange: [Math.min(...times.map((t) => t[0])), Math.max(...times.map((t) => t[1]))] as const }
      : {}),
    ...(first.region ? { region: first.region } : {}),
    ...(firstAnchor && lastAnchor
      ? {
          anchor: {
            blockStart: Math.min(...anchors.map((a) => a.blockStart)),
            blockEnd: Math.max(...anchors.map((a) => a.blockEnd)),
            ...defined({
              elementId: firstAnchor.elementId,
              charStart: firstAnchor.charStart,
              charEnd: lastAnchor.charEnd,
            }),
          },
        }
      : {}),
  };
}

function single(p: Passage): ContextPassage {
  return { ...p, chunkIds: [p.chunkId], lastOrdinal: p.ordinal, isTruncated: false };
}

function mergeRun(run: readonly Passage[]): ContextPassage {
  const [head] = run;
  if (!head) throw new RangeError('An empty run cannot be merged.');
  if (run.length === 1) return single(head);
  const last = run[run.length - 1] ?? head;
  return {
    ...head,
    text: run.slice(1).reduce((text, p) => joinNeighbours(text, p.text), head.text),
    headingPath: commonPrefix(run.map((p) => p.headingPath)),
    location: mergeLocations(run.map((p) => p.location)),
    score: Math.max(...run.map((p) => p.score)),
    chunkIds: run.map((p) => p.chunkId),
    lastOrdinal: last.ordinal,
    isTruncated: false,
  };
}

/** Merges runs of consecutive ordinals of the same version; the result is sorted strongest first. */
export function mergeNeighbours(passages: readonly Passage[]): ContextPassage[] {
  const byVersion = new Map<string, Passage[]>();
  for (const p of passages) {
    const list = byVersion.get(p.versionId);
    if (list) list.push(p);
    else byVersion.set(p.versionId, [p]);
  }
  const merged: ContextPassage[] = [];
  for (const list of byVersion.values()) {
    list.sort((a, b) => a.ordinal - b.ordinal);
    let run: Passage[] = [];
    for (const p of list) {
      const prev = run[run.length - 1];
      if (prev && p.ordinal !== prev.ordinal + 1) {
        merged.push(mergeRun(run));
        run = [];
      }
      run.push(p);
    }
    if (run.length > 0) merged.push(mergeRun(run));
  }
  return merged.sort(byStrength);
}

/** De-duplicates, merges neighbours and orders strongest first: the candidates for a prompt. */
export function prepareCandidates(passages: readonly Passage[]): ContextPassage[] {
  return mergeNeighbours(dedupePassages(passages));
}
