// Is a PDF page's text layer real text, or the garbage a bad OCR engine left over a scan? Scanned
// documents often carry an invisible text layer from the scanner's own OCR; when that engine read the
// wrong script (Cyrillic as Latin look-alikes: "Hanorosas" for «Налоговая») or a broken font map
// produced nonsense, the layer is worse than none: it is searchable noise and hides that the page needs
// reading. Real prose, in any language, rarely has words that mix digits into letters ("H8norosbiH"),
// switch from lower to upper case inside a word ("KoppeKn1pOBKH"), carry brackets or tildes between
// letters ("npo~eHHOH"), or hold replacement, private-use or control characters. Measured with
// pdftotext over the shared PDF corpus: such words are 0–2 % of born-digital pages (12 % on a page of
// symbol fonts), and 26–81 % on every page of the scanned tax form whose layer is garbage.

/** A page whose odd words reach this share of its words is treated as garbage. */
export const GARBAGE_ODD_SHARE = 0.25;
/** Fewer words than this say too little to judge; such a page is judged by its letters alone. */
export const MIN_WORDS_TO_JUDGE = 12;

const LETTER = /\p{L}/u;
const DIGIT_INSIDE = /\p{L}\p{N}+\p{L}/u;
const CASE_FLIP = /\p{Ll}\p{Lu}/u;
const SYMBOL_INSIDE = /\p{L}[~{}[\]|\\^`<>]+\p{L}/u;
// U+FFFD, the private-use area, and C0 controls other than whitespace: what a broken font map yields.
// eslint-disable-next-line no-control-regex
const BROKEN_CHAR = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000E-\u001F]/u;

export interface TextLayerVerdict {
  /** Words with at least two letters. */
  readonly words: number;
  /** How many of them look like no word of any language. */
  readonly odd: number;
  readonly garbage: boolean;
}

/** One word's verdict: undefined when it has fewer than two letters (numbers, initials, punctuation). */
export function isOddWord(word: string): boolean | undefined {
  let letters = 0;
  for (const ch of word) if (LETTER.test(ch) && ++letters >= 2) break;
  if (letters < 2) return undefined;
  return (
    DIGIT_INSIDE.test(word) || CASE_FLIP.test(word) || SYMBOL_INSIDE.test(word) || BROKEN_CHAR.test(word)
  );
}

/** Judges the text of one page. */
export function judgeTextLayer(text: string): TextLayerVerdict {
  let words = 0;
  let odd = 0;
  for (const word of text.split(/\s+/u)) {
    const verdict = isOddWord(word);
    if (verdict === undefined) continue;
    words++;
    if (verdict) odd++;
  }
  const garbage = words >= MIN_WORDS_TO_JUDGE && odd / words >= GARBAGE_ODD_SHARE;
  return { words, odd, garbage };
}
