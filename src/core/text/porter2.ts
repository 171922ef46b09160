// The Porter2 ("Snowball English") stemmer, written out from the published algorithm
// (snowballstem.org/algorithms/english/stemmer.html). Stemming lets "tumours" find "tumour" and
// "regulated" find "regulation". The npm ports are CommonJS or untyped, and the algorithm is short
// enough to own (ADR 0060). Input must already be lower-cased ASCII letters (plus apostrophes);
// the analyzer only sends such words here, so other scripts pass through unstemmed.

const EXCEPTIONS_1: Readonly<Record<string, string>> = {
  skis: 'ski',
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  idly: 'idl',
  gently: 'gentl',
  ugly: 'ugli',
  early: 'earli',
  only: 'onli',
  singly: 'singl',
  sky: 'sky',
  news: 'news',
  howe: 'howe',
  atlas: 'atlas',
  cosmos: 'cosmos',
  bias: 'bias',
  andes: 'andes',
};

const EXCEPTIONS_2 = new Set([
  'inning',
  'outing',
  'canning',
  'herring',
  'earring',
  'proceed',
  'exceed',
  'succeed',
]);

const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const VALID_LI = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);

// Longest suffix first within each step (the algorithm picks the longest match, then tests its condition).
const STEP_2: readonly (readonly [string, string])[] = sortLongestFirst([
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['abli', 'able'],
  ['entli', 'ent'],
  ['izer', 'ize'],
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['aliti', 'al'],
  ['alli', 'al'],
  ['fulness', 'ful'],
  ['ousli', 'ous'],
  ['ousness', 'ous'],
  ['iveness', 'ive'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['bli', 'ble'],
  ['ogi', 'og'],
  ['fulli', 'ful'],
  ['lessli', 'less'],
  ['li', ''],
]);

const STEP_3: readonly (readonly [string, string])[] = sortLongestFirst([
  ['tional', 'tion'],
  ['ational', 'ate'],
  ['alize', 'al'],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
  ['ative', ''],
]);

const STEP_4: readonly string[] = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
  'ion',
].sort((x, y) => y.length - x.length);

function sortLongestFirst(rules: (readonly [string, string])[]): (readonly [string, string])[] {
  return rules.sort((x, y) => y[0].length - x[0].length);
}

function isVowel(ch: string | undefined): boolean {
  return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u' || ch === 'y';
}

/** Start of the region after the first non-vowel that follows a vowel, searching from `from`. */
function regionAfter(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i += 1) {
    if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  }
  return w.length;
}

/** Does `w` end in a short syllable (the Porter2 definition)? */
function endsShortSyllable(w: string): boolean {
  const n = w.length;
  if (n === 2) return isVowel(w[0]) && !isVowel(w[1]);
  if (n < 3) return false;
  const last = w[n - 1] ?? '';
  return (
    !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(last) && last !== 'w' && last !== 'x' && last !== 'Y'
  );
}

function hasVowel(s: string): boolean {
  for (const ch of s) if (isVowel(ch)) return true;
  return false;
}

/** Stem one lower-case English word. */
export function stemPorter2(input: string): string {
  let w = input.replaceAll('\u2019', "'");
  const exception = EXCEPTIONS_1[w];
  if (exception !== undefined) return exception;
  if (w.length <= 2) return w;
  if (w.startsWith("'")) w = w.slice(1);

  // Prelude: a y that acts as a consonant becomes Y, so it is not counted as a vowel.
  if (w.startsWith('y')) w = 'Y' + w.slice(1);
  for (let i = 1; i < w.length; i += 1) {
    if (w[i] === 'y' && isVowel(w[i - 1])) w = w.slice(0, i) + 'Y' + w.slice(i + 1);
  }

  let r1: number;
  const special = ['gener', 'commun', 'arsen'].find((p) => w.startsWith(p));
  if (special !== undefined) r1 = special.length;
  else r1 = regionAfter(w, -1);
  const r2 = regionAfter(w, r1);

  w = step1a(w);
  if (EXCEPTIONS_2.has(w)) return w;
  w = step1b(w, r1);
  w = step1c(w);
  w = step2(w, r1);
  w = step3(w, r1, r2);
  w = step4(w, r2);
  w = step5(w, r1, r2);
  return w.replaceAll('Y', 'y');
}

function step1a(word: string): string {
  let w = word;
  for (const suffix of ["'s'", "'s", "'"]) {
    if (w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ied') || w.endsWith('ies')) return w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  if (w.endsWith('us') || w.endsWith('ss')) return w;
  if (w.endsWith('s') && hasVowel(w.slice(0, -2))) return w.slice(0, -1);
  return w;
}

function step1b(w: string, r1: number): string {
  for (const suffix of ['eedly', 'eed']) {
    if (w.endsWith(suffix)) {
      return w.length - suffix.length >= r1 ? w.slice(0, -suffix.length) + 'ee' : w;
    }
  }
  for (const suffix of ['ingly', 'edly', 'ing', 'ed']) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    if (!hasVowel(stem)) return w;
    if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
    if (DOUBLES.has(stem.slice(-2))) return stem.slice(0, -1);
    if (stem.length === r1 && endsShortSyllable(stem)) return stem + 'e';
    return stem;
  }
  return w;
}

function step1c(w: string): string {
  const n = w.length;
  const last = w[n - 1];
  if ((last === 'y' || last === 'Y') && n > 2 && !isVowel(w[n - 2])) return w.slice(0, -1) + 'i';
  return w;
}

function step2(w: string, r1: number): string {
  for (const [suffix, replacement] of STEP_2) {
    if (!w.endsWith(suffix)) continue;
    const at = w.length - suffix.length;
    if (at < r1) return w;
    if (suffix === 'ogi' && w[at - 1] !== 'l') return w;
    if (suffix === 'li' && !VALID_LI.has(w[at - 1] ?? '')) return w;
    return w.slice(0, at) + replacement;
  }
  return w;
}

function step3(w: string, r1: number, r2: number): string {
  for (const [suffix, replacement] of STEP_3) {
    if (!w.endsWith(suffix)) continue;
    const at = w.length - suffix.length;
    if (at < r1) return w;
    if (suffix === 'ative' && at < r2) return w;
    return w.slice(0, at) + replacement;
  }
  return w;
}

function step4(w: string, r2: number): string {
  for (const suffix of STEP_4) {
    if (!w.endsWith(suffix)) continue;
    const at = w.length - suffix.length;
    if (at < r2) return w;
    if (suffix === 'ion' && w[at - 1] !== 's' && w[at - 1] !== 't') return w;
    return w.slice(0, at);
  }
  return w;
}

function step5(w: string, r1: number, r2: number): string {
  const at = w.length - 1;
  if (w.endsWith('e')) {
    const stem = w.slice(0, at);
    if (at >= r2 || (at >= r1 && !endsShortSyllable(stem))) return stem;
    return w;
  }
  if (w.endsWith('l') && at >= r2 && w[at - 1] === 'l') return w.slice(0, at);
  return w;
}
