// Splits text into word tokens with their character spans in the original string (spans drive
// highlighting). Words are runs of letters, digits and combining marks in any script; an
// apostrophe between letters stays inside the word ("don't", "patient's"), a dot between digits
// stays inside a number ("3.5"). Hyphens and other punctuation separate words. Runs of Han, kana
// and Hangul, which are written without spaces, become overlapping character bigrams so that any
// two-character sequence of a query can match without a dictionary-based segmenter.

export type TokenKind = 'word' | 'cjk';

export interface Token {
  /** The token's text exactly as it appears in the original string. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly kind: TokenKind;
  /**
   * Index of the hyphen- or slash-joined group this token belongs to ("covid-19" is one group of
   * two tokens), so an analyzer can also index the joined form.
   */
  readonly group: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+(?:(?:['\u2019](?=\p{L})|(?<=\p{N})\.(?=\p{N}))[\p{L}\p{N}\p{M}]+)*/gu;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+/u;
const CJK_RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+/gu;
// A number glued to a short unit ("5mg", "2.5kg", "100nm") is split so it also matches "5 mg".
const NUMBER_UNIT = /^(\p{N}+(?:\.\p{N}+)?)(\p{L}{1,4})$/u;
const JOINERS = new Set(['-', '\u2010', '\u2011', '/']);

/** Tokenise `text`. Code points outside words (spaces, punctuation, symbols) are skipped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let group = 0;
  let previousEnd = -1;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const word = match[0];
    // Words joined by a single hyphen or slash share a group; anything else starts a new one.
    const isJoined = start === previousEnd + 1 && JOINERS.has(text[previousEnd] ?? '');
    if (!isJoined) group += 1;
    previousEnd = start + word.length;
    if (mayHoldCjk(word) && CJK_RUN.test(word)) pushMixed(tokens, word, start, group);
    else pushWord(tokens, word, start, group);
  }
  return tokens;
}

/** Cheap pre-check: every CJK script lies above U+1100, so most words skip the script regex. */
function mayHoldCjk(word: string): boolean {
  for (let i = 0; i < word.length; i += 1) if (word.charCodeAt(i) >= 0x1100) return true;
  return false;
}

function startsWithDigit(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c > 127 && /^\p{N}/u.test(word));
}

function pushWord(tokens: Token[], word: string, start: number, group: number): void {
  const unit = startsWithDigit(word) ? NUMBER_UNIT.exec(word) : null;
  if (unit?.[1] !== undefined && unit[2] !== undefined) {
    const cut = start + unit[1].length;
    tokens.push({ text: unit[1], start, end: cut, kind: 'word', group });
    tokens.push({ text: unit[2], start: cut, end: start + word.length, kind: 'word', group });
    return;
  }
  tokens.push({ text: word, start, end: start + word.length, kind: 'word', group });
}

/** A word that contains CJK: its CJK runs become bigrams, the rest stays words. */
function pushMixed(tokens: Token[], word: string, start: number, group: number): void {
  let cursor = 0;
  for (const run of word.matchAll(CJK_RUNS)) {
    if (run.index > cursor) pushWord(tokens, word.slice(cursor, run.index), start + cursor, group);
    pushBigrams(tokens, run[0], start + run.index, group);
    cursor = run.index + run[0].length;
  }
  if (cursor < word.length) pushWord(tokens, word.slice(cursor), start + cursor, group);
}

function pushBigrams(tokens: Token[], run: string, start: number, group: number): void {
  // Iterate by code point: some Han characters lie outside the Basic Multilingual Plane.
  const chars = Array.from(run);
  const offsets: number[] = [];
  let offset = start;
  for (const ch of chars) {
    offsets.push(offset);
    offset += ch.length;
  }
  offsets.push(offset);
  if (chars.length === 1) {
    tokens.push({ text: run, start, end: offset, kind: 'cjk', group });
    return;
  }
  for (let i = 0; i + 1 < chars.length; i += 1) {
    const from = offsets[i] ?? start;
    const to = offsets[i + 2] ?? offset;
    tokens.push({ text: run.slice(from - start, to - start), start: from, end: to, kind: 'cjk', group });
  }
}
