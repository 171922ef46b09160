// The one analysis chain shared by indexing, querying and highlighting: tokenise → fold →
// drop stop words → stem. Its settings are stored in every index header, because an index
// built with one chain cannot be queried with another.

import { foldCjk, foldText, stripApostrophes } from './fold';
import { stemPorter2 } from './porter2';
import { ENGLISH_STOP_WORDS } from './stop-words';
import { tokenize, type Token } from './tokenize';

export interface AnalysisSettings {
  /** English stemming applies to words of plain Latin letters only; other scripts pass unstemmed. */
  readonly stemmer: 'porter2' | 'none';
  readonly stopWords: 'english' | 'none';
  /** Also index words joined by hyphens or slashes as one term ("covid-19" → covid, 19, covid19). */
  readonly joinCompounds: boolean;
}

export const DEFAULT_ANALYSIS: AnalysisSettings = {
  stemmer: 'porter2',
  stopWords: 'english',
  joinCompounds: true,
};

export interface AnalyzedTerm {
  readonly term: string;
  /** Span of the source text this term came from (UTF-16 offsets, end exclusive). */
  readonly start: number;
  readonly end: number;
}

export interface AnalyzedQuery {
  /** Complete terms, duplicates kept (a repeated word weighs more, as in the query text). */
  readonly terms: string[];
  /** The unfinished last word when prefix matching is asked for: folded surface and its term. */
  readonly prefix: { readonly folded: string; readonly term: string } | undefined;
}

const PLAIN_LATIN = /^[a-z']+$/;
function stem(folded: string, settings: AnalysisSettings): string {
  if (settings.stemmer === 'none' || !PLAIN_LATIN.test(folded)) return stripApostrophes(folded);
  return stripApostrophes(stemPorter2(folded));
}

function isStopWord(folded: string, settings: AnalysisSettings): boolean {
  return settings.stopWords === 'english' && ENGLISH_STOP_WORDS.has(stripApostrophes(folded));
}

function foldToken(token: Token): string {
  return token.kind === 'cjk' ? foldCjk(token.text) : foldText(token.text);
}

// Surface word → term ('' for a stop word), per analysis chain: natural text repeats a small
// vocabulary, so most tokens skip folding and stemming entirely.
const termCaches = new Map<string, Map<string, string>>();
const TERM_CACHE_LIMIT = 200_000;

function termCache(settings: AnalysisSettings): Map<string, string> {
  const key = `${settings.stemmer}|${settings.stopWords}`;
  let cache = termCaches.get(key);
  if (cache === undefined) {
    cache = new Map();
    termCaches.set(key, cache);
  }
  if (cache.size >= TERM_CACHE_LIMIT) cache.clear();
  return cache;
}

/** Term for one token, or undefined for a stop word or a token that folds to nothing. */
export function termOf(token: Token, settings: AnalysisSettings): string | undefined {
  const cache = termCache(settings);
  const key = token.kind === 'cjk' ? `\u0000${token.text}` : token.text;
  let term = cache.get(key);
  if (term === undefined) {
    term = uncachedTermOf(token, settings) ?? '';
    cache.set(key, term);
  }
  return term.length > 0 ? term : undefined;
}

function uncachedTermOf(token: Token, settings: AnalysisSettings): string | undefined {
  const folded = foldToken(token);
  if (token.kind === 'cjk') return folded;
  if (folded.length === 0 || isStopWord(folded, settings)) return undefined;
  const term = stem(folded, settings);
  return term.length > 0 ? term : undefined;
}

/** Analyse text into terms with their source spans, in text order. */
export function analyze(text: string, settings: AnalysisSettings = DEFAULT_ANALYSIS): AnalyzedTerm[] {
  return analyzeTokens(tokenize(text), settings);
}

function analyzeTokens(tokens: readonly Token[], settings: AnalysisSettings): AnalyzedTerm[] {
  const out: AnalyzedTerm[] = [];
  for (const token of tokens) {
    const term = termOf(token, settings);
    if (term !== undefined) out.push({ term, start: token.start, end: token.end });
  }
  if (settings.joinCompounds) pushCompounds(tokens, settings, out);
  return out;
}

/** Terms only (the indexing path: no span objects are kept). */
export function analyzeTerms(text: string, settings: AnalysisSettings = DEFAULT_ANALYSIS): string[] {
  return analyze(text, settings).map((t) => t.term);
}

/** Compounds of two to four words, e.g. "covid-19" or "e-mail", indexed as their joined form. */
function pushCompounds(tokens: readonly Token[], settings: AnalysisSettings, out: AnalyzedTerm[]): void {
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    if (first === undefined) break;
    let j = i + 1;
    while (j < tokens.length && tokens[j]?.group === first.group) j += 1;
    const parts = tokens.slice(i, j);
    const last = parts[parts.length - 1];
    const isWordRun = parts.every((p) => p.kind === 'word');
    // A number-unit split ("5mg") shares a group but no joiner: it is not a compound.
    if (last !== undefined && parts.length >= 2 && parts.length <= 4 && isWordRun && last.start > first.end) {
      const joined = parts.map((p) => stripApostrophes(foldText(p.text))).join('');
      out.push({ term: stem(joined, settings), start: first.start, end: last.end });
    }
    i = j;
  }
}

/**
 * Analyse a query. With `prefix`, an unfinished last word (no space or punctuation after it)
 * is returned apart, for search-as-you-type.
 */
export function analyzeQuery(
  text: string,
  settings: AnalysisSettings = DEFAULT_ANALYSIS,
  prefix = false,
): AnalyzedQuery {
  const tokens = tokenize(text);
  const last = tokens[tokens.length - 1];
  const isUnfinished = prefix && last !== undefined && last.kind === 'word' && last.end === text.length;
  const complete = isUnfinished ? tokens.slice(0, -1) : tokens;
  const terms = analyzeTokens(complete, settings).map((t) => t.term);
  if (!isUnfinished) return { terms, prefix: undefined };
  const folded = stripApostrophes(foldText(last.text));
  return { terms, prefix: folded.length > 0 ? { folded, term: stem(folded, settings) } : undefined };
}
