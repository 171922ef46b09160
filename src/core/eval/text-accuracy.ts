// Recognised text against the truth, as the OCR eval scores it: character error rate (edit distance
// over the truth's length, after NFKC and whitespace folding, so reading order counts) and an
// order-free word F1 (multisets of words, so a line read in another order only costs CER).

/** NFKC, every run of whitespace one space, trimmed. */
export function foldText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Levenshtein distance over code points, in O(min(a, b)) memory. */
export function editDistance(a: string, b: string): number {
  let s = Array.from(a);
  let t = Array.from(b);
  if (s.length < t.length) [s, t] = [t, s];
  let previous = new Uint32Array(t.length + 1);
  let current = new Uint32Array(t.length + 1);
  for (let j = 0; j <= t.length; j++) previous[j] = j;
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= t.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (si === t[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[t.length] ?? 0;
}

/** Character error rate of `hypothesis` against `truth` (both folded); 0 for an exact match. */
export function characterErrorRate(truth: string, hypothesis: string): number {
  const t = foldText(truth);
  const h = foldText(hypothesis);
  if (t.length === 0) return h.length === 0 ? 0 : 1;
  return editDistance(t, h) / Array.from(t).length;
}

/** Order-free word F1: precision and recall over the two multisets of folded words. */
export function wordF1(truth: string, hypothesis: string): { precision: number; recall: number; f1: number } {
  const words = (text: string) =>
    foldText(text)
      .split(' ')
      .filter((w) => w !== '');
  const expected = new Map<string, number>();
  for (const w of words(truth)) expected.set(w, (expected.get(w) ?? 0) + 1);
  const got = words(hypothesis);
  let matched = 0;
  for (const w of got) {
    const left = expected.get(w) ?? 0;
    if (left > 0) {
      matched += 1;
      expected.set(w, left - 1);
    }
  }
  const truthCount = words(truth).length;
  const precision = got.length === 0 ? 0 : matched / got.length;
  const recall = truthCount === 0 ? 0 : matched / truthCount;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}
