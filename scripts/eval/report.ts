// Runs the requested modes on one BEIR data set and scores them: keyword (whole documents, the CI
// baseline of ADR 0061), and with an embedding model semantic and hybrid over chunked passages
// (dense-run.ts). Returns rows for one markdown table plus notes that say what the numbers mean.

import { DEFAULT_BM25_SETTINGS, type Bm25Settings } from '../../src/core/bm25/settings';
import { evaluateRun, type Judgements, type RetrievalScores } from '../../src/core/eval/metrics';
import type { BeirDataset } from './beir';
import { denseRuns } from './dense-run';
import { loadEmbedder } from './embedder';
import { keywordRun } from './keyword-run';
import { DEFAULT_CACHE_DIR } from './vector-cache';

export const MODES = ['keyword', 'semantic', 'hybrid'] as const;
export type Mode = (typeof MODES)[number];

/** Convex weights of the semantic list reported beside RRF; 0.5 is fuseForMode's default (ADR 0062). */
export const DEFAULT_ALPHAS: readonly number[] = [0.3, 0.5, 0.7];

export interface Row {
  /** "keyword", "keyword (passages)", "semantic", "hybrid rrf k=60", "hybrid convex α=0.5". */
  readonly mode: string;
  readonly scores: RetrievalScores;
  readonly note: string;
}

export interface EvalOptions {
  readonly modes: readonly Mode[];
  readonly bm25?: Partial<Pick<Bm25Settings, 'k1' | 'b'>>;
  readonly modelsDir?: string;
  readonly alphas?: readonly number[];
  readonly cacheDir?: string;
  readonly progress?: (line: string) => void;
}

export interface EvalReport {
  readonly rows: Row[];
  readonly notes: string[];
}

const TEST_MODEL_NOTE =
  'This is a generated random-weight test model (ADR 0040): its semantic and hybrid numbers say nothing about retrieval quality; they only show the pipeline runs end to end.';

function ms(x: number): string {
  return `${String(Math.round(x))} ms`;
}

export async function runEval(dataset: BeirDataset, options: EvalOptions): Promise<EvalReport> {
  const qrels: Map<string, Judgements> = dataset.qrels;
  const bm25 = {
    k1: options.bm25?.k1 ?? DEFAULT_BM25_SETTINGS.k1,
    b: options.bm25?.b ?? DEFAULT_BM25_SETTINGS.b,
  };
  const rows: Row[] = [];
  const notes: string[] = [];
  const perQuery = (x: number): string => `${(x / Math.max(1, dataset.queries.size)).toFixed(2)} ms/query`;
  if (options.modes.includes('keyword')) {
    const result = keywordRun(dataset, bm25);
    const note = `whole documents; index ${ms(result.indexMs)}, ${perQuery(result.searchMs)}`;
    rows.push({ mode: 'keyword', scores: evaluateRun(result.run, qrels), note });
  }
  const wantsSemantic = options.modes.includes('semantic');
  const wantsHybrid = options.modes.includes('hybrid');
  if (!wantsSemantic && !wantsHybrid) return { rows, notes };
  if (options.modelsDir === undefined) {
    throw new Error('Semantic and hybrid modes need an embedding model folder (--models DIR).');
  }
  const embedder = await loadEmbedder(options.modelsDir);
  try {
    notes.push(...embedder.notes);
    if (embedder.isTestModel) notes.push(TEST_MODEL_NOTE);
    const dense = await denseRuns(dataset, embedder, {
      bm25,
      alphas: options.alphas ?? DEFAULT_ALPHAS,
      cacheDir: options.cacheDir ?? DEFAULT_CACHE_DIR,
      ...(options.progress ? { progress: options.progress } : {}),
    });
    notes.push(
      `${String(dataset.corpus.length)} documents → ${String(dense.passages)} passages (real chunker, ${embedder.modelId} token counts); passage vectors ${dense.cached ? 'from cache' : `embedded in ${ms(dense.embedMs)}`}, indexes built in ${ms(dense.indexMs)}, queries embedded in ${ms(dense.queryEmbedMs)}.`,
    );
    const searchNote = `passages; ${perQuery(dense.searchMs)} for both lists and fusions`;
    if (wantsSemantic)
      rows.push({ mode: 'semantic', scores: evaluateRun(dense.semantic, qrels), note: searchNote });
    if (wantsHybrid) {
      rows.push({
        mode: 'keyword (passages)',
        scores: evaluateRun(dense.keywordPassages, qrels),
        note: 'the keyword list hybrid fuses',
      });
      for (const [label, run] of dense.hybrid) {
        const note = label.startsWith('rrf')
          ? 'the search worker default (ADR 0062)'
          : 'min-max, semantic weight α';
        rows.push({ mode: `hybrid ${label}`, scores: evaluateRun(run, qrels), note });
      }
    }
  } finally {
    await embedder.dispose();
  }
  return { rows, notes };
}

export function table(rows: readonly Row[]): string {
  const lines = ['| mode | nDCG@10 | Recall@100 | MRR@10 | queries | note |', '|---|---|---|---|---|---|'];
  for (const { mode, scores, note } of rows) {
    const f = (x: number): string => x.toFixed(4);
    lines.push(
      `| ${mode} | ${f(scores.ndcgAt10)} | ${f(scores.recallAt100)} | ${f(scores.mrrAt10)} | ${String(scores.queries)} | ${note} |`,
    );
  }
  return lines.join('\n');
}
