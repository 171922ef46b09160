// `npx tsx scripts/eval/calibrate-abstain.ts [--models DIR]` — calibrates the chat's abstain thresholds
// (ADR 0121): keyword, on BM25 evidence from the real index; and with --models DIR (a local
// transformers.js embedding model folder) semantic, on the mean of the top 3 cosine similarities between
// the question and the real chunker's passages, as the search worker reports them. Its output ends with
// the entry to add to SEMANTIC_CALIBRATIONS (src/core/rag/calibrations.ts) for that model. Answerable: SciFact test claims over the SciFact
// corpus. Unanswerable, two kinds: Cranfield questions (another field: aerodynamics) against the same
// corpus, and — the harder, in-domain kind — SciFact claims whose judged documents are held out of the
// index. Thresholds are chosen on one half of the questions and reported on the other (2-fold), so
// the printed numbers are not measured on the data that chose them.
import { parseArgs } from 'node:util';
import { Bm25Index } from '../../src/core/bm25/bm25-index';
import {
  evidenceScore,
  SEMANTIC_TOP,
  type AbstainCalibration,
  type RetrievalEvidence,
} from '../../src/core/rag/abstain';
import { calibrateThreshold, rocAuc, type LabelledScore } from '../../src/core/rag/calibrate';
import { analyzeQuery, analyzeTerms } from '../../src/core/text/analyzer';
import { loadBeir, type BeirDataset } from './beir';
import { loadEmbedder, type EvalEmbedder } from './embedder';
import { chunkCorpus, type EvalPassage } from './passages';
import { cacheKey, DEFAULT_CACHE_DIR, readVectors, writeVectors } from './vector-cache';

const { values } = parseArgs({
  options: {
    scifact: { type: 'string', default: '../shared/data/beir-scifact/scifact' },
    cranfield: { type: 'string', default: '../shared/data/cranfield/beir-format' },
    precision: { type: 'string', default: '0.9' },
    models: { type: 'string' },
    cache: { type: 'string', default: DEFAULT_CACHE_DIR },
  },
});

interface Sample {
  readonly id: string;
  readonly isAnswerable: boolean;
  readonly evidence: RetrievalEvidence;
}

function buildIndex(dataset: BeirDataset, without: ReadonlySet<string>) {
  const index = new Bm25Index();
  const text = new Map<string, string>();
  for (const doc of dataset.corpus) {
    if (without.has(doc.id)) continue;
    index.add({ id: doc.id, fields: { title: doc.title, headings: '', body: doc.text } });
    text.set(doc.id, `${doc.title} ${doc.text}`);
  }
  return { index, text };
}

/** Passage vectors of the corpus by one embedding model, and the query side of it. */
interface DenseSide {
  readonly embedder: EvalEmbedder;
  readonly passages: readonly EvalPassage[];
  readonly vectors: Float32Array;
  readonly queryVectors: Map<string, Float32Array>;
}

const SEMANTIC_DEPTH = 3;

/** The strongest cosine similarities of a query among the passages of documents not held out. */
function semanticEvidence(dense: DenseSide, queryKey: string, without: ReadonlySet<string>): number[] {
  const q = dense.queryVectors.get(queryKey);
  if (!q) return [];
  const dims = dense.embedder.dims;
  const top: number[] = [];
  dense.passages.forEach((passage, row) => {
    if (without.has(passage.docId)) return;
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += (q[d] ?? 0) * (dense.vectors[row * dims + d] ?? 0);
    if (top.length < SEMANTIC_DEPTH || dot > (top[top.length - 1] ?? -Infinity)) {
      top.push(dot);
      top.sort((a, b) => b - a);
      top.length = Math.min(top.length, SEMANTIC_DEPTH);
    }
  });
  return top;
}

