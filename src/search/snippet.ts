// A short window of a passage for a result list, placed where the query's words are densest, with the
// highlight spans (src/core/text) moved into the window. The UI renders the spans as <mark> text
// nodes; the passage text is never treated as HTML.
import { highlightSpans, type Span } from '../core/text/highlight';

export interface Snippet {
  text: string;
  highlights: Span[];
}

const ELLIPSIS = '…';

/** The window start (a word boundary) that covers the most highlighted characters. */
function bestStart(text: string, spans: readonly Span[], width: number): number {
  let best = 0;
  let bestCover = -1;
  for (const anchor of spans) {
    const start = Math.max(0, anchor.start - Math.floor(width / 5));
    const end = start + width;
    let cover = 0;
    for (const s of spans) cover += Math.max(0, Math.min(end, s.end) - Math.max(start, s.start));
    if (cover > bestCover) {
      bestCover = cover;
      best = start;
    }
  }
  if (best === 0) return 0;
  const space = text.lastIndexOf(' ', best);
  return space >= 0 && best - space < 20 ? space + 1 : best;
}

export function makeSnippet(text: string, query: string, prefix: boolean, width = 280): Snippet {
  const spans = query.trim() === '' ? [] : highlightSpans(text, query, undefined, prefix);
  if (text.length <= width) return { text, highlights: spans };
  const start = bestStart(text, spans, width);
  let end = Math.min(text.length, start + width);
  const space = text.indexOf(' ', end);
  if (space >= 0 && space - end < 20) end = space;
  const lead = start > 0 ? ELLIPSIS : '';
  const tail = end < text.length ? ELLIPSIS : '';
  const highlights = spans
    .filter((s) => s.end > start && s.start < end)
    .map((s) => ({
      start: Math.max(s.start, start) - start + lead.length,
      end: Math.min(s.end, end) - start + lead.length,
    }));
  return { text: lead + text.slice(start, end) + tail, highlights };
}
