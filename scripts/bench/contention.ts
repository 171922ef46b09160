// Contention bench: the flows that load models, run once on a quiet machine and once while other
// processes keep every core busy, through the production build in Chromium and the real workers: the
// full-size SmolLM2-135M-shaped chat model (load, first token, tokens/s; WASM, all threads) and the
// full-size MiniLM-L6-shaped embedder (passages/s on 32 × 256-token passages). After each run the
// Diagnostics page says how many workers were restarted: it must be 0, quiet or busy (a busy worker is
// not a hung one, ADR 0022). Prints a markdown table (and writes bench-results/contention.md); exits 1
// when a run failed or a worker was restarted.
//   npm run bench:contention                      builds into dist-bench, serves it on port 4206
//   THINKBANK_OUT=dist-x THINKBANK_PORT=4207 npm run bench:contention -- --no-build
// Flags: --load N (busy processes; default two per core), --only-busy, --json (one JSON object last).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_MODELS_ROOT, MODELS_ROOT, REPO_ROOT, generateModels } from '../models/generate';
import { linkModels } from '../models-link';
import { runChatInBrowser, type ChatBrowserRun } from './chat-browser';
import { fixedPrompt } from './chat-native';
import { runInBrowser, type BrowserRun } from './embed-browser';
import { startPreview } from './preview';
import { loadBeir } from '../eval/beir';

const { values: args } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'only-busy': { type: 'boolean', default: false },
    load: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const OUT = process.env['THINKBANK_OUT'] ?? 'dist-bench';
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4206);
const CHAT = 'bench/chat-smollm2-135m';
const EMBED = 'bench/embed-minilm-l6';
const MODELS = join('bench-results', 'contention-models');
const SCIFACT = resolve(REPO_ROOT, '..', 'shared', 'data', 'beir-scifact', 'scifact');
const LOAD = Number(args.load ?? 2 * cpus().length);

type Condition = 'quiet' | 'busy';

interface ConditionResult {
  condition: Condition;
  chat: ChatBrowserRun;
  embed: BrowserRun;
  loadAverage: number;
}

/** Both bench models in one folder for the build's models/ (small files copied, weights linked). */
function prepareModels(): void {
  rmSync(MODELS, { recursive: true, force: true });
  for (const [root, id] of [
    [BENCH_MODELS_ROOT, CHAT],
    [MODELS_ROOT, EMBED],
  ] as const) {
    const source = resolve(root, id);
    const dir = join(MODELS, id);
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(source, { withFileTypes: true })) {
      if (file.isFile()) copyFileSync(join(source, file.name), join(dir, file.name));
    }
    symlinkSync(join(source, 'onnx'), join(dir, 'onnx'), 'dir');
  }
}