async function loadDense(
  dir: string,
  scifactData: BeirDataset,
  cranfieldData: BeirDataset,
): Promise<DenseSide> {
  const embedder = await loadEmbedder(dir);
  const passages = chunkCorpus(scifactData.corpus, (text) => embedder.countTokens(text));
  const key = cacheKey(embedder.fingerprint, passages);
  let vectors = readVectors(values.cache, key, passages.length, embedder.dims);
  if (!vectors) {
    vectors = new Float32Array(passages.length * embedder.dims);
    for (let start = 0; start < passages.length; start += 256) {
      const slice = passages.slice(start, start + 256).map((p) => p.embedText);
      vectors.set(await embedder.embed(slice, 'passage'), start * embedder.dims);
      console.error(
        `embedded ${String(Math.min(start + 256, passages.length))}/${String(passages.length)} passages`,
      );
    }
    writeVectors(values.cache, key, vectors, embedder.dims);
  }
  const queries = [
    ...[...scifactData.queries].map(([id, q]) => [id, q] as const),
    ...[...cranfieldData.queries].map(([id, q]) => [`cran-${id}`, q] as const),
  ];
  const flat = await embedder.embed(
    queries.map(([, q]) => q),
    'query',
  );
  const queryVectors = new Map(
    queries.map(([id], i) => [id, flat.subarray(i * embedder.dims, (i + 1) * embedder.dims)] as const),
  );
  return { embedder, passages, vectors, queryVectors };
}

function evidenceFor(
  built: ReturnType<typeof buildIndex>,
  query: string,
  semantic: readonly number[] = [],
): RetrievalEvidence {
  const hits = built.index.search(query, 10);
  const terms = new Set(analyzeQuery(query).terms);
  const best = hits[0];
  const bestTerms = new Set(best ? analyzeTerms(built.text.get(best.id) ?? '') : []);
  return {
    passageCount: hits.length,
    semantic,
    keyword: best?.score,
    queryTerms: terms.size,
    matchedTerms: [...terms].filter((t) => bestTerms.has(t)).length,
  };
}

/** Deterministic split of ids into two folds (a high bit of the FNV-1a hash; its low bit is just parity). */
function fold(id: string): 0 | 1 {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return ((h >>> 0) >>> 16) % 2 === 0 ? 0 : 1;
}

const scifact = loadBeir(values.scifact);
const cranfield = loadBeir(values.cranfield);
const full = buildIndex(scifact, new Set());
const dense = values.models === undefined ? undefined : await loadDense(values.models, scifact, cranfield);
const noDocs: ReadonlySet<string> = new Set();

// In-domain unanswerable: about a quarter of the claims (by hash) lose their judged documents.
const heldOutQueries = [...scifact.queries.keys()].filter(
  (id) => fold(`held:${id}`) === 0 && fold(`x:${id}`) === 0,
);
const heldOutDocs = new Set(heldOutQueries.flatMap((id) => [...(scifact.qrels.get(id)?.keys() ?? [])]));
const reduced = buildIndex(scifact, heldOutDocs);

const semanticOf = (key: string, without: ReadonlySet<string>): number[] =>
  dense ? semanticEvidence(dense, key, without) : [];
const answerable: Sample[] = [...scifact.queries]
  .filter(([id]) => ![...(scifact.qrels.get(id)?.keys() ?? [])].some((d) => heldOutDocs.has(d)))
  .map(([id, q]) => ({
    id,
    isAnswerable: true,
    evidence: evidenceFor(reduced, q, semanticOf(id, heldOutDocs)),
  }));
const heldOut: Sample[] = heldOutQueries.map((id) => ({
  id,
  isAnswerable: false,
  evidence: evidenceFor(reduced, scifact.queries.get(id) ?? '', semanticOf(id, heldOutDocs)),
}));
const offTopic: Sample[] = [...cranfield.queries].map(([id, q]) => ({
  id: `cran-${id}`,
  isAnswerable: false,
  evidence: evidenceFor(full, q, semanticOf(`cran-${id}`, noDocs)),
}));

const features: Record<string, (e: RetrievalEvidence) => number | undefined> = {
  'bm25 × coverage (chosen)': (e) => evidenceScore(e, 'keyword'),
  'bm25 (raw best score)': (e) => e.keyword,
  'bm25 / query terms': (e) => (e.keyword === undefined ? undefined : e.keyword / Math.max(1, e.queryTerms)),
  'coverage only': (e) => (e.queryTerms === 0 ? undefined : e.matchedTerms / e.queryTerms),
  ...(dense
    ? {
        [`semantic: mean of top ${String(SEMANTIC_TOP)} cosine (chosen)`]: (e: RetrievalEvidence) =>
          evidenceScore(e, 'semantic'),
        'semantic: best cosine': (e: RetrievalEvidence) => e.semantic[0],
      }
    : {}),
};

