// `npm run eval -- --dataset DIR [--mode keyword|semantic|hybrid] [--models DIR] [--min-ndcg X]`
// Measures retrieval quality on a BEIR-layout test set and prints a markdown table of nDCG@10,
// Recall@100 and MRR@10 per mode. With --min-ndcg it exits non-zero when any mode falls short,
// so CI can hold the line. Semantic and hybrid need real embedding weights; until an embedder
// is wired in they stop with an explanation rather than report invented numbers.

import { parseArgs } from 'node:util';
import { DEFAULT_BM25_SETTINGS } from '../../src/core/bm25/settings';
import { evaluateRun, type RetrievalScores } from '../../src/core/eval/metrics';
import { loadBeir } from './beir';
import { keywordRun } from './keyword-run';

const MODES = ['keyword', 'semantic', 'hybrid'] as const;
type Mode = (typeof MODES)[number];

class UsageError extends Error {
  override name = 'UsageError';
}

function parseMode(value: string): Mode {
  const mode = MODES.find((m) => m === value);
  if (mode === undefined) throw new UsageError(`Unknown --mode "${value}"; use ${MODES.join(', ')}.`);
  return mode;
}

function parseNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} needs a number, got "${value}".`);
  return n;
}

interface Row {
  readonly mode: Mode;
  readonly scores: RetrievalScores;
  readonly note: string;
}

function table(rows: readonly Row[]): string {
  const lines = ['| mode | nDCG@10 | Recall@100 | MRR@10 | queries | time |', '|---|---|---|---|---|---|'];
  for (const { mode, scores, note } of rows) {
    const f = (x: number): string => x.toFixed(4);
    lines.push(
      `| ${mode} | ${f(scores.ndcgAt10)} | ${f(scores.recallAt100)} | ${f(scores.mrrAt10)} | ${scores.queries} | ${note} |`,
    );
  }
  return lines.join('\n');
}

function main(): number {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      mode: { type: 'string', multiple: true },
      models: { type: 'string' },
      'min-ndcg': { type: 'string' },
      k1: { type: 'string' },
      b: { type: 'string' },
    },
  });
  if (values.dataset === undefined) throw new UsageError('--dataset DIR is required (a BEIR-layout folder).');
  const modes = (values.mode ?? ['keyword']).flatMap((m) => m.split(',')).map(parseMode);
  const minNdcg = parseNumber('min-ndcg', values['min-ndcg']);
  const k1 = parseNumber('k1', values.k1) ?? DEFAULT_BM25_SETTINGS.k1;
  const b = parseNumber('b', values.b) ?? DEFAULT_BM25_SETTINGS.b;

  const needsEmbedder = modes.filter((m) => m !== 'keyword');
  if (needsEmbedder.length > 0) {
    const reason =
      values.models === undefined
        ? 'it needs embedding weights (--models DIR)'
        : `no embedder is wired into the eval yet to load ${values.models}`;
    throw new UsageError(
      `Mode "${needsEmbedder.join('", "')}" cannot run: ${reason}. Keyword mode runs without a model.`,
    );
  }
  const dataset = loadBeir(values.dataset);
  console.log(
    `${dataset.name}: ${dataset.corpus.length} documents, ${dataset.queries.size} judged queries; BM25 k1=${k1} b=${b}\n`,
  );
  const rows: Row[] = [];
  for (const mode of modes) {
    const result = keywordRun(dataset, { k1, b });
    const note = `index ${Math.round(result.indexMs)} ms, ${(result.searchMs / dataset.queries.size).toFixed(2)} ms/query`;
    rows.push({ mode, scores: evaluateRun(result.run, dataset.qrels), note });
  }
  console.log(table(rows));
  if (minNdcg !== undefined) {
    const failing = rows.filter((r) => r.scores.ndcgAt10 < minNdcg);
    for (const r of failing) {
      console.error(`\n${r.mode}: nDCG@10 ${r.scores.ndcgAt10.toFixed(4)} is below the required ${minNdcg}.`);
    }
    if (failing.length > 0) return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
