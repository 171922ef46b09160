// Embedding bench: passages per second of the full-size random-weight MiniLM-L6 (models/bench/
// embed-minilm-l6, fp32 and q8) on 32 passages × 256 tokens, in Chromium through the production build
// and the real embed worker (WASM 1 thread, WASM all threads, WebGPU), beside onnxruntime-node on the
// same files in the same run. Prints a markdown table and writes bench-results/embed.md.
//   npm run bench:embed                       builds into dist-bench, serves it on port 4202
//   THINKBANK_OUT=dist-x THINKBANK_PORT=4203 npm run bench:embed -- --no-build
// Flags: --skip-webgpu, --only-native.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateModels, MODELS_ROOT } from '../models/generate';
import { linkModels } from '../models-link';
import { runInBrowser, type BrowserConfig, type BrowserRun } from './embed-browser';
import { runNative, type NativeRun } from './embed-native';
import { startPreview } from './preview';

const { values: args } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'skip-webgpu': { type: 'boolean', default: false },
    'only-native': { type: 'boolean', default: false },
  },
});
const OUT = process.env['THINKBANK_OUT'] ?? 'dist-bench';
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4202);
const MODEL = 'bench/embed-minilm-l6';
const VARIANTS = join('bench-results', 'embed-models');

/** Two site models over the same files, one per dtype, each pinned by its thinkbank.json. */
function prepareVariants(): void {
  const source = resolve(MODELS_ROOT, MODEL);
  rmSync(VARIANTS, { recursive: true, force: true });
  for (const dtype of ['fp32', 'q8'] as const) {
    const dir = join(VARIANTS, 'bench', `minilm-${dtype}`);
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(source, { withFileTypes: true })) {
      if (file.isFile()) copyFileSync(join(source, file.name), join(dir, file.name));
    }
    symlinkSync(join(source, 'onnx'), join(dir, 'onnx'), 'dir');
    const plan = { 'webgpu-f16': dtype, webgpu: dtype, wasm: dtype };
    writeFileSync(
      join(dir, 'thinkbank.json'),
      JSON.stringify({ dtypes: plan, label: `MiniLM-L6 bench (${dtype})` }),
    );
  }
}

function browserConfigs(): BrowserConfig[] {
  const configs: BrowserConfig[] = [];
  for (const dtype of ['fp32', 'q8'] as const) {
    const model = `MiniLM-L6 bench (${dtype})`;
    configs.push({ name: `Chromium WASM, 1 thread`, device: 'wasm', threads: '1', model, dtype });
    configs.push({ name: `Chromium WASM, all threads`, device: 'wasm', threads: 'all', model, dtype });
    if (!args['skip-webgpu'])
      configs.push({
        name: 'Chromium WebGPU (SwiftShader, CPU)',
        device: 'webgpu',
        threads: 'all',
        model,
        dtype,
      });
  }
  return configs;
}

function table(native: NativeRun[], browser: { config: BrowserConfig; run: BrowserRun }[]): string {
  const anchor = (dtype: string) => native.find((n) => n.dtype === dtype)?.passagesPerSecond;
  const lines = [
    '| runtime | dtype | runs on (as the app says) | passages/s | ms for 32 | vs onnxruntime-node |',
    '| --- | --- | --- | ---: | ---: | ---: |',
  ];
  for (const n of native) {
    lines.push(
      `| onnxruntime-node (CPU, ORT default threads) | ${n.dtype} | native | ${n.passagesPerSecond.toFixed(2)} | ${String(n.ms)} | 1.00 |`,
    );
  }
  for (const { config, run } of browser) {
    const base = anchor(config.dtype);
    lines.push(
      run.ok
        ? `| ${config.name} | ${config.dtype} | ${run.runsOn} | ${run.passagesPerSecond.toFixed(2)} | ${String(run.ms)} | ${base ? (run.passagesPerSecond / base).toFixed(2) : '–'} |`
        : `| ${config.name} | ${config.dtype} | failed: ${run.error.replace(/\|/g, '/')} | – | – | – |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  generateModels([MODEL]);
  const native: NativeRun[] = [];
  for (const dtype of ['fp32', 'q8'] as const) {
    native.push(await runNative(MODELS_ROOT, MODEL, dtype));
    console.log(`onnxruntime-node ${dtype}: ${native.at(-1)?.passagesPerSecond.toFixed(2) ?? ''} passages/s`);
  }
  const browser: { config: BrowserConfig; run: BrowserRun }[] = [];
  if (!args['only-native']) {
    if (!args['no-build']) {
      const build = spawnSync('npx', ['vite', 'build'], {
        stdio: 'inherit',
        env: { ...process.env, THINKBANK_OUT: OUT },
      });
      if (build.status !== 0) throw new Error('vite build failed');
    }
    prepareVariants();
    linkModels(VARIANTS, OUT);
    const server = await startPreview(OUT, PORT);
    try {
      for (const config of browserConfigs()) {
        const run = await runInBrowser(`http://localhost:${String(PORT)}/`, config);
        browser.push({ config, run });
        console.log(
          `${config.name} ${config.dtype}:`,
          run.ok ? `${run.passagesPerSecond.toFixed(2)} passages/s (${run.runsOn})` : run.error,
        );
      }
    } finally {
      if (server.pid !== undefined) process.kill(-server.pid);
    }
  }
  const tokens = native[0]?.tokensPerPassage ?? 0;
  const report = [
    '# Embedding speed',
    '',
    `${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · model ${MODEL} (random weights, all-MiniLM-L6-v2's exact shape) · 32 passages × ${String(tokens)} tokens, batches of 16, one warm-up batch, one timed pass · load average at the end ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} (other processes share these cores)`,
    '',
    table(native, browser),
    '',
    'WebGPU here is SwiftShader, a software GPU on the CPU: its numbers say nothing about a real GPU.',
    '',
  ].join('\n');
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/embed.md', report);
  console.log(`\n${report}`);
}

await main();
