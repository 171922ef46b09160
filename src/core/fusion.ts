import { defined } from './defined';
// Combines the semantic (vector) and keyword (BM25) rankings of one query into one list.
// Two fusions: reciprocal rank fusion, which needs no calibration and is the hybrid default,
// and a weighted convex combination of per-list normalised scores, for when a weight has been
// tuned on data. Scores of different retrievers live on different scales (BM25 is unbounded
// and shifts with the query; cosine similarity sits in a narrow band), so the convex fusion
// first rescales each list with min-max: it maps every list onto [0, 1] whatever its length,
// where z-scores need a spread estimated from a short, truncated top-k list and turn unstable
// when that list has one or two hits (ADR 0062).

export interface RankedItem {
  readonly id: string;
  readonly score: number;
}

export type SearchMode = 'hybrid' | 'semantic' | 'keyword';
export type ScoreNormalization = 'min-max' | 'z-score';

export const RRF_K = 60;

function byScoreThenId(a: RankedItem, b: RankedItem): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function weightOf(weights: readonly number[] | undefined, i: number): number {
  return weights?.[i] ?? 1;
}

/**
 * Reciprocal rank fusion: each list adds weight / (k + rank) for every item it holds (rank
 * from 1, lists taken as ranked best first). Only ranks matter, so scores need no calibration.
 */
export function reciprocalRankFusion(
  lists: readonly (readonly RankedItem[])[],
  options: { readonly k?: number; readonly weights?: readonly number[] } = {},
): RankedItem[] {
  const k = options.k ?? RRF_K;
  const fused = new Map<string, number>();
  lists.forEach((list, i) => {
    const weight = weightOf(options.weights, i);
    const seen = new Set<string>();
    list.forEach((item, rank) => {
      if (seen.has(item.id)) return;
      seen.add(item.id);
      fused.set(item.id, (fused.get(item.id) ?? 0) + weight / (k + rank + 1));
    });
  });
  return [...fused].map(([id, score]) => ({ id, score })).sort(byScoreThenId);
}

/** Rescale one list's scores. A list whose scores are all equal maps to 1 (min-max) or 0 (z-score). */
export function normalizeScores(list: readonly RankedItem[], method: ScoreNormalization): RankedItem[] {
  if (list.length === 0) return [];
  const scores = list.map((item) => item.score);
  if (method === 'min-max') {
    const min = Math.min(...scores);
    const range = Math.max(...scores) - min;
    return list.map((item) => ({ id: item.id, score: range > 0 ? (item.score - min) / range : 1 }));
  }
  const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
  const sd = Math.sqrt(scores.reduce((sum, s) => sum + (s - mean) ** 2, 0) / scores.length);
  return list.map((item) => ({ id: item.id, score: sd > 0 ? (item.score - mean) / sd : 0 }));
}

/**
 * Convex fusion: Σ weight_i · normalised score_i, weights summing to 1. An item missing from a
 * list gets that list's lowest normalised score (0 for min-max): below everything the list did
 * retrieve, without a penalty below it.
 */
export function convexFusion(
  lists: readonly (readonly RankedItem[])[],
  options: { readonly weights?: readonly number[]; readonly normalization?: ScoreNormalization } = {},
): RankedItem[] {
  const method = options.normalization ?? 'min-max';
  const raw = lists.map((_, i) => Math.max(0, weightOf(options.weights, i)));
  const total = raw.reduce((sum, w) => sum + w, 0);
  const weights = raw.map((w) => (total > 0 ? w / total : 1 / lists.length));
  const normalized = lists.map((list) => normalizeScores(list, method));
  const floors = normalized.map((list) => (list.length > 0 ? Math.min(...list.map((x) => x.score)) : 0));
  const ids = new Set(normalized.flatMap((list) => list.map((item) => item.id)));
  const fused = new Map<string, number>();
  for (const id of ids) fused.set(id, 0);
  normalized.forEach((list, i) => {
    const weight = weights[i] ?? 0;
    const scores = new Map<string, number>();
    for (const item of list) if (!scores.has(item.id)) scores.set(item.id, item.score);
    for (const id of ids) fused.set(id, (fused.get(id) ?? 0) + weight * (scores.get(id) ?? floors[i] ?? 0));
  });
  return [...fused].map(([id, score]) => ({ id, score })).sort(byScoreThenId);
}

export interface FusionOptions {
  readonly method?: 'rrf' | 'convex';
  /** RRF constant. */
  readonly k?: number;
  /** Convex weight of the semantic list (the keyword list gets 1 − alpha). */
  readonly alpha?: number;
  readonly normalization?: ScoreNormalization;
}

/** One query's final ranking for a search mode. Hybrid defaults to RRF with k = 60. */
export function fuseForMode(
  mode: SearchMode,
  lists: { readonly semantic: readonly RankedItem[]; readonly keyword: readonly RankedItem[] },
  options: FusionOptions = {},
): RankedItem[] {
  if (mode === 'semantic') return [...lists.semantic].sort(byScoreThenId);
  if (mode === 'keyword') return [...lists.keyword].sort(byScoreThenId);
  if (options.method === 'convex') {
    const alpha = options.alpha ?? 0.5;
    return convexFusion([lists.semantic, lists.keyword], {
      weights: [alpha, 1 - alpha],
      ...defined({ normalization: options.normalization }),
    });
  }
  return reciprocalRankFusion([lists.semantic, lists.keyword], {
    ...defined({ k: options.k }),
  });
}
