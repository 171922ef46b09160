// `npx tsx scripts/eval/tune-bm25.ts [--dataset DIR]... ` — the sweep behind the keyword index
// defaults (ADR 0061). Analysis variants are indexed once each; scoring parameters (k1, b,
// field boosts) are then varied by reloading the same segments with a different header, which
// runs the real index code without re-analysing the corpus. Prints nDCG@10 per setting.

import { parseArgs } from 'node:util';
import { Bm25Index } from '../../src/core/bm25/bm25-index';
import { fromSegments, toSegments, type Bm25Segments } from '../../src/core/bm25/segments';
import { DEFAULT_BM25_SETTINGS, type Bm25Settings } from '../../src/core/bm25/settings';
import { evaluateRun } from '../../src/core/eval/metrics';
import type { AnalysisSettings } from '../../src/core/text/analyzer';
import { loadBeir, type BeirDataset } from './beir';
import { passagesOf } from './keyword-run';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', multiple: true },
    k1: { type: 'string', default: '0.6,0.9,1.2,1.5' },
    b: { type: 'string', default: '0.3,0.4,0.5,0.6,0.75' },
    'title-boost': { type: 'string', default: '1,1.5,2,3' },
    'skip-analysis': { type: 'boolean', default: false },
  },
});
const list = (csv: string): number[] => csv.split(',').map(Number);
const datasets = (
  values.dataset ?? ['../shared/data/beir-scifact/scifact', '../shared/data/cranfield/beir-format']
).map((dir) => loadBeir(dir));

function build(dataset: BeirDataset, analysis: AnalysisSettings): Bm25Segments {
  const index = new Bm25Index({ ...DEFAULT_BM25_SETTINGS, analysis });
  for (const doc of dataset.corpus) {
    for (const p of passagesOf(doc)) {
      index.add({ id: p.id, fields: { title: p.title, headings: p.headings, body: p.body } });
    }
  }
  return toSegments(index);
}

function ndcg(dataset: BeirDataset, segments: Bm25Segments, settings: Bm25Settings): number {
  const index = fromSegments({ ...segments, header: { ...segments.header, settings } });
  const run = new Map<string, string[]>();
  for (const [queryId, query] of dataset.queries) {
    const hits = index.search(query, 101).filter((h) => h.id !== queryId);
    run.set(
      queryId,
      hits.slice(0, 100).map((h) => h.id),
    );
  }
  return evaluateRun(run, dataset.qrels).ndcgAt10;
}

function withScoring(analysis: AnalysisSettings, k1: number, b: number, titleBoost: number): Bm25Settings {
  return {
    k1,
    b,
    analysis,
    fields: DEFAULT_BM25_SETTINGS.fields.map((f) => (f.name === 'title' ? { ...f, boost: titleBoost } : f)),
  };
}

const names = datasets.map((d) => d.name);
const base = DEFAULT_BM25_SETTINGS;
const analyses: [string, AnalysisSettings][] = [
  ['default: porter2, stop words, joined compounds', base.analysis],
  ['no stemming', { ...base.analysis, stemmer: 'none' }],
  ['no stop words', { ...base.analysis, stopWords: 'none' }],
  ['no joined compounds', { ...base.analysis, joinCompounds: false }],
  ['no stop words, no joined compounds', { ...base.analysis, stopWords: 'none', joinCompounds: false }],
];

if (!values['skip-analysis']) sweepAnalysis();

function sweepAnalysis(): void {
  console.log(`## Analysis (k1=${base.k1}, b=${base.b}, boosts 1)\n`);
  console.log(`| analysis | ${names.join(' | ')} |\n|---|${names.map(() => '---').join('|')}|`);
  for (const [label, analysis] of analyses) {
    const scores = datasets.map((d) =>
      ndcg(d, build(d, analysis), withScoring(analysis, base.k1, base.b, 1)),
    );
    console.log(`| ${label} | ${scores.map((s) => s.toFixed(4)).join(' | ')} |`);
  }
}

console.log(`\n## Scoring (default analysis)\n`);
console.log(
  `| k1 | b | title boost | ${names.join(' | ')} |\n|---|---|---|${names.map(() => '---').join('|')}|`,
);
const segments = datasets.map((d) => build(d, base.analysis));
for (const k1 of list(values.k1)) {
  for (const b of list(values.b)) {
    for (const titleBoost of list(values['title-boost'])) {
      const scores = datasets.map((d, i) =>
        ndcg(d, segments[i] ?? build(d, base.analysis), withScoring(base.analysis, k1, b, titleBoost)),
      );
      console.log(`| ${k1} | ${b} | ${titleBoost} | ${scores.map((s) => s.toFixed(4)).join(' | ')} |`);
    }
  }
}
