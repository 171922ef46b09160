// Picks the abstain threshold from labelled evidence: scores of questions the library can answer and
// of questions it cannot. Either the threshold with the best F1 (answering = the positive class), or the
// lowest threshold whose precision reaches a target (how often "I found it" is right), which keeps the
// most recall at that precision. Thresholds sit midway between neighbouring observed scores, so a
// score seen in calibration is not decided by a hair. Pure, so the eval scripts and tests share it.

export interface LabelledScore {
  readonly score: number;
  /** The library holds the answer to this question. */
  readonly isAnswerable: boolean;
}

export type CalibrationTarget =
  { readonly objective: 'f1' } | { readonly objective: 'precision'; readonly minPrecision: number };

export interface ThresholdChoice {
  /** Answer when the evidence score is at or above this. */
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Share of all questions decided rightly (answered when answerable, refused when not). */
  readonly accuracy: number;
}

function metrics(
  tp: number,
  fp: number,
  positives: number,
  total: number,
): Omit<ThresholdChoice, 'threshold'> {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = positives === 0 ? 0 : tp / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const tn = total - positives - fp;
  return { precision, recall, f1, accuracy: total === 0 ? 0 : (tp + tn) / total };
}

/** Chooses a threshold; throws when the samples lack either class (nothing to separate). */
export function calibrateThreshold(
  samples: readonly LabelledScore[],
  target: CalibrationTarget,
): ThresholdChoice {
  const valid = samples.filter((s) => Number.isFinite(s.score));
  const positives = valid.filter((s) => s.isAnswerable).length;
  if (positives === 0 || positives === valid.length) {
    throw new RangeError('Calibration needs both answerable and unanswerable questions.');
  }
  const sorted = [...valid].sort((a, b) => b.score - a.score);
  // Candidate i answers the i highest-scoring questions (ties move together).
  const candidates: ThresholdChoice[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i];
    if (s === undefined) continue;
    if (s.isAnswerable) tp++;
    else fp++;
    const next = sorted[i + 1];
    if (next !== undefined && next.score === s.score) continue;
    const threshold = next === undefined ? s.score : (s.score + next.score) / 2;
    candidates.push({ threshold, ...metrics(tp, fp, positives, valid.length) });
  }
  const highest = sorted[0]?.score ?? 0;
  const refuseAll: ThresholdChoice = {
    threshold: highest + Math.max(1e-9, Math.abs(highest) * 1e-6),
    ...metrics(0, 0, positives, valid.length),
  };
  if (target.objective === 'f1') {
    return candidates.reduce((best, c) => (c.f1 > best.f1 ? c : best), refuseAll);
  }
  const meeting = candidates.filter((c) => c.precision >= target.minPrecision);
  return meeting.reduce((best, c) => (c.recall > best.recall ? c : best), refuseAll);
}

/** Area under the ROC curve: the chance an answerable question outscores an unanswerable one. */
export function rocAuc(samples: readonly LabelledScore[]): number {
  const pos = samples.filter((s) => s.isAnswerable).map((s) => s.score);
  const neg = samples
    .filter((s) => !s.isAnswerable)
    .map((s) => s.score)
    .sort((a, b) => a - b);
  if (pos.length === 0 || neg.length === 0) return Number.NaN;
  let wins = 0;
  for (const p of pos) {
    // Negatives below p count 1, ties 0.5 (binary search for both bounds).
    let lo = 0;
    let hi = neg.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((neg[mid] ?? 0) < p) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < neg.length && neg[end] === p) end++;
    wins += lo + (end - lo) / 2;
  }
  return wins / (pos.length * neg.length);
}
