// Search bench: ours (f32, int8) against exact brute force, hnswlib-node and MeMemo on the same
// vectors in one run, in Node; then the cold load of a 100k library in Chromium (search-load.ts: the
// production build's search worker to its first semantic answer, target 1 s, beside a raw IndexedDB
// read of the same bytes). Prints markdown and writes bench-results/search.md.
//   npm run bench:search                                  10k, all sets, and the cold load (a few minutes)
//   npm run bench:search -- --sizes 10000,100000          adds the 100k runs (about an hour)
//   npm run bench:search -- --sets text --sizes 100000    the headline only
//   npm run bench:search -- --vectors FILE.f32 [--query-vectors Q.f32] [--dims 384]
//   npm run bench:search -- --only-load                   the cold load only (about a minute)
//   THINKBANK_OUT=dist-x THINKBANK_PORT=4610 npm run bench:search -- --only-load --no-build
// Other flags: --queries 200, --efs 16,32,64,128,256, --mememo-max 2000 (MeMemo builds ~60
// vectors/s at 10k, so above this size it runs on the first N vectors only, marked in the table);
// --skip-load (Node only), --load-runs 5, --no-build (reuse the build in $THINKBANK_OUT, default
// dist-bench, made by this bench: it holds the bench page), --json (one JSON object last: sets[] with
// each set's query and build rows, and load, the cold-load figures or null; progress goes to stderr).
// ours int8 reuses the graph ours f32 built (inserts walk on floats in both modes), so its build
// time is the f32 build plus quantisation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { row } from '../../src/core/hnsw/synthetic-vectors';
import type { VectorSet } from '../../src/core/hnsw/synthetic-vectors';
import {
  bruteForceEngine,
  EF_CONSTRUCTION,
  hnswlibEngine,
  M,
  mememoEngine,
  oursEngine,
} from './search-engines';
import type { Engine } from './search-engines';
import { benchSearchLoad, loadReport, type SearchLoadResult } from './search-load';
import { buildTable, headline, queryTable } from './search-report';
import type { BuildRow, QueryRow } from './search-report';
import { fileSet, syntheticSet, textSet } from './search-vectors';
import type { BenchSet } from './search-vectors';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    sets: { type: 'string', default: 'uniform,clustered,text' },
    queries: { type: 'string', default: '200' },
    efs: { type: 'string', default: '16,32,64,128,256' },
    'mememo-max': { type: 'string', default: '2000' },
    engines: { type: 'string', default: 'f32,int8,brute,hnswlib,mememo' },
    vectors: { type: 'string' },
    'query-vectors': { type: 'string' },
    dims: { type: 'string', default: '384' },
    out: { type: 'string', default: 'bench-results/search.md' },
    'only-load': { type: 'boolean', default: false },
    'skip-load': { type: 'boolean', default: false },
    'load-runs': { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const OUT = process.env['THINKBANK_OUT'] ?? 'dist-bench';
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4208);
/** Progress and the report; with --json they go to stderr, so the JSON object is stdout's last line. */
const say = (text: string): void => {
  (args.json ? process.stderr : process.stdout).write(`${text}\n`);
};
const list = (s: string): string[] => s.split(',').filter(Boolean);
const sizes = list(args.sizes).map(Number);
const efs = list(args.efs).map(Number);
const nq = Number(args.queries);
const dims = Number(args.dims);
const mememoMax = Number(args['mememo-max']);
const wanted = new Set(list(args.engines));
const K = 10;

