// PDF text extraction speed: our parser (pdf.js legacy build + layout, in Node) against
// `pdftotext -layout` (poppler) on the real documents of the PDF corpus, in one run, printed as a
// markdown table with pages/s and the ratio; then the same PDFs end to end through the real app in
// Chromium (scripts/bench/ingest-app.ts): intake → parse → chunk → embed → index, in passages/s.
// Run: npm run bench:ingest  (needs /usr/bin/pdftotext and /usr/bin/chromium)
//   --no-app: the parser table only; --no-build: reuse the build in $THINKBANK_OUT (default dist), which
//   must have the generated models linked; the app is served on $THINKBANK_PORT (default 4173).
import '../test-setup-node';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePdf } from '../../src/ingest/parsers/pdf/parse-pdf';
import { benchIngestInApp } from './ingest-app';
import { nodePdfOptions } from '../../src/ingest/parsers/pdf/pdfjs-node';

const corpus = join(import.meta.dirname, '../../../shared/data/pdf-corpus');
const REPEATS = 3;
const files = readFileSync(join(corpus, 'manifest.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((row) => row.split(','))
  .filter((cells) => cells[1] === 'real-document')
  .map((cells) => cells[0] ?? '');

function best(run: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

async function bestAsync(run: () => Promise<unknown>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

await parsePdf(readFileSync(join(corpus, files[0] ?? '')), nodePdfOptions); // warm-up: module load, JIT
console.log(`best of ${REPEATS} runs each\n`);
console.log(
  '| file | pages | ours ms | ours pages/s | pdftotext ms | pdftotext pages/s | ours / pdftotext time |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
let totalPages = 0;
let totalOurs = 0;
let totalPoppler = 0;
for (const file of files) {
  const path = join(corpus, file);
  const bytes = readFileSync(path);
  const doc = await parsePdf(bytes, nodePdfOptions);
  const pages = doc.metadata.pageCount ?? 0;
  const ours = await bestAsync(() => parsePdf(bytes, nodePdfOptions));
  const poppler = best(() =>
    execFileSync('/usr/bin/pdftotext', ['-layout', path, '-'], { maxBuffer: 1 << 28 }),
  );
  totalPages += pages;
  totalOurs += ours;
  totalPoppler += poppler;
  const rate = (ms: number) => ((pages * 1000) / ms).toFixed(1);
  console.log(
    `| ${file} | ${pages} | ${ours.toFixed(0)} | ${rate(ours)} | ${poppler.toFixed(0)} | ${rate(poppler)} | ${(ours / poppler).toFixed(1)}× |`,
  );
}
const rate = (ms: number) => ((totalPages * 1000) / ms).toFixed(1);
console.log(
  `| **all** | ${totalPages} | ${totalOurs.toFixed(0)} | ${rate(totalOurs)} | ${totalPoppler.toFixed(0)} | ${rate(totalPoppler)} | ${(totalOurs / totalPoppler).toFixed(1)}× |`,
);

if (!process.argv.includes('--no-app')) {
  const app = await benchIngestInApp(
    files.map((file) => join(corpus, file)),
    {
      outDir: process.env['THINKBANK_OUT'] ?? 'dist',
      port: Number(process.env['THINKBANK_PORT'] ?? 4173),
      build: !process.argv.includes('--no-build'),
    },
  );
  const seconds = app.ms / 1000;
  console.log(`\nEnd to end in the app (${app.device}, embedder bench/embed-minilm-l6, 2 jobs at a time)\n`);
  console.log('| files | succeeded | pages | passages | total s | pages/s | passages/s |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${String(app.files)} | ${String(app.succeeded)} | ${String(app.pages)} | ${String(app.passages)} | ${seconds.toFixed(1)} | ${(app.pages / seconds).toFixed(1)} | ${(app.passages / seconds).toFixed(1)} |`,
  );
  const stages = Object.entries(app.stageMs)
    .map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
  console.log(`\nTime in each stage, summed over jobs (they overlap): ${stages}`);
}
