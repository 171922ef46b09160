/// <reference types="vitest/config" />
// Build, preview and unit-test configuration. Preview serves the production build with the
// cross-origin isolation headers a well-configured static host would send.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { readFileSync } from 'node:fs';
import { defaultClientConditions, defineConfig, searchForWorkspaceRoot } from 'vite';
import { ocrModelsPlugin } from './scripts/vite/ocr-models.ts';
import { pdfjsAssetsPlugin } from './scripts/vite/pdfjs-assets.ts';
import { serviceWorkerPlugin } from './scripts/vite/service-worker.ts';
import { vadModelsPlugin } from './scripts/vite/vad-models.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const buildId = process.env['THINKBANK_BUILD_ID'] ?? new Date().toISOString();
// Separate output folders let several builds (e.g. parallel e2e runs) coexist.
const outDir = process.env['THINKBANK_OUT'] ?? 'dist';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
];

export default defineConfig({
  plugins: [svelte(), ocrModelsPlugin(), pdfjsAssetsPlugin(), vadModelsPlugin(), serviceWorkerPlugin()],
  base: './',
  // onnxruntime-web's default build bundles its own copy of the 27 MB WASM into assets/; this condition
  // picks the build that loads the runtime from `wasmPaths`, which point at the app's ort/ copy (ADR 0032).
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    __BUILD_ID__: JSON.stringify(buildId),
  },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir, sourcemap: true, chunkSizeWarningLimit: 2048 },
  server: {
    headers: isolationHeaders,
    // Browser tests read the shared recordings and PDF corpus beside the repository.
    fs: {
      allow: [
        searchForWorkspaceRoot(process.cwd()),
        '../shared/data/audio-recordings',
        '../shared/data/pdf-corpus',
      ],
    },
  },
  preview: { headers: isolationHeaders },
  test: {
    // Tests wait for states: expect.poll gives a state this long to arrive, so a slow or busy machine
    // only makes a test slower, never wrong.
    expect: { poll: { timeout: 20_000 } },
    // A ceiling, not a speed claim (speed lives in the benches): a test of heavy pure code (an HNSW
    // rebuild) took over Vitest's default 5 s with the cores busy.
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['src/**/*.browser.test.ts'],
          environment: 'node',
          setupFiles: ['./scripts/test-setup-node.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts'],
          globalSetup: ['./scripts/test-global-setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
