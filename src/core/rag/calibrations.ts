// Measured abstain thresholds (ADR 0121). Keyword evidence is calibrated on BM25 over BEIR SciFact
// (`npx tsx scripts/eval/calibrate-abstain.ts`); embedding models get an entry each once real weights
// can be measured the same way (`semantic` feature, keyed by the registry key).
import type { AbstainCalibration, AbstainPolicy } from './abstain';

export const KEYWORD_CALIBRATION: AbstainCalibration = {
  feature: 'keyword',
  modelKey: '',
  threshold: 9.05,
  precision: 0.775,
  recall: 0.895,
  f1: 0.83,
  accuracy: 0.832,
  measuredOn:
    'BM25 × query-term coverage; 238 SciFact test claims (answerable) vs 225 Cranfield questions and 54 SciFact claims with their documents held out (unanswerable); best F1',
};

/** Semantic calibrations by embedding model key; empty until measured with real weights. */
export const SEMANTIC_CALIBRATIONS: Readonly<Record<string, AbstainCalibration>> = {};

/** The policy for a search that used `embeddingModelKey` (or none). */
export function abstainPolicyFor(embeddingModelKey: string | undefined): AbstainPolicy {
  const semantic = embeddingModelKey === undefined ? undefined : SEMANTIC_CALIBRATIONS[embeddingModelKey];
  return semantic ? { keyword: KEYWORD_CALIBRATION, semantic } : { keyword: KEYWORD_CALIBRATION };
}