/** Processes that keep the cores busy with other work until stopped. */
function startLoad(count: number): ChildProcess[] {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

function stopLoad(load: ChildProcess[]): void {
  for (const child of load) child.kill('SIGKILL');
}

async function runCondition(condition: Condition, baseURL: string, prompt: string): Promise<ConditionResult> {
  const load = condition === 'busy' ? startLoad(LOAD) : [];
  try {
    const chat = await runChatInBrowser(
      baseURL,
      {
        name: 'chat',
        device: 'wasm',
        threads: 'all',
        model: CHAT,
      },
      prompt,
    );
    log(`${condition} chat:`, chat.ok ? `first token ${chat.firstTokenMs.toFixed(0)} ms` : chat.error);
    const embed = await runInBrowser(baseURL, {
      name: 'embed',
      device: 'wasm',
      threads: 'all',
      model: EMBED,
      dtype: 'fp32',
    });
    log(`${condition} embed:`, embed.ok ? `${embed.passagesPerSecond.toFixed(2)} passages/s` : embed.error);
    return { condition, chat, embed, loadAverage: loadavg()[0] ?? 0 };
  } finally {
    stopLoad(load);
  }
}

function log(...parts: unknown[]): void {
  // With --json the last line must be the JSON object; progress goes to stderr.
  (args.json ? console.error : console.log)(...parts);
}

interface Row {
  flow: string;
  metric: string;
  quiet?: number | undefined;
  busy?: number | undefined;
}

function rows(results: ConditionResult[]): Row[] {
  const of = (c: Condition) => results.find((r) => r.condition === c);
  const pick = (c: Condition, f: (r: ConditionResult) => number | undefined) => {
    const r = of(c);
    return r ? f(r) : undefined;
  };
  const metrics: [string, string, (r: ConditionResult) => number | undefined][] = [
    ['chat', 'loadMs', (r) => (r.chat.ok ? r.chat.loadMs : undefined)],
    ['chat', 'firstTokenMs', (r) => (r.chat.ok ? r.chat.firstTokenMs : undefined)],
    ['chat', 'tokensPerSecond', (r) => (r.chat.ok ? r.chat.tokensPerSecond : undefined)],
    ['chat', 'restarts', (r) => r.chat.restarts],
    ['chat', 'longestBlockMs', (r) => r.chat.longestBlockMs],
    ['embed', 'passagesPerSecond', (r) => (r.embed.ok ? r.embed.passagesPerSecond : undefined)],
    ['embed', 'restarts', (r) => r.embed.restarts],
    ['embed', 'longestBlockMs', (r) => r.embed.longestBlockMs],
  ];
  return metrics.map(([flow, metric, f]) => ({
    flow,
    metric,
    quiet: pick('quiet', f),
    busy: pick('busy', f),
  }));
}

const fmt = (n: number | undefined, metric: string) =>
  n === undefined ? '–' : metric === 'restarts' ? String(n) : n >= 100 ? n.toFixed(0) : n.toFixed(2);

function table(all: Row[], results: ConditionResult[]): string {
  const lines = ['| flow | measure | quiet | busy | busy ÷ quiet |', '| --- | --- | ---: | ---: | ---: |'];
  for (const row of all) {
    const ratio =
      row.quiet !== undefined && row.busy !== undefined && row.metric !== 'restarts' && row.quiet > 0
        ? `${(row.busy / row.quiet).toFixed(2)}×`
        : '–';
    lines.push(
      `| ${row.flow} | ${row.metric} | ${fmt(row.quiet, row.metric)} | ${fmt(row.busy, row.metric)} | ${ratio} |`,
    );
  }
  for (const r of results) {
    if (!r.chat.ok) lines.push(`\n${r.condition} chat failed: ${r.chat.error}`);
    if (!r.embed.ok) lines.push(`\n${r.condition} embed failed: ${r.embed.error}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  generateModels([CHAT, EMBED]);
  const { prompt, tokens } = await fixedPrompt(
    BENCH_MODELS_ROOT,
    CHAT,
    loadBeir(SCIFACT).corpus.slice(0, 200),
    500,
  );
  if (!args['no-build']) {
    const build = spawnSync('npx', ['vite', 'build'], {
      stdio: args.json ? ['ignore', 'ignore', 'inherit'] : 'inherit',
      env: { ...process.env, THINKBANK_OUT: OUT },
    });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  prepareModels();
  linkModels(MODELS, OUT);
  const server = await startPreview(OUT, PORT);
  const results: ConditionResult[] = [];
  try {
    const baseURL = `http://localhost:${String(PORT)}/`;
    for (const condition of args['only-busy'] ? (['busy'] as const) : (['quiet', 'busy'] as const)) {
      results.push(await runCondition(condition, baseURL, prompt));
    }
  } finally {
    if (server.pid !== undefined) process.kill(-server.pid);
  }
  const all = rows(results);
  const failed = results.some((r) => !r.chat.ok || !r.embed.ok);
  const restarts = all
    .filter((r) => r.metric === 'restarts')
    .reduce((sum, r) => sum + (r.quiet ?? 0) + (r.busy ?? 0), 0);
  const report = [
    '# Under contention',
    '',
    `${new Date().toISOString()} · ${String(cpus().length)} × ${cpus()[0]?.model ?? 'CPU'} · busy: ${String(LOAD)} other processes spinning on the cores (load average ${results
      .map((r) => `${r.condition} ${r.loadAverage.toFixed(1)}`)
      .join(
        ', ',
      )}) · chat: ${CHAT} (fp32, random weights), ${String(tokens)}-token prompt, WASM all threads · embed: ${EMBED} fp32, 32 × 256 tokens, WASM all threads`,
    '',
    table(all, results),
    '',
    'restarts: workers the supervisor restarted during the run, as Diagnostics counts them; it must be 0. longestBlockMs: the longest time the worker that did the work could answer nothing (its thread blocked in one step); before declared long steps (ADR 0022) the supervisor called a worker hung after about 17 s of that (3 missed beats 5 s apart, 2 s each).',
    '',
  ].join('\n');
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/contention.md', report);
  log(`\n${report}`);
  if (args.json) console.log(JSON.stringify({ load: LOAD, rows: all, restarts, failed }));
  if (failed || restarts > 0) process.exitCode = 1;
}

await main();
