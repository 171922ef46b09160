// Bag-of-words token F1 between extracted and expected text: the measure used to hold the HTML
// main-content extraction to a floor (tests) and to print per-page quality (bench script).
import { parseHTML } from 'linkedom';

export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function tokenF1(predicted: string, expected: string): number {
  const want = new Map<string, number>();
  for (const t of tokens(expected)) want.set(t, (want.get(t) ?? 0) + 1);
  const got = tokens(predicted);
  const expectedCount = [...want.values()].reduce((a, b) => a + b, 0);
  if (got.length === 0 || expectedCount === 0) return got.length === expectedCount ? 1 : 0;
  let overlap = 0;
  for (const t of got) {
    const left = want.get(t) ?? 0;
    if (left > 0) {
      overlap++;
      want.set(t, left - 1);
    }
  }
  const precision = overlap / got.length;
  const recall = overlap / expectedCount;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** The visible text of an HTML fragment (the expected main content of a test page). */
export function htmlText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return (document.body as { textContent: string | null }).textContent ?? '';
}