const labelled = (
  samples: readonly Sample[],
  f: (e: RetrievalEvidence) => number | undefined,
): LabelledScore[] => samples.map((s) => ({ score: f(s.evidence) ?? 0, isAnswerable: s.isAnswerable }));

const fmt = (x: number) => x.toFixed(3);
const minPrecision = Number(values.precision);

for (const [name, negatives] of [
  ['off-topic (Cranfield)', offTopic],
  ['held-out documents (SciFact)', heldOut],
  ['both', [...offTopic, ...heldOut]],
] as const) {
  const samples = [...answerable, ...negatives];
  console.log(`\n## ${name}: ${answerable.length} answerable, ${negatives.length} unanswerable`);
  console.log(
    `| evidence | AUC | F1 threshold | held-out F1 | P≥${minPrecision} threshold | held-out P / R |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [label, f] of Object.entries(features)) {
    const all = labelled(samples, f);
    const byFold = [0, 1].map((k) =>
      labelled(
        samples.filter((s) => fold(s.id) === k),
        f,
      ),
    );
    const heldOutF1: number[] = [];
    const heldOutPR: [number, number][] = [];
    for (const k of [0, 1] as const) {
      const train = byFold[k] ?? [];
      const test = byFold[1 - k] ?? [];
      const f1Choice = calibrateThreshold(train, { objective: 'f1' });
      const pChoice = calibrateThreshold(train, { objective: 'precision', minPrecision });
      const evalAt = (t: number) => {
        const answered = test.filter((s) => s.score >= t);
        const tp = answered.filter((s) => s.isAnswerable).length;
        const pos = test.filter((s) => s.isAnswerable).length;
        const p = answered.length === 0 ? 1 : tp / answered.length;
        const r = pos === 0 ? 0 : tp / pos;
        return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
      };
      heldOutF1.push(evalAt(f1Choice.threshold).f1);
      const at = evalAt(pChoice.threshold);
      heldOutPR.push([at.p, at.r]);
    }
    const f1All = calibrateThreshold(all, { objective: 'f1' });
    const pAll = calibrateThreshold(all, { objective: 'precision', minPrecision });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `| ${label} | ${fmt(rocAuc(all))} | ${fmt(f1All.threshold)} (F1 ${fmt(f1All.f1)}) | ${fmt(mean(heldOutF1))} | ` +
        `${fmt(pAll.threshold)} (R ${fmt(pAll.recall)}) | ${fmt(mean(heldOutPR.map((x) => x[0])))} / ${fmt(mean(heldOutPR.map((x) => x[1])))} |`,
    );
  }
}

const chosen = calibrateThreshold(
  labelled([...answerable, ...offTopic, ...heldOut], features['bm25 × coverage (chosen)'] ?? (() => 0)),
  {
    objective: 'f1',
  },
);
console.log('\nKeyword calibration (both kinds of unanswerable, best F1):');
console.log(JSON.stringify(chosen, null, 2));

if (dense) {
  const all = [...answerable, ...offTopic, ...heldOut];
  const choice = calibrateThreshold(
    labelled(all, (e) => evidenceScore(e, 'semantic')),
    { objective: 'f1' },
  );
  const entry: AbstainCalibration = {
    feature: 'semantic',
    modelKey: dense.embedder.modelId,
    ...choice,
    measuredOn: `mean of the top ${String(SEMANTIC_TOP)} cosine similarities over ${String(dense.passages.length)} SciFact passages; ${String(answerable.length)} SciFact test claims (answerable) vs ${String(offTopic.length)} Cranfield questions and ${String(heldOut.length)} SciFact claims with their documents held out (unanswerable); best F1`,
  };
  console.log(`\nSemantic calibration for ${dense.embedder.modelId} (add to SEMANTIC_CALIBRATIONS):`);
  if (dense.embedder.isTestModel) {
    console.log('(a generated random-weight model: this threshold says nothing about a real one)');
  }
  console.log(JSON.stringify(entry, null, 2));
  await dense.embedder.dispose();
}
