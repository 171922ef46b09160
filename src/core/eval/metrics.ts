// Retrieval quality metrics with the definitions BEIR reports (pytrec_eval / trec_eval):
// nDCG@k with linear graded gains and a log2(rank + 1) discount, the ideal ranking built from all
// judged documents; Recall@k over documents judged relevant (grade > 0); MRR@k as the reciprocal
// rank of the first relevant document within the cut-off. Pure functions so the eval script and
// tests share them.

/** Judgements for one query: document id → relevance grade (0 = judged not relevant). */
export type Judgements = ReadonlyMap<string, number>;

/** Normalised discounted cumulative gain of a ranked list of document ids at cut-off `k`. */
export function ndcgAtK(ranked: readonly string[], judgements: Judgements, k = 10): number {
  let dcg = 0;
  const cut = Math.min(k, ranked.length);
  for (let i = 0; i < cut; i += 1) {
    const gain = Math.max(0, judgements.get(ranked[i] ?? '') ?? 0);
    dcg += gain / Math.log2(i + 2);
  }
  const ideal = [...judgements.values()]
    .filter((g) => g > 0)
    .sort((x, y) => y - x)
    .slice(0, k);
  let idcg = 0;
  ideal.forEach((gain, i) => {
    idcg += gain / Math.log2(i + 2);
  });
  return idcg > 0 ? dcg / idcg : 0;
}

/** Share of the relevant documents found in the first `k` results. */
export function recallAtK(ranked: readonly string[], judgements: Judgements, k = 100): number {
  let relevant = 0;
  for (const grade of judgements.values()) if (grade > 0) relevant += 1;
  if (relevant === 0) return 0;
  let found = 0;
  for (const id of ranked.slice(0, k)) if ((judgements.get(id) ?? 0) > 0) found += 1;
  return found / relevant;
}

/** Reciprocal rank of the first relevant document within the first `k`, else 0. */
export function mrrAtK(ranked: readonly string[], judgements: Judgements, k = 10): number {
  const cut = Math.min(k, ranked.length);
  for (let i = 0; i < cut; i += 1) {
    if ((judgements.get(ranked[i] ?? '') ?? 0) > 0) return 1 / (i + 1);
  }
  return 0;
}

export interface RetrievalScores {
  readonly ndcgAt10: number;
  readonly recallAt100: number;
  readonly mrrAt10: number;
  /** Queries averaged over: every judged query, a query with no results counting as zero. */
  readonly queries: number;
}

/** Mean metrics over all judged queries. `run` maps a query id to its ranked document ids. */
export function evaluateRun(
  run: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, Judgements>,
): RetrievalScores {
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  let queries = 0;
  for (const [queryId, judgements] of qrels) {
    const ranked = run.get(queryId) ?? [];
    ndcg += ndcgAtK(ranked, judgements, 10);
    recall += recallAtK(ranked, judgements, 100);
    mrr += mrrAtK(ranked, judgements, 10);
    queries += 1;
  }
  const mean = (x: number): number => (queries > 0 ? x / queries : 0);
  return { ndcgAt10: mean(ndcg), recallAt100: mean(recall), mrrAt10: mean(mrr), queries };
}
