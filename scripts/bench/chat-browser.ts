// The browser half of the chat bench: drives the production build in Chromium as a person would.
// Settings → "Run models on" and "Processor threads"; Models → the bench chat model → Download (the real
// llm worker loads it from this site's models/); then its Try it box sends a short warm-up prompt (kernels
// compiled, buffers placed; cheap even on a software GPU) and then the fixed prompt, timed. The page records when the prompt was sent and when the answer's text
// changed (each streamed token), so time to first token and tokens/s are measured where a person sees
// them. Each configuration gets a fresh browser and profile, so devices and thread counts never leak.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright';
import { configureApp, workersAfterRun } from './preview';

export interface ChatBrowserConfig {
  name: string;
  device: 'wasm' | 'webgpu';
  threads: 'all' | '1';
  /** The model's label on the Models page. */
  model: string;
  /** How long one answer may take before the run is reported as not finished (default 10 minutes). */
  answerLimitMs?: number;
}

export type ChatBrowserRun = ChatMeasurement & {
  /** Worker restarts during the run, as Diagnostics counts them (undefined when the page could not say). */
  restarts?: number;
  /** The longest time the worker that did the work was blocked, in ms. */
  longestBlockMs?: number;
};

type ChatMeasurement =
  | {
      ok: true;
      runsOn: string;
      loadMs: number;
      firstTokenMs: number;
      tokensPerSecond: number;
      /** Text changes seen (one per token with text). */
      updates: number;
    }
  | { ok: false; error: string };

const MINUTE = 60_000;

interface Stamps {
  sent: number;
  changes: number[];
}

/** Sends the prompt and waits for the answer; answers the page's own clock readings. */
async function timedAnswer(page: Page, model: string, prompt: string, limitMs: number): Promise<Stamps> {
  const card = page.getByRole('article', { name: model });
  const log = card.getByRole('log', { name: `Answer of ${model}` });
  await card.getByLabel(`Prompt for ${model}`).fill(prompt);
  await log.evaluate((element) => {
    const stamps = { sent: 0, changes: [] as number[] };
    const form = element.previousElementSibling;
    form?.addEventListener('submit', () => (stamps.sent = performance.now()), { capture: true, once: true });
    let seen = '';
    new MutationObserver(() => {
      const text = element.textContent;
      if (text !== seen && text !== '') stamps.changes.push(performance.now());
      seen = text;
    }).observe(element, { childList: true, characterData: true, subtree: true });
    (globalThis as unknown as { benchStamps: Stamps }).benchStamps = stamps;
  });
  await card.getByRole('button', { name: 'Send' }).click();
  await card
    .getByTestId(/^trial-/)
    .filter({ hasText: /^(Done|It did not work)/ })
    .waitFor({ timeout: limitMs })
    .catch((error: unknown) => {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new Error(`did not answer within ${String(Math.round(limitMs / 1000))} s`);
      }
      throw error;
    });
  const note = await card.getByTestId(/^trial-/).innerText();
  if (!note.startsWith('Done')) throw new Error(note);
  return page.evaluate(() => (globalThis as unknown as { benchStamps: Stamps }).benchStamps);
}

async function measure(page: Page, config: ChatBrowserConfig, prompt: string): Promise<ChatMeasurement> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const section = page.getByRole('region', { name: 'Chat' });
  const card = page.getByRole('article', { name: config.model });
  await section.getByRole('article').first().waitFor();
  if (!(await card.isVisible())) {
    await section.getByText(/^Other models/).click();
    await card.getByRole('button', { name: /^Use by default/ }).click();
  }
  const loadStarted = Date.now();
  await card.getByRole('button', { name: /^Download/ }).click();
  const state = card.getByTestId(/^state-/);
  await state.filter({ hasText: /^(Ready|Failed)$/ }).waitFor({ timeout: 10 * MINUTE });
  const loadMs = Date.now() - loadStarted;
  if ((await state.innerText()) !== 'Ready') {
    return { ok: false, error: (await card.getByRole('alert').allInnerTexts()).join(' ') };
  }
  const runsOn = await card.getByTestId(/^device-/).innerText();
  const limitMs = config.answerLimitMs ?? 10 * MINUTE;
  await timedAnswer(page, config.model, 'Say hello.', limitMs);
  const { sent, changes } = await timedAnswer(page, config.model, prompt, limitMs);
  const first = changes[0];
  const last = changes.at(-1);
  if (first === undefined || last === undefined || changes.length < 2) {
    return { ok: false, error: `the answer changed ${String(changes.length)} times` };
  }
  return {
    ok: true,
    runsOn,
    loadMs,
    firstTokenMs: first - sent,
    tokensPerSecond: (changes.length - 1) / ((last - first) / 1000),
    updates: changes.length,
  };
}

/** A fresh on-disk profile per run: an in-memory (incognito) one caps the Cache API below the model's 650 MB. */
export async function runChatInBrowser(
  baseURL: string,
  config: ChatBrowserConfig,
  prompt: string,
): Promise<ChatBrowserRun> {
  const profile = mkdtempSync(join(tmpdir(), 'thinkbank-chat-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    baseURL,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...(config.device === 'webgpu' ? ['--enable-unsafe-webgpu'] : []),
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // A busy 2-core machine can take longer than Playwright's 30 s to open a page or save a setting.
    page.setDefaultTimeout(2 * MINUTE);
    let run: ChatMeasurement;
    try {
      await configureApp(page, config);
      run = await measure(page, config, prompt);
    } catch (error) {
      run = {
        ok: false,
        // Playwright's message names the step that waited on its later lines: keep them, on one line.
        error: (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 400),
      };
    }
    const workers = await workersAfterRun(page, 'llm');
    return workers === undefined ? run : { ...run, ...workers };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
