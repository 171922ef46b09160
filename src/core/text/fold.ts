// Case and diacritic folding, so "Café", "CAFE" and "café" (composed or not) index as one term.
// NFKD splits accents off their letters and expands compatibility forms (ligatures, full-width
// Latin, superscripts); the marks are then dropped. A few letters that carry no separable mark
// are mapped by hand. CJK keeps NFKC instead: NFKD would explode Hangul syllables into jamo.

const LETTER_MAP: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
  ħ: 'h',
};

const MARKS = /\p{M}/gu;
const MAPPED = /[ßæœøđðłıþħ]/g;
const APOSTROPHES = /['\u2019]/g;

/** Lower-case, strip diacritics and expand compatibility forms. Keeps apostrophes. */
export function foldText(text: string): string {
  if (isAscii(text)) return text.toLowerCase();
  const folded = text.normalize('NFKD').replace(MARKS, '').toLowerCase();
  return folded.replace(MAPPED, (ch) => LETTER_MAP[ch] ?? ch).replace(/\u2019/g, "'");
}

/** Folding for CJK runs: width and compatibility forms unified, syllables kept whole. */
export function foldCjk(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Remove the apostrophes that tokens keep for the stemmer's possessive rule. */
export function stripApostrophes(term: string): string {
  return term.replace(APOSTROPHES, '');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 127) return false;
  return true;
}
