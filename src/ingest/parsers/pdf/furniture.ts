// Page furniture: running heads, running feet and page numbers repeat on every page and would
// otherwise split sentences that flow across pages and pollute passages. A line is furniture when
// it sits in the top or bottom band of its page and either is a bare page number or repeats (digits
// ignored) on at least half of the pages of a document with three or more pages.
import type { PageLines } from './blocks';

const BAND = 0.08;
const PAGE_NUMBER = /^(?:page\s+)?[-–—(]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—)]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

function key(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

function inBand(y0: number, y1: number, height: number): boolean {
  return y1 <= height * BAND || y0 >= height * (1 - BAND);
}

/** Returns the pages without furniture lines, and how many lines were removed. */
export function removeFurniture(pages: readonly PageLines[]): { pages: PageLines[]; removed: number } {
  const seen = new Map<string, Set<number>>();
  for (const p of pages) {
    for (const l of p.lines) {
      if (!inBand(l.y0, l.y1, p.height)) continue;
      const k = key(l.text);
      const onPages = seen.get(k) ?? new Set<number>();
      onPages.add(p.page);
      seen.set(k, onPages);
    }
  }
  const withText = pages.filter((p) => p.lines.length > 0).length;
  const repeats = (text: string) =>
    withText >= 3 && (seen.get(key(text))?.size ?? 0) >= Math.max(3, withText / 2);
  let removed = 0;
  const cleaned = pages.map((p) => {
    const lines = p.lines.filter((l) => {
      const isFurniture =
        inBand(l.y0, l.y1, p.height) && (PAGE_NUMBER.test(l.text.trim()) || repeats(l.text));
      if (isFurniture) removed++;
      return !isFurniture;
    });
    return { ...p, lines };
  });
  return { pages: cleaned, removed };
}
