import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/core/eval/metrics';
import { MODELS_ROOT } from '../models/generate';
import { PIPELINE_TIMEOUT_MS, useGeneratedModels } from '../models/test-models';
import { loadBeir } from './beir';
import { keywordRun } from './keyword-run';
import { runEval, table, type Row } from './report';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'tiny-beir');
const MODEL = join(MODELS_ROOT, 'test', 'embed-bert');
const ALL_ROWS = [
  'keyword',
  'semantic',
  'keyword (passages)',
  'hybrid rrf k=60',
  'hybrid convex α=0.3',
  'hybrid convex α=0.5',
  'hybrid convex α=0.7',
];

function byMode(rows: readonly Row[], mode: string): Row {
  const row = rows.find((r) => r.mode === mode);
  if (!row) throw new Error(`no row for ${mode}`);
  return row;
}

describe('runEval', () => {
  let cacheDir = '';

  beforeAll(() => {
    useGeneratedModels('test/embed-bert');
    cacheDir = mkdtempSync(join(tmpdir(), 'eval-vectors-'));
  }, PIPELINE_TIMEOUT_MS);

  afterAll(() => {
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it(
    'scores every mode with all metrics in range and marks the random-weight model',
    async () => {
      const dataset = loadBeir(FIXTURE);
      const report = await runEval(dataset, {
        modes: ['keyword', 'semantic', 'hybrid'],
        modelsDir: MODEL,
        cacheDir,
      });
      expect(report.rows.map((r) => r.mode)).toEqual(ALL_ROWS);
      for (const { scores } of report.rows) {
        expect(scores.queries).toBe(5);
        for (const x of [scores.ndcgAt10, scores.recallAt100, scores.mrrAt10]) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
        }
        // Six documents, all within the top 100 of any list that reaches them.
        expect(scores.recallAt100).toBeGreaterThan(0);
      }
      // Distinctive words: BM25 puts each judged document first.
      expect(byMode(report.rows, 'keyword').scores.mrrAt10).toBe(1);
      expect(byMode(report.rows, 'keyword (passages)').scores.mrrAt10).toBe(1);
      expect(report.notes.some((n) => n.includes('random-weight test model'))).toBe(true);
      expect(report.notes.some((n) => n.includes('matches no registry entry'))).toBe(true);
      // The long glacier document is split by the chunker into several passages.
      expect(report.notes.join(' ')).toMatch(/6 documents → (\d{2,}|[7-9]) passages/);
      const text = table(report.rows);
      for (const mode of ALL_ROWS) expect(text).toContain(`| ${mode} |`);
      expect(text).toContain('| nDCG@10 | Recall@100 | MRR@10 |');
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'leaves keyword mode as it was when an embedder runs beside it',
    async () => {
      const dataset = loadBeir(FIXTURE);
      const alone = await runEval(dataset, { modes: ['keyword'] });
      const all = await runEval(dataset, { modes: ['keyword', 'hybrid'], modelsDir: MODEL, cacheDir });
      const direct = evaluateRun(keywordRun(dataset).run, dataset.qrels);
      expect(alone.rows.map((r) => r.mode)).toEqual(['keyword']);
      expect(byMode(alone.rows, 'keyword').scores).toEqual(direct);
      expect(byMode(all.rows, 'keyword').scores).toEqual(direct);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'reuses cached passage vectors on a second run with the same scores',
    async () => {
      const dataset = loadBeir(FIXTURE);
      const first = await runEval(dataset, { modes: ['semantic'], modelsDir: MODEL, cacheDir });
      expect(readdirSync(cacheDir).filter((f) => f.endsWith('.f32'))).toHaveLength(1);
      const second = await runEval(dataset, { modes: ['semantic'], modelsDir: MODEL, cacheDir });
      expect(second.notes.join(' ')).toContain('passage vectors from cache');
      expect(byMode(second.rows, 'semantic').scores).toEqual(byMode(first.rows, 'semantic').scores);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it('refuses semantic mode without a model folder', async () => {
    await expect(runEval(loadBeir(FIXTURE), { modes: ['semantic'] })).rejects.toThrow(/--models DIR/);
  });
});
