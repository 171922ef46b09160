// The on-device model runtime against the production build, with the generated random-weight models
// served by the site (`npm run models:link -- models` after the build) and by a small model host started
// here (port 4189; 4188 stays closed, as an unreachable host). The real embed worker downloads embed-bert
// with progress, runs it on WebGPU (SwiftShader) or WASM, works offline from the cache, can be cancelled
// and removed, and fails with plain words when a file is missing or damaged or the host is unreachable.
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

const OUT = process.env['THINKBANK_OUT'] ?? 'dist';
const EMBED = 'test/embed-bert';
const HOST_PORT = 4189;
const CLOSED_PORT = 4188;

/** Page model: one model's card on the Models page. */
class ModelCard {
  readonly card: Locator;
  readonly state: Locator;
  readonly device: Locator;
  readonly progress: Locator;
  readonly alert: Locator;

  constructor(page: Page, label: string) {
    this.card = page.getByRole('article', { name: label });
    this.state = this.card.getByTestId(/^state-/);
    this.device = this.card.getByTestId(/^device-/);
    this.progress = this.card.getByRole('progressbar', { name: `Download of ${label}` });
    this.alert = this.card.getByRole('alert');
  }

  /** Waits for the load to end and shows the card's error if it failed. */
  async expectReady(): Promise<void> {
    await expect(this.state).toHaveText(/^(Ready|Failed)$/, { timeout: 0 });
    expect(await this.alert.allInnerTexts()).toEqual([]);
    await expect(this.state).toHaveText('Ready');
  }

  async expectFailure(message: RegExp): Promise<void> {
    await expect(this.state).toHaveText(/^(Ready|Failed)$/, { timeout: 0 });
    await expect(this.alert).toHaveText(message);
    await expect(this.state).toHaveText('Failed');
  }

  button(name: string): Locator {
    return this.card.getByRole('button', { name: new RegExp(`^${name}`) });
  }

  async tryIt(): Promise<void> {
    await this.button('Try it').click();
    await expect(this.card.getByRole('status')).toContainText(
      '2 vectors of 32 numbers (64 values, length 1.000)',
    );
  }
}

/**
 * A model host with behaviours chosen by the first path segment, serving the linked models folder:
 * /fast/ as is, /slow/ at about 400 KB/s, /missing/ with every .onnx answering 404, /corrupt/ with
 * every .onnx replaced by bytes that are not a model. CORS headers let the isolated page read it.
 */
function startModelHost(): Promise<Server> {
  const root = join(OUT, 'models');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, mode = '', ...rest] = url.pathname.split('/');
    const path = join(root, ...rest.map(decodeURIComponent));
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    const isGraph = path.endsWith('.onnx');
    if (!existsSync(path) || !statSync(path).isFile() || (mode === 'missing' && isGraph)) {
      res.writeHead(404).end('not found');
      return;
    }
    if (mode === 'corrupt' && isGraph) {
      const junk = Buffer.alloc(4096, 0x5a);
      res.writeHead(200, { 'Content-Length': String(junk.length) }).end(junk);
      return;
    }
    res.writeHead(200, { 'Content-Length': String(statSync(path).size) });
    const stream = createReadStream(path, { highWaterMark: 16 * 1024 });
    if (mode !== 'slow') {
      stream.pipe(res);
      return;
    }
    stream.on('data', (chunk) => {
      stream.pause();
      res.write(chunk);
      setTimeout(() => stream.resume(), 40);
    });
    stream.on('end', () => res.end());
    req.on('close', () => stream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(HOST_PORT, () => {
      resolve(server);
    }),
  );
}

/** Every URL the page and its workers request. */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

async function chooseSource(page: Page, choice: 'site' | { url: string }): Promise<void> {
  await page.goto('./#/settings');
  if (choice === 'site') {
    await page.getByRole('radio', { name: /This site/ }).check();
  } else {
    await page.getByRole('radio', { name: 'Another address' }).check();
    await page.getByLabel('Address of the model files').fill(choice.url);
  }
  await page.getByRole('button', { name: 'Save model source' }).click();
  await expect(page.getByText('Saved. New downloads come from here.')).toBeVisible();
}

async function openModel(page: Page, label = EMBED, task = 'Text search'): Promise<ModelCard> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const section = page.getByRole('region', { name: task });
  const card = new ModelCard(page, label);
  await expect(section.getByRole('article').first()).toBeVisible();
  if (!(await card.card.isVisible())) {
    await section.getByText(/^Other models/).click();
    await card.button('Use by default').click();
  }
  await expect(section.getByRole('article').first()).toHaveAccessibleName(
    new RegExp(`^${label.replace(/[()/.]/g, '\\$&')}`),
  );
  return card;
}

