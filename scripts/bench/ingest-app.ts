// End-to-end ingestion speed in Chromium through the real app: the production build with the generated
// models linked (`models:link`), the full-size random-weight MiniLM-L6 (bench/embed-minilm-l6: real
// tokenizer, real graph size, so timings are those of the real model) loaded as the embedding model on the
// Models page, and the PDFs handed to the Library's file picker. The clock runs from handing the files over
// to every job having ended; the jobs' own per-stage timings say where the time went.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright';

const ROOT = join(import.meta.dirname, '../..');

export interface AppIngestResult {
  files: number;
  succeeded: number;
  pages: number;
  passages: number;
  ms: number;
  /** Summed over jobs (jobs overlap, two at a time), per stage. */
  stageMs: Record<string, number>;
  device: string;
}

interface StoredJob {
  status: string;
  counts?: { pages?: number; passages?: number };
  timings?: Record<string, number>;
}

function readJobs(page: Page): Promise<StoredJob[]> {
  return page.evaluate(
    () =>
      new Promise<StoredJob[]>((resolve, reject) => {
        const open = indexedDB.open('thinkbank');
        open.onerror = () => {
          reject(new Error(String(open.error)));
        };
        open.onsuccess = () => {
          const request = open.result.transaction('jobs').objectStore('jobs').getAll();
          request.onsuccess = () => {
            resolve(request.result as StoredJob[]);
            open.result.close();
          };
        };
      }),
  );
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error('vite preview exited');
    try {
      if ((await fetch(url)).ok) return;
    } catch (error) {
      // Not listening yet: fetch rejects with a TypeError until the server is up.
      if (!(error instanceof TypeError)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer`);
}

async function loadEmbedder(page: Page): Promise<void> {
  await page.goto('./#/settings');
  await page.getByRole('radio', { name: /This site/ }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await page.getByText('Saved. New downloads come from here.').waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const section = page.getByRole('region', { name: 'Text search' });
  await section.getByRole('article').first().waitFor();
  const card = page.getByRole('article', { name: 'bench/embed-minilm-l6' });
  if (!(await card.isVisible())) await section.getByText(/^Other models/).click();
  await card.getByRole('button', { name: /^(Download|Load)/ }).click();
  await card
    .getByTestId(/^state-/)
    .filter({ hasText: 'Ready' })
    .waitFor({ timeout: 300_000 });
}

/** Builds (unless `build` is false), serves and drives the app; answers the measured run. */
export async function benchIngestInApp(
  paths: readonly string[],
  options: { outDir: string; port: number; build: boolean },
): Promise<AppIngestResult> {
  const env = { ...process.env, THINKBANK_OUT: options.outDir };
  if (options.build) {
    execFileSync('npx', ['tsx', 'scripts/models/generate.ts'], { cwd: ROOT, env, stdio: 'ignore' });
    execFileSync('npx', ['vite', 'build'], { cwd: ROOT, env, stdio: 'ignore' });
    execFileSync('npx', ['tsx', 'scripts/models-link.ts', 'models', '--out', options.outDir], {
      cwd: ROOT,
      env,
      stdio: 'ignore',
    });
  }
  const baseURL = `http://localhost:${String(options.port)}/`;
  const server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(options.port), '--strictPort', '--outDir', options.outDir],
    { cwd: ROOT, env, stdio: 'ignore', detached: true },
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--disable-background-networking', '--no-first-run', '--disable-webgpu'],
  });
  try {
    await waitForServer(baseURL, server);
    const page = await (await browser.newContext({ baseURL })).newPage();
    await loadEmbedder(page);
    await page.goto('./#/library');
    const picker = page.getByLabel('Choose files');
    await picker.waitFor();
    await page.waitForFunction(() => {
      const input = document.querySelector<HTMLInputElement>('input[type=file][multiple]');
      return input !== null && !input.disabled;
    });
    const started = performance.now();
    await picker.setInputFiles([...paths]);
    let jobs: StoredJob[] = [];
    for (;;) {
      jobs = await readJobs(page);
      if (jobs.length === paths.length && jobs.every((j) => !['queued', 'running'].includes(j.status))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ms = performance.now() - started;
    const stageMs: Record<string, number> = {};
    for (const job of jobs) {
      for (const [stage, t] of Object.entries(job.timings ?? {})) stageMs[stage] = (stageMs[stage] ?? 0) + t;
    }
    const done = jobs.filter((j) => j.status === 'succeeded');
    return {
      files: paths.length,
      succeeded: done.length,
      pages: done.reduce((n, j) => n + (j.counts?.pages ?? 0), 0),
      passages: done.reduce((n, j) => n + (j.counts?.passages ?? 0), 0),
      ms,
      stageMs,
      device: 'Chromium, WASM (WebGPU off), q8 weights',
    };
  } finally {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid);
  }
}
