// `npm run eval -- --dataset DIR [--mode keyword|semantic|hybrid|all] [--models DIR] [--min-ndcg X]`
// Measures retrieval quality on a BEIR-layout test set and prints one markdown table of nDCG@10,
// Recall@100 and MRR@10 per mode (report.ts). Semantic and hybrid load the embedding model in
// --models DIR (local files only) and cache passage vectors under --cache DIR. With --min-ndcg it
// exits non-zero when any row falls short, so CI can hold the line. Progress goes to stderr.

import { parseArgs } from 'node:util';
import { loadBeir } from './beir';
import { DEFAULT_ALPHAS, MODES, runEval, table, type Mode } from './report';
import { DEFAULT_CACHE_DIR } from './vector-cache';
import { defined } from '../../src/core/defined';

class UsageError extends Error {
  override name = 'UsageError';
}

function parseModes(values: readonly string[]): Mode[] {
  const out = new Set<Mode>();
  for (const value of values.flatMap((v) => v.split(','))) {
    if (value === 'all') {
      for (const m of MODES) out.add(m);
      continue;
    }
    const mode = MODES.find((m) => m === value);
    if (mode === undefined)
      throw new UsageError(`Unknown --mode "${value}"; use ${MODES.join(', ')} or all.`);
    out.add(mode);
  }
  return MODES.filter((m) => out.has(m));
}

function parseNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} needs a number, got "${value}".`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      mode: { type: 'string', multiple: true },
      models: { type: 'string' },
      'min-ndcg': { type: 'string' },
      k1: { type: 'string' },
      b: { type: 'string' },
      alphas: { type: 'string' },
      cache: { type: 'string' },
    },
  });
  if (values.dataset === undefined) throw new UsageError('--dataset DIR is required (a BEIR-layout folder).');
  const modes = parseModes(values.mode ?? ['keyword']);
  const minNdcg = parseNumber('min-ndcg', values['min-ndcg']);
  const k1 = parseNumber('k1', values.k1);
  const b = parseNumber('b', values.b);
  const alphas =
    values.alphas === undefined
      ? DEFAULT_ALPHAS
      : values.alphas.split(',').map((a) => {
          const n = parseNumber('alphas', a) ?? NaN;
          if (!(n >= 0 && n <= 1)) throw new UsageError(`--alphas wants weights in [0, 1], got "${a}".`);
          return n;
        });
  if (modes.some((m) => m !== 'keyword') && values.models === undefined) {
    throw new UsageError(
      'Semantic and hybrid modes need an embedding model folder: --models DIR (config.json, tokenizer, onnx/model.onnx). Keyword mode runs without one.',
    );
  }
  const dataset = loadBeir(values.dataset);
  console.log(
    `${dataset.name}: ${String(dataset.corpus.length)} documents, ${String(dataset.queries.size)} judged queries\n`,
  );
  const report = await runEval(dataset, {
    modes,
    bm25: { ...defined({ k1, b }) },
    ...defined({ modelsDir: values.models }),
    alphas,
    cacheDir: values.cache ?? DEFAULT_CACHE_DIR,
    progress: (line) => {
      console.error(line);
    },
  });
  for (const note of report.notes) console.log(`> ${note}\n`);
  console.log(table(report.rows));
  if (minNdcg !== undefined) {
    const failing = report.rows.filter((r) => r.scores.ndcgAt10 < minNdcg);
    for (const r of failing) {
      console.error(
        `\n${r.mode}: nDCG@10 ${r.scores.ndcgAt10.toFixed(4)} is below the required ${String(minNdcg)}.`,
      );
    }
    if (failing.length > 0) return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  },
);
