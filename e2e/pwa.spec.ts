// The installable, offline PWA against the production build: offline shell and ORT runtime from the
// precache, no request leaving the origin, the update prompt, and cross-origin isolation provided by the
// service worker on a static host that sends no headers (scripts/serve-static.mjs, ports 4184–4186).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ortWasmPaths } from '../src/ml/ort-env';

const OUT = process.env['THINKBANK_OUT'] ?? 'dist';
const NEXT_BUILD = 'e2e-next-build';

interface StaticServer {
  url: string;
  stop: () => Promise<void>;
}

/** Runs scripts/serve-static.mjs the way a person would, and waits for it to listen. */
async function serveStatic(dir: string, port: number, isolationHeaders: boolean): Promise<StaticServer> {
  const args = ['scripts/serve-static.mjs', '--dir', dir, '--port', String(port)];
  if (!isolationHeaders) args.push('--no-isolation-headers');
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const stdout = child.stdout;
  if (!stdout) throw new Error('static server has no stdout');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`static server exited with ${String(code)}`));
    });
    stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Serving')) resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function waitForControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 0,
  });
}

/** The value cell of a row of the Diagnostics "Version and offline use" table. */
function versionCell(page: Page, label: string) {
  return page
    .getByRole('region', { name: 'Version and offline use' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
    .getByRole('cell');
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ${v.help} (${v.nodes.length})`);
}

test.describe('PWA', () => {
  test('works offline once the service worker controls the page, ORT runtime included', async ({
    page,
    context,
  }) => {
    await page.goto('./#/diagnostics');
    await waitForControl(page);
    await expect(versionCell(page, 'Page controlled by the service worker')).toHaveText(/^yes/);
    await expect(versionCell(page, 'Cross-origin isolation')).toContainText('host’s headers');

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Diagnostics' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Search' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
    await page.goto('./#/library');
    await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();

    const paths = ortWasmPaths(page.url());
    const ort = await page.evaluate(async ({ mjs, wasm }) => {
      const runtime = await fetch(wasm);
      const type = runtime.headers.get('content-type');
      // Streaming compilation is what ORT does; it needs the application/wasm type and valid bytes.
      const module = await WebAssembly.compileStreaming(runtime);
      const loader = await fetch(mjs);
      const offlineMiss = await fetch('./not-in-the-precache.txt').then(
        (r) => `HTTP ${r.status}`,
        (e: unknown) => (e instanceof Error ? e.name : 'error'),
      );
      return {
        type,
        exports: WebAssembly.Module.exports(module).length,
        loaderOk: loader.ok,
        loaderText: (await loader.text()).length,
        offlineMiss,
      };
    }, paths);
    expect(ort.type).toBe('application/wasm');
    expect(ort.exports).toBeGreaterThan(10);
    expect(ort.loaderOk).toBe(true);
    expect(ort.loaderText).toBeGreaterThan(1000);
    // Proves the page really is offline: what the service worker does not hold fails.
    expect(ort.offlineMiss).toBe('TypeError');
  });

  test('is installable: the browser accepts the manifest, icons and service worker', async ({
    page,
    context,
  }) => {
    await page.goto('./');
    await waitForControl(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // Playwright's contexts are off-the-record profiles, where no app can be installed; every other
    // reason (manifest fields, icons, start URL, service worker) must be absent.
    expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
    const { url, errors } = await cdp.send('Page.getAppManifest');
    expect(url).toMatch(/manifest\.webmanifest$/);
    expect(errors).toEqual([]);
    const manifest = (await (await page.request.get(url)).json()) as {
      icons: { src: string; sizes: string; purpose: string }[];
    };
    for (const icon of manifest.icons) {
      const response = await page.request.get(new URL(icon.src, url).href);
      expect(response.ok(), icon.src).toBe(true);
    }
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  });

  test('no request leaves the origin while the app loads and installs', async ({ page, context }) => {
    const urls: string[] = [];
    context.on('request', (request) => urls.push(request.url()));
    await page.goto('./');
    await waitForControl(page);
    for (const name of ['Search', 'Chat', 'Activity', 'Models', 'Settings', 'Diagnostics']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    }
    const origin = new URL(page.url()).origin;
    const foreign = urls.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin);
    expect(foreign).toEqual([]);
    expect(urls.some((u) => u.endsWith('/sw.js'))).toBe(true);
  });

  test('offers a new version and switches to it when the person agrees', async ({ page, context }) => {
    // A copy of the build under a sub-path, so its sw.js can change like a new deployment would.
    const root = await mkdtemp(path.join(tmpdir(), 'thinkbank-update-'));
    const app = path.join(root, 'thinkbank');
    await cp(OUT, app, { recursive: true });
    const server = await serveStatic(root, 4184, true);
    try {
      await page.goto(`${server.url}thinkbank/#/diagnostics`);
      await waitForControl(page);
      const buildId = (await versionCell(page, 'Build').textContent())?.trim() ?? '';
      expect(buildId).not.toBe('');
      await expect(versionCell(page, 'Service worker build')).toHaveText(buildId);

      const swPath = path.join(app, 'sw.js');
      const sw = await readFile(swPath, 'utf8');
      expect(sw).toContain(buildId);
      await writeFile(swPath, sw.replaceAll(buildId, NEXT_BUILD));

      await page.getByRole('button', { name: 'Check for updates' }).click();
      const prompt = page.getByRole('region', { name: 'A new version of ThinkBank is ready.' });
      await expect(prompt).toBeVisible({ timeout: 0 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await seriousViolations(page)).toEqual([]);
      }

      // "Later" hides it; the waiting version is offered again on the next visit.
      await prompt.getByRole('button', { name: 'Later' }).click();
      await expect(prompt).toBeHidden();
      await page.reload();
      await expect(prompt).toBeVisible();
      await expect(versionCell(page, 'Service worker build')).toHaveText(buildId);

      // A second tab of the app follows the switch too, so no tab keeps running a version whose files
      // left the precache.
      const other = await context.newPage();
      await other.goto(`${server.url}thinkbank/#/diagnostics`);
      await expect(versionCell(other, 'Service worker build')).toHaveText(buildId);

      await prompt.getByRole('button', { name: 'Reload to update' }).click();
      await expect(versionCell(page, 'Service worker build')).toHaveText(NEXT_BUILD);
      await expect(versionCell(other, 'Service worker build')).toHaveText(NEXT_BUILD);
      await expect(prompt).toBeHidden();
      await expect(versionCell(page, 'Page controlled by the service worker')).toHaveText(/^yes/);
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  });

  test('a host without COOP/COEP headers becomes cross-origin isolated through the service worker', async ({
    page,
  }) => {
    const server = await serveStatic(OUT, 4185, false);
    try {
      // Records each document load's isolation, to prove there is exactly one reload and no loop.
      await page.addInitScript(() => {
        const log = JSON.parse(sessionStorage.getItem('e2e-isolation') ?? '[]') as boolean[];
        log.push(crossOriginIsolated);
        sessionStorage.setItem('e2e-isolation', JSON.stringify(log));
      });
      await page.goto(`${server.url}#/diagnostics`);
      await expect
        .poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 0 })
        .toBe(true);
      await expect(versionCell(page, 'Cross-origin isolation')).toContainText('service worker');
      await expect(versionCell(page, 'Service worker build')).toHaveText(/\S/);
      const facts = await page.evaluate(() => ({
        log: sessionStorage.getItem('e2e-isolation'),
        sharedMemory: typeof SharedArrayBuffer === 'function',
      }));
      expect(facts).toEqual({ log: '[false,true]', sharedMemory: true });

      // Later visits are isolated from the first load.
      await page.reload();
      await expect(versionCell(page, 'Cross-origin isolation')).toContainText('service worker');
      expect(await page.evaluate(() => sessionStorage.getItem('e2e-isolation'))).toBe('[false,true,true]');
    } finally {
      await server.stop();
    }
  });
});
