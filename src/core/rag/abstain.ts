// Decides from retrieval evidence whether the library holds the answer, before the model is asked:
// a small model given weak passages invents an answer with confident citations, so below the
// threshold the chat says so and shows the nearest passages instead. The evidence is the search
// response's scores; the threshold is per embedding model (cosine similarities sit in a band of
// their own for each model) and measured with calibrateThreshold on labelled questions (ADR 0121).
// Keyword-only evidence (no embedding model) has its own calibration on BM25 scores.
import type { ThresholdChoice } from './calibrate';

export interface RetrievalEvidence {
  /** Passages retrieved at all. */
  readonly passageCount: number;
  /** Semantic (cosine) similarities of the best passages, strongest first; empty without embeddings. */
  readonly semantic: readonly number[];
  /** The best passage's BM25 score; undefined when keyword search did not run or matched nothing. */
  readonly keyword: number | undefined;
  /** Distinct query terms after analysis (stop words removed). */
  readonly queryTerms: number;
  /** How many of them the best keyword passage contains. */
  readonly matchedTerms: number;
}

export type EvidenceFeature = 'semantic' | 'keyword';

export interface AbstainCalibration extends ThresholdChoice {
  readonly feature: EvidenceFeature;
  /** The embedding model the threshold belongs to ('' for keyword evidence). */
  readonly modelKey: string;
  /** What it was measured on, in words (data sets, target). */
  readonly measuredOn: string;
}

/** Semantic evidence: the mean of the top `SEMANTIC_TOP` similarities, so one lucky passage counts less. */
export const SEMANTIC_TOP = 3;

/**
 * The score a threshold applies to, or undefined when the evidence lacks that feature. Keyword
 * evidence is the best BM25 score scaled by the share of query terms it matched: BM25 grows with
 * query length, and a passage matching one word of a long question is weak however rare the word.
 */
export function evidenceScore(evidence: RetrievalEvidence, feature: EvidenceFeature): number | undefined {
  if (feature === 'semantic') {
    const top = evidence.semantic.slice(0, SEMANTIC_TOP);
    return top.length === 0 ? undefined : top.reduce((a, b) => a + b, 0) / top.length;
  }
  if (evidence.keyword === undefined || evidence.queryTerms === 0) return undefined;
  const coverage = Math.min(1, evidence.matchedTerms / evidence.queryTerms);
  return evidence.keyword * coverage;
}

export type AbstainReason = 'no-passages' | 'no-evidence' | 'weak-evidence' | 'enough-evidence';

export interface AbstainDecision {
  readonly shouldAnswer: boolean;
  readonly reason: AbstainReason;
  readonly feature: EvidenceFeature | undefined;
  readonly score: number | undefined;
  readonly threshold: number | undefined;
}

export interface AbstainPolicy {
  /** For keyword-only evidence (always available). */
  readonly keyword: AbstainCalibration;
  /** For the embedding model that produced `semantic`, when one has been calibrated. */
  readonly semantic?: AbstainCalibration;
}

/**
 * Answer or abstain. Semantic evidence decides when the model has a calibration (it sees paraphrases
 * keyword search misses); otherwise keyword evidence decides. No passages, or no evidence the policy
 * can judge, means abstain.
 */
export function decideAnswerable(evidence: RetrievalEvidence, policy: AbstainPolicy): AbstainDecision {
  if (evidence.passageCount === 0) {
    return {
      shouldAnswer: false,
      reason: 'no-passages',
      feature: undefined,
      score: undefined,
      threshold: undefined,
    };
  }
  const calibration = policy.semantic && evidence.semantic.length > 0 ? policy.semantic : policy.keyword;
  const score = evidenceScore(evidence, calibration.feature);
  if (score === undefined) {
    return {
      shouldAnswer: false,
      reason: 'no-evidence',
      feature: calibration.feature,
      score,
      threshold: undefined,
    };
  }
  const shouldAnswer = score >= calibration.threshold;
  return {
    shouldAnswer,
    reason: shouldAnswer ? 'enough-evidence' : 'weak-evidence',
    feature: calibration.feature,
    score,
    threshold: calibration.threshold,
  };
}