function subset(set: VectorSet, n: number): VectorSet {
  return { dims: set.dims, count: n, data: set.data.subarray(0, n * set.dims) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function measureQueries(
  engine: Engine,
  queries: VectorSet,
  ef: number,
  truth: number[][],
): Promise<Omit<QueryRow, 'engine' | 'n'>> {
  for (let q = 0; q < Math.min(queries.count, 50); q++) await engine.search(row(queries, q), K, ef);
  const times: number[] = [];
  let found = 0;
  for (let q = 0; q < queries.count; q++) {
    const start = performance.now();
    const ids = await engine.search(row(queries, q), K, ef);
    times.push(performance.now() - start);
    const expected = new Set(truth[q]);
    for (const id of ids) if (expected.has(id)) found++;
  }
  times.sort((a, b) => a - b);
  return {
    ef,
    recall: found / (queries.count * K),
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
  };
}

async function exactTruth(
  base: VectorSet,
  queries: VectorSet,
): Promise<{ truth: number[][]; row: QueryRow }> {
  const brute = bruteForceEngine();
  await brute.build(base);
  const truth: number[][] = [];
  const times: number[] = [];
  for (let q = 0; q < queries.count; q++) {
    const start = performance.now();
    truth.push(await brute.search(row(queries, q), K, 0));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const stats = {
    engine: brute.name,
    n: base.count,
    ef: undefined,
    recall: 1,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
  };
  return { truth, row: stats };
}

async function runEngine(
  engine: Engine,
  base: VectorSet,
  queries: VectorSet,
  truth: number[][],
  queryRows: QueryRow[],
  buildRows: BuildRow[],
): Promise<void> {
  const start = performance.now();
  const reported = await engine.build(base);
  const buildMs = reported ?? performance.now() - start;
  const { bytes, loadMs } = await engine.persist();
  buildRows.push({ engine: engine.name, n: base.count, buildMs, bytes, loadMs });
  for (const ef of efs)
    queryRows.push({
      engine: engine.name,
      n: base.count,
      ...(await measureQueries(engine, queries, ef, truth)),
    });
  engine.dispose();
  say(`  ${engine.name}: built in ${(buildMs / 1000).toFixed(1)} s`);
}

interface SetResult {
  name: string;
  n: number;
  dims: number;
  queries: number;
  query: QueryRow[];
  build: BuildRow[];
}

async function benchSet(set: BenchSet): Promise<{ section: string; result: SetResult }> {
  const { base, queries } = set;
  say(`${set.name}, ${base.count} × ${base.dims}`);
  const queryRows: QueryRow[] = [];
  const buildRows: BuildRow[] = [];
  const exact = await exactTruth(base, queries);
  const engines: Engine[] = [];
  if (wanted.has('hnswlib')) engines.push(hnswlibEngine());
  const shared = { buildMs: 0 };
  if (wanted.has('f32')) engines.push(oursEngine('none', shared));
  if (wanted.has('int8')) engines.push(oursEngine('int8', shared));
  for (const engine of engines) await runEngine(engine, base, queries, exact.truth, queryRows, buildRows);
  if (wanted.has('brute')) {
    queryRows.push(exact.row);
    buildRows.push({
      engine: exact.row.engine,
      n: base.count,
      buildMs: 0,
      bytes: base.data.byteLength,
      loadMs: 0,
    });
  }
  if (wanted.has('mememo')) {
    const small = base.count > mememoMax ? subset(base, mememoMax) : base;
    const truth = small === base ? exact.truth : (await exactTruth(small, queries)).truth;
    await runEngine(mememoEngine(), small, queries, truth, queryRows, buildRows);
  }
  const capped =
    wanted.has('mememo') && base.count > mememoMax
      ? `\n\nMeMemo ran on the first ${mememoMax} vectors only (its build is too slow for ${base.count}); its recall is against exact search over those ${mememoMax}, and its ratios are against hnswlib at ${base.count}, so read them as an upper bound.`
      : '';
  const names = [...new Set(queryRows.map((r) => r.engine))].filter((e) => e !== 'exact brute force');
  const section = [
    `### ${set.name}: n = ${base.count} × ${base.dims}, ${queries.count} queries, k = ${K}`,
    '',
    headline(
      queryRows.filter((r) => r.n === base.count),
      names.filter((e) => e !== 'MeMemo' || !capped),
    ),
    '',
    queryTable(queryRows),
    '',
    buildTable(buildRows) + capped,
    '',
  ].join('\n');
  const result = {
    name: set.name,
    n: base.count,
    dims: base.dims,
    queries: queries.count,
    query: queryRows,
    build: buildRows,
  };
  return { section, result };
}

function loadSet(name: string, n: number): BenchSet {
  if (args.vectors) return fileSet(args.vectors, dims, n, nq, args['query-vectors']);
  if (name === 'text') return textSet(n, nq, dims);
  if (name === 'uniform' || name === 'clustered') return syntheticSet(name, n, nq, dims);
  throw new Error(`Unknown set ${name}; use uniform, clustered, text or --vectors FILE.`);
}

async function main(): Promise<void> {
  const sections: string[] = [];
  const sets: SetResult[] = [];
  if (!args['only-load']) {
    const setNames = args.vectors ? ['file'] : list(args.sets);
    for (const n of sizes) {
      for (const name of setNames) {
        const { section, result } = await benchSet(loadSet(name, n));
        sections.push(section);
        sets.push(result);
      }
    }
  }
  let load: SearchLoadResult | null = null;
  if (!args['skip-load']) {
    load = await benchSearchLoad({
      outDir: OUT,
      port: PORT,
      build: !args['no-build'],
      runs: Number(args['load-runs']),
      log: say,
    });
    sections.push(loadReport(load));
  }
  const node =
    sets.length > 0
      ? [
          `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), single thread; M = ${M}, efConstruction = ${EF_CONSTRUCTION} for every HNSW.`,
          'Ratios are from this one run. p50/p95 are per query, after a warm-up pass. Index MB is the persisted size; load ms is the time to get a searchable index back from it.',
        ]
      : [`${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}).`];
  const report = [
    '## Search bench',
    '',
    `${new Date().toISOString()}, load average at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}. ${node.join(' ')}`,
    '',
    ...sections,
  ].join('\n');
  say(`\n${report}`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(args.out, report);
  if (args.json) console.log(JSON.stringify({ sets, load }));
}

await main();
