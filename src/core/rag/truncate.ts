// Shortening text to a token budget at a sentence boundary (or between words when even one sentence
// is too long), for a passage too long for the context and for condensing old answers.
import { splitSentences } from '../chunking/sentences';

export const ELLIPSIS = ' …';

/** Largest n in [0, hi] with fits(n) true, given fits is monotone (true then false). */
function largestFitting(hi: number, fits: (n: number) => boolean): number {
  let lo = 0;
  let top = hi;
  while (lo < top) {
    const mid = Math.ceil((lo + top) / 2);
    if (fits(mid)) lo = mid;
    else top = mid - 1;
  }
  return lo;
}

/**
 * The longest prefix of `text` whose rendering `measure(prefix)` stays within `budget`: whole sentences
 * when at least one fits, else whole words, else characters; '' when nothing fits. A shortened text ends
 * with an ellipsis so the model (and the person) can see it was cut.
 */
export function truncateToBudget(
  text: string,
  budget: number,
  measure: (candidate: string) => number,
): string {
  if (measure(text) <= budget) return text;
  const sentences = splitSentences(text);
  const bySentences = (n: number) => sentences.slice(0, n).join(' ') + ELLIPSIS;
  const s = largestFitting(sentences.length - 1, (n) => n === 0 || measure(bySentences(n)) <= budget);
  if (s > 0) return bySentences(s);
  const words = text.split(/\s+/).filter((w) => w !== '');
  const byWords = (n: number) => words.slice(0, n).join(' ') + ELLIPSIS;
  const w = largestFitting(words.length - 1, (n) => n === 0 || measure(byWords(n)) <= budget);
  if (w > 0) return byWords(w);
  // One enormous "word" (a URL, base64): cut by characters.
  const byChars = (n: number) => text.slice(0, n) + ELLIPSIS;
  const c = largestFitting(text.length - 1, (n) => n === 0 || measure(byChars(n)) <= budget);
  return c > 0 ? byChars(c) : '';
}