test.describe('Models: the embed worker', () => {
  let host: Server;
  test.beforeAll(async () => {
    host = await startModelHost();
  });
  test.afterAll(async () => {
    await new Promise((resolve) => host.close(resolve));
  });

  test('downloads embed-bert from this site and embeds on this device; no other host is asked', async ({
    page,
    context,
  }, info) => {
    const requests = recordRequests(context);
    await chooseSource(page, 'site');
    const card = await openModel(page);
    await expect(card.state).toHaveText('Not downloaded');
    await card.button('Download').click();
    await card.expectReady();
    await expect(card.device).toHaveText(
      info.project.name === 'webgpu' ? 'WebGPU (fp32)' : /^WASM, \d+ threads?$/,
    );
    await card.tryIt();
    const origin = new URL(page.url()).origin;
    expect(
      requests.filter(
        (url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'),
      ),
    ).toEqual([]);
    expect(
      requests.some((url) => url.includes('/models/test/embed-bert/') && url.endsWith('onnx/model.onnx')),
    ).toBe(true);
  });

  test('shows download progress from a custom host, and a cancelled download leaves nothing behind', async ({
    page,
    context,
  }) => {
    const requests = recordRequests(context);
    await chooseSource(page, { url: `http://localhost:${String(HOST_PORT)}/slow/` });
    const card = await openModel(page);
    await card.button('Download').click();
    await expect(card.progress).toBeVisible();
    await expect
      .poll(async () => Number(await card.progress.getAttribute('aria-valuenow')), { timeout: 0 })
      .toBeGreaterThan(20);
    const first = Number(await card.progress.getAttribute('aria-valuenow'));
    await expect
      .poll(async () => Number(await card.progress.getAttribute('aria-valuenow')))
      .toBeGreaterThan(first);
    await card.button('Cancel').click();
    await expect(card.state).toHaveText('Not downloaded');
    const cachedGraphs = await page.evaluate(async () => {
      const cache = await caches.open('thinkbank-models-v1');
      return (await cache.keys()).map((r) => r.url).filter((url) => url.endsWith('.onnx'));
    });
    expect(cachedGraphs).toEqual([]);
    // Model files were asked of the custom host only.
    const appOrigin = new URL(page.url()).origin;
    const modelRequests = requests.filter((url) => url.includes('embed-bert'));
    expect(modelRequests.length).toBeGreaterThan(0);
    expect(
      modelRequests.filter((url) => !url.startsWith(`http://localhost:${String(HOST_PORT)}/slow/`)),
    ).toEqual([]);
    expect(
      requests.filter(
        (url) => !url.startsWith(appOrigin) && !url.startsWith(`http://localhost:${String(HOST_PORT)}/`),
      ),
    ).toEqual([]);
  });

  test('a missing model file gives a clear error', async ({ page }) => {
    await chooseSource(page, { url: `http://localhost:${String(HOST_PORT)}/missing/` });
    const card = await openModel(page);
    await card.button('Download').click();
    await card.expectFailure(/^The model host has no file "onnx\/model\.onnx" for this model \(HTTP 404/);
  });

  test('a damaged model file gives a clear error and is not kept', async ({ page }) => {
    await chooseSource(page, { url: `http://localhost:${String(HOST_PORT)}/corrupt/` });
    const card = await openModel(page);
    await card.button('Download').click();
    await card.expectFailure(
      /^A file of test\/embed-bert is damaged and could not be read, so it was removed from this device/,
    );
    await expect(card.button('Try again')).toBeVisible();
  });

  test('an unreachable host gives a clear error', async ({ page }) => {
    await chooseSource(page, { url: `http://localhost:${String(CLOSED_PORT)}/` });
    const card = await openModel(page, 'BGE small (English)');
    await card.button('Download').click();
    await card.expectFailure(
      new RegExp(
        `^Could not reach the model host at http://localhost:${String(CLOSED_PORT)}\\. Check the connection`,
      ),
    );
  });

  test('a downloaded model runs after an offline reload, and Remove deletes it from the cache', async ({
    page,
    context,
  }) => {
    await chooseSource(page, 'site');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 0,
    });
    const card = await openModel(page);
    await card.button('Download').click();
    await card.expectReady();

    await context.setOffline(true);
    await page.reload();
    const offline = await openModel(page);
    await expect(offline.state).toHaveText('Downloaded, available offline');
    await offline.button('Load').click();
    await offline.expectReady();
    await offline.tryIt();

    await offline.button('Remove').click();
    await expect(offline.state).toHaveText('Not downloaded');
    const left = await page.evaluate(async () => {
      const cache = await caches.open('thinkbank-models-v1');
      return (await cache.keys()).map((r) => r.url).filter((url) => url.includes('/test/embed-bert/'));
    });
    expect(left).toEqual([]);
    await context.setOffline(false);
  });
});
