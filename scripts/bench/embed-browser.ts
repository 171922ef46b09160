// The browser half of the embedding bench: drives the production build in Chromium the way a person
// would. Settings → "Run models on" and "Processor threads", Models → the bench model → Download (the
// real embed worker loads it from this site's models/), then "Measure speed" (32 passages × 256 tokens
// after a warm-up batch). Each run gets a fresh browser, so thread counts and devices never leak.
import { chromium, type Page } from 'playwright';
import { configureApp, workersAfterRun } from './preview';

export interface BrowserConfig {
  /** Row name in the table. */
  name: string;
  device: 'wasm' | 'webgpu';
  threads: 'all' | '1';
  /** Label of the model variant on the Models page (its dtype is fixed by its thinkbank.json). */
  model: string;
  dtype: 'fp32' | 'q8';
}

type Measurement =
  { ok: true; passagesPerSecond: number; ms: number; runsOn: string } | { ok: false; error: string };

export type BrowserRun = Measurement & {
  /** Worker restarts during the run, as Diagnostics counts them (undefined when the page could not say). */
  restarts?: number;
  /** The longest time the worker that did the work was blocked, in ms. */
  longestBlockMs?: number;
};

const MINUTE = 60_000;

async function measure(page: Page, config: BrowserConfig): Promise<Measurement> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const section = page.getByRole('region', { name: 'Text search' });
  const card = page.getByRole('article', { name: config.model });
  await section.getByRole('article').first().waitFor();
  if (!(await card.isVisible())) {
    await section.getByText(/^Other models/).click();
    await card.getByRole('button', { name: /^Use by default/ }).click();
  }
  await card.getByRole('button', { name: /^Download/ }).click();
  const state = card.getByTestId(/^state-/);
  await state.filter({ hasText: /^(Ready|Failed)$/ }).waitFor({ timeout: 5 * MINUTE });
  if ((await state.innerText()) !== 'Ready') {
    return { ok: false, error: (await card.getByRole('alert').allInnerTexts()).join(' ') };
  }
  const runsOn = await card.getByTestId(/^device-/).innerText();
  await card.getByRole('button', { name: /^Measure speed/ }).click();
  const speed = card.getByTestId(/^speed-/);
  await speed.filter({ hasText: /passages per second|did not work/ }).waitFor({ timeout: 15 * MINUTE });
  const text = await speed.innerText();
  const match = /in (\d+) ms: ([\d.]+) passages per second/.exec(text);
  if (!match) return { ok: false, error: text };
  return { ok: true, ms: Number(match[1]), passagesPerSecond: Number(match[2]), runsOn };
}

export async function runInBrowser(baseURL: string, config: BrowserConfig): Promise<BrowserRun> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...(config.device === 'webgpu' ? ['--enable-unsafe-webgpu'] : []),
    ],
  });
  try {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    // A busy machine can take longer than Playwright's 30 s to open a page or save a setting.
    page.setDefaultTimeout(2 * MINUTE);
    let run: Measurement;
    try {
      await configureApp(page, config);
      run = await measure(page, config);
    } catch (error) {
      run = {
        ok: false,
        error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
      };
    }
    const workers = await workersAfterRun(page, 'embed');
    return workers === undefined ? run : { ...run, ...workers };
  } finally {
    await browser.close();
  }
}
