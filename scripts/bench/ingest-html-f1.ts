// Main-content extraction quality on the Readability test pages: token F1 of our HTML parser's
// text against each page's expected.html, printed as a markdown table with the mean.
// Run: npx tsx scripts/bench/ingest-html-f1.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHtmlString } from '../../src/ingest/parsers/html';
import { htmlText, tokenF1 } from '../../src/ingest/parsers/token-f1';

const root = join(import.meta.dirname, '../../../shared/data/html-readability-testpages');
const rows: { page: string; f1: number; ms: number }[] = [];
for (const page of readdirSync(root).sort()) {
  const dir = join(root, page);
  const started = performance.now();
  const doc = parseHtmlString(readFileSync(join(dir, 'source.html'), 'utf8'));
  const ms = performance.now() - started;
  const text = doc.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
  rows.push({ page, f1: tokenF1(text, htmlText(readFileSync(join(dir, 'expected.html'), 'utf8'))), ms });
}
console.log('| page | token F1 | ms |\n|---|---:|---:|');
for (const r of rows) console.log(`| ${r.page} | ${r.f1.toFixed(3)} | ${r.ms.toFixed(0)} |`);
const mean = rows.reduce((s, r) => s + r.f1, 0) / rows.length;
const sorted = rows.map((r) => r.f1).sort((a, b) => a - b);
console.log(
  `\n${rows.length} pages, mean F1 ${mean.toFixed(3)}, median ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(3)}, min ${(sorted[0] ?? 0).toFixed(3)}`,
);
