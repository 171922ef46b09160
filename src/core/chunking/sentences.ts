// Sentence and word splitting for the chunker: long paragraphs are cut at sentence ends so
// passages (and their overlaps) read as whole sentences; a sentence longer than the budget is
// cut between words as a last resort.

const SENTENCE_END = /(?<=[.!?…]["'”’)\]]?)\s+(?=["'“‘([]?[\p{Lu}\p{N}])|(?<=[。！？])/u;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Greedily packs `parts` (joined by `sep`) into pieces whose token count stays within `budget`.
 * A part that alone exceeds the budget is split by `splitFurther` when given, else kept alone.
 */
export function packParts(
  parts: readonly string[],
  sep: string,
  budget: number,
  countTokens: (text: string) => number,
  splitFurther?: (part: string) => string[],
): string[] {
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    const candidate = current === '' ? part : current + sep + part;
    if (countTokens(candidate) <= budget) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    if (countTokens(part) <= budget) {
      current = part;
    } else if (splitFurther) {
      const pieces = splitFurther(part);
      if (pieces.length <= 1) out.push(part);
      else out.push(...packParts(pieces, ' ', budget, countTokens));
    } else {
      out.push(part);
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** Splits text that is too long into pieces of at most `budget` tokens, sentence-aligned when possible. */
export function splitText(text: string, budget: number, countTokens: (text: string) => number): string[] {
  const words = (s: string) => {
    const w = s.split(/\s+/).filter((x) => x !== '');
    // A single enormous "word" (a URL, base64) is cut by characters.
    return w.length > 1 ? w : (s.match(/[\s\S]{1,40}/g) ?? [s]);
  };
  return packParts(splitSentences(text), ' ', budget, countTokens, words);
}
