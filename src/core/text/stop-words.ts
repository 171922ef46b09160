// English stop words: words so common they carry no evidence of what a passage is about.
// Dropping them keeps posting lists short and stops "the" from matching every passage. The list
// is the classic short one (Lucene/Anserini's default English set); removing it moved ranking
// quality only within noise on the eval sets, while it keeps the longest posting lists out of
// the index (ADR 0061). Matched after folding, before stemming.

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'for',
  'if',
  'in',
  'into',
  'is',
  'it',
  'no',
  'not',
  'of',
  'on',
  'or',
  'such',
  'that',
  'the',
  'their',
  'then',
  'there',
  'these',
  'they',
  'this',
  'to',
  'was',
  'will',
  'with',
]);
