// Settings of a keyword index. The defaults come from tuning on SciFact and checking on
// Cranfield (`npm run eval`, ADR 0061); they are written into every serialised index so an
// index is always queried the way it was built.

import { DEFAULT_ANALYSIS, type AnalysisSettings } from '../text/analyzer';

export interface Bm25Field {
  readonly name: string;
  /** Multiplies the field's (length-normalised) term frequency, BM25F-style. */
  readonly boost: number;
}

export interface Bm25Settings {
  /** Term-frequency saturation: higher lets repeated words keep adding to the score. */
  readonly k1: number;
  /** Length normalisation, 0 (none) to 1 (full), applied per field against its average length. */
  readonly b: number;
  readonly fields: readonly Bm25Field[];
  readonly analysis: AnalysisSettings;
}

export const DEFAULT_BM25_SETTINGS: Bm25Settings = {
  k1: 1.2,
  b: 0.9,
  fields: [
    { name: 'title', boost: 3 },
    // Not measurable on BEIR (no headings): placed between title and body by judgement.
    { name: 'headings', boost: 2 },
    { name: 'body', boost: 1 },
  ],
  analysis: DEFAULT_ANALYSIS,
};

/** Fill in defaults for the parts of `overrides` left out. */
export function bm25Settings(overrides: Partial<Bm25Settings> = {}): Bm25Settings {
  const settings = { ...DEFAULT_BM25_SETTINGS, ...overrides };
  if (settings.fields.length === 0) throw new Error('A keyword index needs at least one field.');
  if (!(settings.k1 >= 0) || !(settings.b >= 0 && settings.b <= 1)) {
    throw new Error(`Keyword index settings out of range: k1=${settings.k1}, b=${settings.b}.`);
  }
  return settings;
}
