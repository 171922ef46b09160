// The production build for the browser benches, built and served by `vite preview`: started detached (so the
// bench can stop its whole process group) and returned once it answers; and the Settings steps each
// browser bench takes first (models from this site, run on the chosen device and threads); and the worker
// restarts the Diagnostics page counts, read after a run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright';

/**
 * `vite build` into `outDir` (the app's config, or a bench's that adds its page); the build's output goes
 * to stderr, so stdout keeps only the bench's own lines (and its JSON).
 */
export function buildApp(outDir: string, config?: string): void {
  const result = spawnSync('npx', ['vite', 'build', ...(config === undefined ? [] : ['--config', config])], {
    stdio: ['ignore', 2, 'inherit'],
    env: { ...process.env, THINKBANK_OUT: outDir },
  });
  if (result.status !== 0) throw new Error('vite build failed');
}

export async function startPreview(outDir: string, port: number): Promise<ChildProcess> {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', outDir],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://localhost:${String(port)}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`vite preview did not answer on port ${String(port)}`);
}

export interface RuntimeChoice {
  device: 'wasm' | 'webgpu';
  threads: 'all' | '1';
}

/** Settings → models from this site, and where they run, each saved and confirmed. */
export async function configureApp(page: Page, choice: RuntimeChoice): Promise<void> {
  await page.goto('./#/settings');
  await page.getByRole('radio', { name: /This site/ }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await page.getByText('Saved. New downloads come from here.').waitFor();
  const device = choice.device === 'wasm' ? /The processor \(WASM\)/ : /The GPU \(WebGPU\)/;
  await page.getByRole('radio', { name: device }).check();
  await page.getByLabel('Processor threads').selectOption(choice.threads);
  await page.getByRole('button', { name: 'Save where models run' }).click();
  await page.getByText(/^Saved\. Models load again/).waitFor();
}

export interface WorkersAfterRun {
  /** Worker restarts, all workers together, as Diagnostics counts them. */
  restarts: number;
  /** The longest time the named worker's thread was blocked, from a fresh ping. */
  longestBlockMs: number;
}

/**
 * After a run, on the Diagnostics page: every worker's restarts, and — after pinging the worker that
 * did the work, so its health is current — the longest time its thread was blocked. Undefined when the
 * page could not say (a closed or broken page).
 */
export async function workersAfterRun(page: Page, worker: string): Promise<WorkersAfterRun | undefined> {
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Diagnostics' }).click();
    const cells = page.getByTestId(/^worker-restarts-/);
    await cells.first().waitFor();
    const controls = page.getByRole('group', { name: `The ${worker} worker` });
    await controls.getByRole('button', { name: /^Ping/ }).click();
    await controls.getByRole('status').filter({ hasText: 'Ping answered in' }).waitFor();
    const restarts = (await cells.allInnerTexts()).reduce((sum, text) => sum + Number(text), 0);
    const block = Number.parseFloat(await page.getByTestId(`worker-block-${worker}`).innerText());
    return { restarts, longestBlockMs: Number.isFinite(block) ? block * 1000 : Number.NaN };
  } catch (error) {
    console.warn(
      'The Diagnostics page could not say how the workers fared:',
      error instanceof Error ? error.message : error,
    );
    return undefined;
  }
}
