// Maps a query back onto the text of a passage: which character spans to mark. It runs the same
// analysis as the index, so "tumours" in a passage lights up for the query "tumour", and the
// spans point into the original, unfolded text.

import { analyze, analyzeQuery, DEFAULT_ANALYSIS, type AnalysisSettings } from './analyzer';
import { foldText, stripApostrophes } from './fold';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Spans of `text` that match `query`, sorted and merged where they overlap or touch (CJK
 * bigrams overlap). With `prefix`, an unfinished last query word also marks words it begins.
 */
export function highlightSpans(
  text: string,
  query: string,
  settings: AnalysisSettings = DEFAULT_ANALYSIS,
  prefix = false,
): Span[] {
  const analyzed = analyzeQuery(query, settings, prefix);
  const wanted = new Set(analyzed.terms);
  const spans: Span[] = [];
  for (const t of analyze(text, settings)) {
    const surface = text.slice(t.start, t.end);
    const isPrefixHit =
      analyzed.prefix !== undefined &&
      (t.term.startsWith(analyzed.prefix.term) ||
        stripApostrophes(foldText(surface)).startsWith(analyzed.prefix.folded));
    if (wanted.has(t.term) || isPrefixHit) spans.push({ start: t.start, end: t.end });
  }
  return mergeSpans(spans);
}

/** Sort spans and merge those that overlap or touch. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((x, y) => x.start - y.start || x.end - y.end);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    } else merged.push(span);
  }
  return merged;
}
