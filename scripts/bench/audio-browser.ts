// Runs the audio bench page (audio-page.ts) of a production build in Chromium for `npm run bench:audio`
// and `npm run eval:vad`: builds with audio.vite.config.ts into its own folder (unless told not to),
// serves it with `vite preview`, and answers the page's requests for /recordings/NAME from a folder on
// disk, so any dataset can be measured without copying it into the build.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright';
import type { AudioBenchApi, DetectAnswer, DetectRequest } from './audio-page';
import { startPreview } from './preview';

export interface AudioPageOptions {
  outDir: string;
  port: number;
  build: boolean;
  /** Folder whose files the page may fetch as /recordings/NAME. */
  dataset: string;
}

export interface AudioPage {
  decode(name: string): ReturnType<AudioBenchApi['decode']>;
  detect(name: string, request?: DetectRequest): Promise<DetectAnswer>;
  failure(name: string): ReturnType<AudioBenchApi['failure']>;
  close(): Promise<void>;
}

export function buildAudioBench(outDir: string): void {
  // Build output goes to stderr, so stdout keeps only the script's own lines (and its JSON).
  const result = spawnSync('npx', ['vite', 'build', '--config', 'scripts/bench/audio.vite.config.ts'], {
    stdio: ['ignore', 2, 'inherit'],
    env: { ...process.env, THINKBANK_OUT: outDir },
  });
  if (result.status !== 0) throw new Error('vite build failed');
}

export async function openAudioPage(options: AudioPageOptions): Promise<AudioPage> {
  if (options.build) buildAudioBench(options.outDir);
  if (!existsSync(join(options.outDir, 'scripts/bench/audio.html'))) {
    throw new Error(`No audio bench build in ${options.outDir}: run without --no-build`);
  }
  const server: ChildProcess = await startPreview(options.outDir, options.port);
  const profile = mkdtempSync(join(tmpdir(), 'thinkbank-audio-'));
  let context: BrowserContext | undefined;
  const stop = async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    if (server.pid !== undefined) process.kill(-server.pid);
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      baseURL: `http://localhost:${String(options.port)}/`,
      args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const page: Page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30 * 60_000);
    await page.route('**/recordings/*', async (route) => {
      const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop() ?? '');
      await route.fulfill({ path: join(options.dataset, name) });
    });
    await page.goto('./scripts/bench/audio.html');
    await page.waitForFunction(() => 'audioBench' in globalThis);
    const call = async (method: keyof AudioBenchApi, name: string, request: DetectRequest = {}) =>
      (await page.evaluate(
        async ({ m, url, r }) => {
          const bench = (globalThis as unknown as { audioBench: AudioBenchApi }).audioBench;
          return m === 'detect' ? bench.detect(url, r) : bench[m](url);
        },
        { m: method, url: `/recordings/${encodeURIComponent(name)}`, r: request },
      )) as unknown;
    return {
      decode: (name) => call('decode', name) as ReturnType<AudioBenchApi['decode']>,
      detect: (name, request) => call('detect', name, request) as Promise<DetectAnswer>,
      failure: (name) => call('failure', name) as ReturnType<AudioBenchApi['failure']>,
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
