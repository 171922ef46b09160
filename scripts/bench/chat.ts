// Chat bench: time to first token and tokens/s of a random-weight model of SmolLM2-135M-Instruct's exact
// shape (bench/chat-smollm2-135m: 30 layers, grouped-query attention, fp32, the registry's WASM fallback
// chat model) for a fixed ~500-token prompt and a 64-token answer, in Chromium through the production
// build and the real llm worker (WASM all threads, WASM 1 thread, WebGPU), beside onnxruntime-node on the
// same files in the same run; plus the steps before the model runs, retrieval (BM25 over a SciFact subset)
// and prompt building (packContext with the real tokenizer). Prints a markdown table and writes
// bench-results/chat.md.
//   npm run bench:chat                       builds into dist-bench, serves it on port 4204
//   THINKBANK_OUT=/tmp/dist-x THINKBANK_PORT=4303 npm run bench:chat -- --no-build
// Flags: --skip-webgpu, --only-native, --webgpu-limit-s N (default 180: a software GPU gives up there). The model (650 MB) is generated once into bench-results/models/.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BENCH_MODELS_ROOT, generateModels, REPO_ROOT } from '../models/generate';
import { SMOLLM2_135M } from '../models/llama';
import { linkModels } from '../models-link';
import { runChatInBrowser, type ChatBrowserConfig, type ChatBrowserRun } from './chat-browser';
import {
  fixedPrompt,
  runContextSteps,
  runNativeGeneration,
  type GenerationRun,
  type StepTimes,
} from './chat-native';
import { startPreview } from './preview';

const { values: args } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'skip-webgpu': { type: 'boolean', default: false },
    'only-native': { type: 'boolean', default: false },
    // A software GPU (SwiftShader, headless here) takes far longer than a real one; give up after this.
    'webgpu-limit-s': { type: 'string', default: '180' },
  },
});
const OUT = process.env['THINKBANK_OUT'] ?? 'dist-bench';
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4204);
const MODEL = 'bench/chat-smollm2-135m';
const SCIFACT = resolve(REPO_ROOT, '..', 'shared', 'data', 'beir-scifact', 'scifact');
const SCIFACT_DOCS = 2000;
const PROMPT_TOKENS = 500;

function browserConfigs(): ChatBrowserConfig[] {
  const configs: ChatBrowserConfig[] = [
    { name: 'Chromium WASM, all threads', device: 'wasm', threads: 'all', model: MODEL },
    { name: 'Chromium WASM, 1 thread', device: 'wasm', threads: '1', model: MODEL },
  ];
  if (!args['skip-webgpu']) {
    configs.push({
      name: 'Chromium WebGPU',
      device: 'webgpu',
      threads: 'all',
      model: MODEL,
      answerLimitMs: Number(args['webgpu-limit-s']) * 1000,
    });
  }
  return configs;
}

const ms = (n: number) => n.toFixed(0);

function table(native: GenerationRun, browser: { config: ChatBrowserConfig; run: ChatBrowserRun }[]): string {
  const lines = [
    '| runtime | runs on (as the app says) | load ms | first token ms | tokens/s | first token vs node | tokens/s vs node |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    `| onnxruntime-node (CPU, ORT default threads) | native fp32 | ${ms(native.loadMs)} | ${ms(native.firstTokenMs)} | ${native.tokensPerSecond.toFixed(2)} | 1.00 | 1.00 |`,
  ];
  for (const { config, run } of browser) {
    lines.push(
      run.ok
        ? `| ${config.name} | ${run.runsOn} | ${ms(run.loadMs)} | ${ms(run.firstTokenMs)} | ${run.tokensPerSecond.toFixed(2)} | ${(run.firstTokenMs / native.firstTokenMs).toFixed(2)}× | ${(run.tokensPerSecond / native.tokensPerSecond).toFixed(2)} |`
        : `| ${config.name} | failed: ${run.error.replace(/\|/g, '/')} | – | – | – | – | – |`,
    );
  }
  return lines.join('\n');
}

function stepsTable(steps: { retrieval: StepTimes; prompt: StepTimes }, native: GenerationRun): string {
  const row = (name: string, s: StepTimes) =>
    `| ${name} | ${s.detail} | ${String(s.calls)} | ${s.medianMs.toFixed(2)} | ${((100 * s.medianMs) / native.firstTokenMs).toFixed(1)} % |`;
  return [
    '| step before the first token | what | calls | median ms | share of node first token |',
    '| --- | --- | ---: | ---: | ---: |',
    row('retrieval (core Bm25Index, as the search worker runs it)', steps.retrieval),
    row('prompt building (core packContext, real SmolLM2 tokenizer)', steps.prompt),
  ].join('\n');
}

async function main(): Promise<void> {
  generateModels([MODEL]);
  const steps = await runContextSteps(SCIFACT, BENCH_MODELS_ROOT, MODEL, SCIFACT_DOCS);
  const { prompt, tokens } = await fixedPrompt(BENCH_MODELS_ROOT, MODEL, steps.corpus, PROMPT_TOKENS);
  const native = await runNativeGeneration(BENCH_MODELS_ROOT, MODEL, prompt, 2 * SMOLLM2_135M.eosAfter);
  console.log(
    `onnxruntime-node: first token ${ms(native.firstTokenMs)} ms, ${native.tokensPerSecond.toFixed(2)} tokens/s (${String(native.tokens)} tokens)`,
  );
  const browser: { config: ChatBrowserConfig; run: ChatBrowserRun }[] = [];
  if (!args['only-native']) {
    if (!args['no-build']) {
      const build = spawnSync('npx', ['vite', 'build'], {
        stdio: 'inherit',
        env: { ...process.env, THINKBANK_OUT: OUT },
      });
      if (build.status !== 0) throw new Error('vite build failed');
    }
    linkModels(BENCH_MODELS_ROOT, OUT);
    const server = await startPreview(OUT, PORT);
    try {
      for (const config of browserConfigs()) {
        const run = await runChatInBrowser(`http://localhost:${String(PORT)}/`, config, prompt);
        browser.push({ config, run });
        console.log(
          `${config.name}:`,
          run.ok
            ? `first token ${ms(run.firstTokenMs)} ms, ${run.tokensPerSecond.toFixed(2)} tokens/s (${run.runsOn})`
            : run.error,
        );
      }
    } finally {
      if (server.pid !== undefined) process.kill(-server.pid);
    }
  }
  const report = [
    '# Chat speed',
    '',
    `${new Date().toISOString()} · ${String(cpus().length)} × ${cpus()[0]?.model ?? 'CPU'} · model ${MODEL} (random weights, SmolLM2-135M-Instruct's exact shape, fp32) · prompt ${String(tokens)} tokens (chat template included), answer ${String(native.tokens)} tokens, greedy · browser: a short warm-up answer, then one timed; node: one full warm-up, then one timed · load average at the end ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} (other processes share these cores)`,
    '',
    table(native, browser),
    '',
    'First token: from sending the prompt to its first word on screen (browser) or from the generate call to the first token (node). Tokens/s: the tokens after the first over the time they took. Load: Download pressed to Ready (fetch from this site, cache, session).',
    '',
    stepsTable(steps, native),
    '',
    'WebGPU on a machine without a GPU is SwiftShader, a software GPU on the CPU: its numbers say nothing about a real GPU; on a GPU machine the same command measures the real thing.',
    '',
  ].join('\n');
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/chat.md', report);
  console.log(`\n${report}`);
}

await main();
