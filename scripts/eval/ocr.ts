// OCR quality: ThinkBank's OCR (PP-OCRv4 with its trained weights, in the vision worker of the production
// build, in Chromium) over a folder laid out like ../shared/data/ocr-pages (manifest.csv with id,
// condition, image, truth; images/; truth/), scored by CER after NFKC + whitespace folding (reading
// order counts) and order-free word F1, beside Tesseract 5 (the Debian CLI) on the same images in the
// same run. Prints a table per condition; with --json, one JSON object on the last line:
//   {"ours":{"all":{"cer","wordF1"},"clean":{…},…},"tesseract":{…},"pages":N,"oursPagesPerSecond":…}
//   npm run eval:ocr                               all pages of ../shared/data/ocr-pages
//   npm run eval:ocr -- --dataset DIR --limit 6 --no-build --json
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { chromium } from 'playwright';
import { startPreview } from '../bench/preview';
import { averages, OCR_PAGES_DIR, readManifest, score, type Score } from './ocr-pages';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: OCR_PAGES_DIR },
    'no-build': { type: 'boolean', default: false },
    limit: { type: 'string' },
    condition: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const OUT = process.env['THINKBANK_OUT'] ?? 'dist-eval';
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4211);
const MINUTE = 60_000;
const log = (line: string): void => {
  if (args.json) console.error(line);
  else console.log(line);
};

const runTesseract = promisify(execFile);

async function main(): Promise<void> {
  if (spawnSync('tesseract', ['--version']).status !== 0) {
    throw new Error('Tesseract is needed as the anchor: apt-get install -y tesseract-ocr');
  }
  let pages = readManifest(args.dataset);
  if (args.condition) pages = pages.filter((p) => p.condition === args.condition);
  if (args.limit) pages = pages.slice(0, Number(args.limit));
  if (!args['no-build']) {
    const built = spawnSync('npx', ['vite', 'build', '--outDir', OUT, '--emptyOutDir'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('vite build failed');
  }
  if (!existsSync(join(OUT, 'index.html'))) throw new Error(`No build in ${OUT}: run without --no-build`);
  const server = await startPreview(OUT, PORT);
  const profile = mkdtempSync(join(tmpdir(), 'thinkbank-ocr-eval-'));
  const ours: { condition: string; score: Score }[] = [];
  const theirs: { condition: string; score: Score }[] = [];
  let oursMs = 0;
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      baseURL: `http://localhost:${String(PORT)}/`,
      args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10 * MINUTE);
    await page.goto('./#/models');
    const status = page.getByTestId('ocr-status');
    // Tesseract runs beside the browser, one page at a time; the scores do not depend on timing.
    let tesseract = Promise.resolve();
    for (const [i, item] of pages.entries()) {
      tesseract = tesseract.then(async () => {
        const { stdout } = await runTesseract('tesseract', [item.image, 'stdout'], { maxBuffer: 1 << 26 });
        theirs.push({ condition: item.condition, score: score(item.truth, stdout) });
      });
      await page.getByLabel('Choose a picture to read').setInputFiles(item.image);
      await status.filter({ hasText: /^(Read \d|No printed text|It did not work)/ }).waitFor();
      const said = await status.innerText();
      if (said.startsWith('It did not work')) throw new Error(`${item.id}: ${said}`);
      const text = said.startsWith('Read') ? await page.getByTestId('ocr-text').innerText() : '';
      oursMs += Number.parseFloat(/in ([\d.]+) s\.$/.exec(said)?.[1] ?? 'NaN') * 1000;
      const s = score(item.truth, text);
      ours.push({ condition: item.condition, score: s });
      log(
        `${String(i + 1).padStart(3)}/${String(pages.length)} ${item.id}: CER ${s.cer.toFixed(3)}, word F1 ${s.wordF1.toFixed(3)}`,
      );
    }
    await tesseract;
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
    if (server.pid !== undefined) process.kill(-server.pid);
  }
  const result = {
    ours: averages(ours),
    tesseract: averages(theirs),
    pages: pages.length,
    oursPagesPerSecond: pages.length / (oursMs / 1000),
  };
  const conditions = Object.keys(result.ours);
  log('');
  log('| condition | pages | CER ours | CER Tesseract | word F1 ours | word F1 Tesseract |');
  log('|---|---|---|---|---|---|');
  for (const c of conditions) {
    const n = c === 'all' ? pages.length : pages.filter((p) => p.condition === c).length;
    const o = result.ours[c];
    const t = result.tesseract[c];
    log(
      `| ${c} | ${String(n)} | ${o?.cer.toFixed(3) ?? '–'} | ${t?.cer.toFixed(3) ?? '–'} | ${o?.wordF1.toFixed(3) ?? '–'} | ${t?.wordF1.toFixed(3) ?? '–'} |`,
    );
  }
  log(
    `\nOurs: ${result.oursPagesPerSecond.toFixed(3)} pages/s in Chromium (WASM, all threads; reading time only).`,
  );
  if (args.json) console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
