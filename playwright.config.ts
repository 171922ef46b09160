// End-to-end tests run the production build (vite build && vite preview) in Debian's Chromium, in three
// projects: with WebGPU (SwiftShader on CPU, no shader-f16), without it, and on a phone-sized touch screen. With THINKBANK_CONTENTION=N
// (`npm run test:e2e:busy`), N other processes keep the cores busy for the whole run and only the
// `contention` project runs: the flows that load models (ingest with embeddings, search, chat, the model
// tasks, OCR), each of which must pass with no worker restarted (e2e/fixtures.ts; ADR 0022). Waits give states
// longer to arrive there, as on any slower machine; what they wait for is the same.
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

const baseArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4173);
const OUT = process.env['THINKBANK_OUT'] ?? 'dist';
const CONTENTION = Number(process.env['THINKBANK_CONTENTION'] ?? 0);
const SLOWER = CONTENTION > 0 ? 4 : 1;

const projects: PlaywrightTestConfig['projects'] =
  CONTENTION > 0
    ? [
        {
          name: 'contention',
          testMatch: [
            'chat.spec.ts',
            'ingest.spec.ts',
            'ingest-complete.spec.ts',
            'search.spec.ts',
            'model-tasks.spec.ts',
            'ocr.spec.ts',
          ],
          use: {
            launchOptions: { executablePath: '/usr/bin/chromium', args: [...baseArgs, '--disable-webgpu'] },
          },
        },
      ]
    : [
        {
          name: 'webgpu',
          // The chat spec proves the page, not the device (model-tasks.spec.ts runs the chat model on both):
          // it runs once, without WebGPU, to keep CI short. Image intake decodes on the processor whatever the
          // GPU, so it runs once too.
          testIgnore: ['chat.spec.ts', 'phone.spec.ts', 'ingest-images.spec.ts'],
          use: {
            launchOptions: {
              executablePath: '/usr/bin/chromium',
              args: [...baseArgs, '--enable-unsafe-webgpu'],
            },
          },
        },
        {
          name: 'no-webgpu',
          testIgnore: 'phone.spec.ts',
          use: {
            launchOptions: { executablePath: '/usr/bin/chromium', args: [...baseArgs, '--disable-webgpu'] },
          },
        },
        {
          // The core flows at a phone's size, with touch: the phone spec, chat and search.
          name: 'phone',
          testMatch: ['phone.spec.ts', 'chat.spec.ts', 'search.spec.ts'],
          use: {
            viewport: { width: 390, height: 844 },
            isMobile: true,
            hasTouch: true,
            launchOptions: { executablePath: '/usr/bin/chromium', args: [...baseArgs, '--disable-webgpu'] },
          },
        },
      ];

export default defineConfig({
  testDir: './e2e',
  // Waits for model work say `timeout: 0`: they wait for their state until the test's own limit, which
  // is generous, so a slower or busier machine makes a test slower, never red.
  timeout: 3 * 60_000 * SLOWER,
  expect: { timeout: 20_000 * SLOWER },
  ...(CONTENTION > 0 && { globalSetup: './e2e/contention.ts' }),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env['CI'] ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}/`,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium' },
  },
  projects,
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --outDir ${OUT}`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
