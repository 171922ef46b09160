// Generates ThinkBank's random-weight test and bench models (ADR 0040).
//
// Usage:
//   npm run models:generate                       # every model, skipping those up to date
//   npm run models:generate -- test/chat-llm      # only the named folders
//   npm run models:generate -- --force            # rebuild even when up to date
//   npm run models:generate -- bench/chat-smollm2-135m   # a bench-only model (never made by default)
//
// Output goes to models/<id>/ at the repository root (git-ignored); bench-only models, made only
// when named, go to bench-results/models/<id>/ (git-ignored too). Real tokenizer and
// pre-processing files come from ../shared/models (override: THINKBANK_SHARED_MODELS). A folder
// is up to date when its .stamp.json records the hash of this generator's sources and the shared
// files it copies; weights are seeded, so a rebuild yields the same bytes (content hash).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_SPECS, type ModelFiles, type ModelSpec } from './specs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
export const MODELS_ROOT = join(REPO_ROOT, 'models');
export const BENCH_MODELS_ROOT = join(REPO_ROOT, 'bench-results', 'models');
export const SHARED_MODELS = process.env['THINKBANK_SHARED_MODELS'] ?? resolve(REPO_ROOT, '..', 'shared', 'models');
const STAMP = '.stamp.json';

interface Stamp {
  inputs: string;
  content: string;
  sizes: Record<string, number>;
}

export interface GenerateResult {
  id: string;
  dir: string;
  /** sha256 over every generated file's path and bytes. */
  contentHash: string;
  skipped: boolean;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/** Generator modules; tests and their helpers (`test-*.ts`) do not change the output. */
function isGeneratorSource(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.startsWith('test-');
}

/** Hash of everything a model folder is made from: generator code and the shared files it copies. */
function inputsHash(spec: ModelSpec, sharedModels: string): string {
  const h = createHash('sha256').update(spec.id);
  for (const name of listFiles(HERE).filter(isGeneratorSource)) {
    h.update(name).update(readFileSync(join(HERE, name)));
  }
  for (const source of spec.sources) {
    const folder = join(sharedModels, source);
    for (const name of listFiles(folder)) h.update(name).update(readFileSync(join(folder, name)));
  }
  return h.digest('hex');
}

function serialise(files: ModelFiles): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const path of Object.keys(files).sort()) {
    const value = files[path];
    if (value === undefined) continue;
    out.set(path, value instanceof Uint8Array ? value : new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`));
  }
  return out;
}

function contentHash(files: Map<string, Uint8Array>): string {
  const h = createHash('sha256');
  for (const [path, bytes] of files) h.update(`${path}\0${bytes.length}\0`).update(bytes);
  return h.digest('hex');
}

function readStamp(dir: string): Stamp | undefined {
  const path = join(dir, STAMP);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as Stamp;
}

function isUpToDate(dir: string, inputs: string): Stamp | undefined {
  const stamp = readStamp(dir);
  if (stamp?.inputs !== inputs) return undefined;
  const intact = Object.entries(stamp.sizes).every(([p, size]) => {
    const file = join(dir, p);
    return existsSync(file) && statSync(file).size === size;
  });
  return intact ? stamp : undefined;
}

export interface GenerateOptions {
  /** Root folder for model folders; defaults to <repo>/models (<repo>/bench-results/models for bench-only ones). */
  outRoot?: string;
  force?: boolean;
  sharedModels?: string;
}

/** Locks stay this long at most; an older one was left by a process that died. */
const STALE_LOCK_MS = 10 * 60_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` holding `<dir>.lock`, so parallel test workers never build one folder twice at once. */
function withLock<T>(dir: string, fn: () => T): T {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lockedAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function build(spec: ModelSpec, dir: string, inputs: string, sharedModels: string): string {
  const files = serialise(spec.build(sharedModels));
  const content = contentHash(files);
  // Write next to the target and swap in whole: a folder is either complete or absent.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const sizes: Record<string, number> = {};
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), bytes);
    sizes[path] = bytes.length;
  }
  writeFileSync(join(tmp, STAMP), `${JSON.stringify({ inputs, content, sizes } satisfies Stamp, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return content;
}

export function generateModel(spec: ModelSpec, options: GenerateOptions = {}): GenerateResult {
  const sharedModels = options.sharedModels ?? SHARED_MODELS;
  const dir = join(options.outRoot ?? (spec.benchOnly === true ? BENCH_MODELS_ROOT : MODELS_ROOT), spec.id);
  const inputs = inputsHash(spec, sharedModels);
  return withLock(dir, () => {
    const current = options.force === true ? undefined : isUpToDate(dir, inputs);
    if (current) return { id: spec.id, dir, contentHash: current.content, skipped: true };
    return { id: spec.id, dir, contentHash: build(spec, dir, inputs, sharedModels), skipped: false };
  });
}

/** Generates the named model folders (all but the bench-only ones when `ids` is empty). */
export function generateModels(ids: readonly string[] = [], options: GenerateOptions = {}): GenerateResult[] {
  const unknown = ids.filter((id) => !MODEL_SPECS.some((s) => s.id === id));
  if (unknown.length > 0) {
    throw new Error(`Unknown model ${unknown.join(', ')}; known: ${MODEL_SPECS.map((s) => s.id).join(', ')}`);
  }
  const specs =
    ids.length === 0 ? MODEL_SPECS.filter((s) => s.benchOnly !== true) : MODEL_SPECS.filter((s) => ids.includes(s.id));
  return specs.map((spec) => generateModel(spec, options));
}

function main(argv: readonly string[]): void {
  const force = argv.includes('--force');
  const ids = argv.filter((a) => !a.startsWith('--'));
  for (const r of generateModels(ids, { force })) {
    const state = r.skipped ? 'up to date' : 'generated';
    console.log(`${r.id}: ${state} (${r.contentHash.slice(0, 16)}) → ${r.dir}`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
