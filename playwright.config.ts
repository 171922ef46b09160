// End-to-end tests run the production build (vite build && vite preview) in Debian's Chromium, in two
// projects: with WebGPU (SwiftShader on CPU, no shader-f16) and without it.
import { defineConfig } from '@playwright/test';

const baseArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4173);
const OUT = process.env['THINKBANK_OUT'] ?? 'dist';

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
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
  projects: [
    {
      name: 'webgpu',
      // The chat spec proves the page, not the device (model-tasks.spec.ts runs the chat model on both):
      // it runs once, without WebGPU, to keep CI short.
      testIgnore: 'chat.spec.ts',
      use: {
        launchOptions: { executablePath: '/usr/bin/chromium', args: [...baseArgs, '--enable-unsafe-webgpu'] },
      },
    },
    {
      name: 'no-webgpu',
      use: {
        launchOptions: { executablePath: '/usr/bin/chromium', args: [...baseArgs, '--disable-webgpu'] },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --outDir ${OUT}`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
