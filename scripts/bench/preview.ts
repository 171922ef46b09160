// The production build served by `vite preview` for the browser benches: started detached (so the
// bench can stop its whole process group) and returned once it answers; and the Settings steps each
// browser bench takes first (models from this site, run on the chosen device and threads); and the worker
// restarts the Diagnostics page counts, read after a run.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright';

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

/** Worker restarts so far, as the Diagnostics page counts them (all workers together). */
export async function workerRestarts(page: Page): Promise<number> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Diagnostics' }).click();
  const cells = page.getByTestId(/^worker-restarts-/);
  await cells.first().waitFor();
  const counts = await cells.allInnerTexts();
  return counts.reduce((sum, text) => sum + Number(text), 0);
}

/** Restarts when the page can still say, undefined when it cannot (a closed or broken page). */
export async function restartsIfReadable(page: Page): Promise<number | undefined> {
  try {
    return await workerRestarts(page);
  } catch (error) {
    console.warn(
      'The page could not say how many workers restarted:',
      error instanceof Error ? error.message : error,
    );
    return undefined;
  }
}
