// Serves a local folder of models from a ThinkBank build, for self-hosted installs, previews and tests.
//
// Usage:
//   npm run models:link -- DIR [--out BUILD_DIR] [--copy]
//
// Every folder under DIR that holds config.json and onnx/*.onnx becomes a model at
// {BUILD_DIR}/models/{repo}/{revision}/ (ADR 0080's site layout), linked (or with --copy, copied), and
// {BUILD_DIR}/models/manifest.json lists them as registry entries (ADR 0090), so the app offers them
// when the model source is "this site". A folder named by a 40-hex commit (DIR/{owner}/{name}/{sha}/,
// as `hf download --local-dir` copies are usually kept) keeps that repo and revision; any other folder
// is named by its path under DIR and its revision is a content hash, so changed files get new URLs.
// BUILD_DIR defaults to $THINKBANK_OUT or dist. Run it after `vite build` (a build empties its folder).
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { MANIFEST_FORMAT, parseManifest, type ModelManifest } from '../src/ml/model-manifest';
import type { ModelEntry } from '../src/ml/registry';
import { entryFromFolder, type FolderFacts } from './models-link-entry';

const SKIP = new Set(['.stamp.json', 'thinkbank.json', 'README.md', '.gitattributes']);
const SHA = /^[0-9a-f]{40}$/;

function readJson(path: string): Record<string, unknown> | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : undefined;
}

function isModelFolder(dir: string): boolean {
  const onnx = join(dir, 'onnx');
  return (
    existsSync(join(dir, 'config.json')) &&
    existsSync(onnx) &&
    readdirSync(onnx).some((f) => f.endsWith('.onnx'))
  );
}

/** Model folders under root (not descending into a model folder). */
export function findModelFolders(root: string): string[] {
  if (isModelFolder(root)) return [root];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.endsWith('.lock'))
    .flatMap((e) => findModelFolders(join(root, e.name)))
    .sort();
}

function contentRevision(dir: string, files: string[]): string {
  const stamp = readJson(join(dir, '.stamp.json'));
  const h = createHash('sha256');
  if (typeof stamp?.['content'] === 'string') h.update(stamp['content']);
  else for (const file of files) h.update(`${file}\0`).update(readFileSync(join(dir, file)));
  return h.digest('hex').slice(0, 40);
}

export function describeFolder(root: string, dir: string): FolderFacts {
  const top = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && !SKIP.has(e.name));
  const supportFiles = top
    .map((e) => ({ path: e.name, bytes: statSync(join(dir, e.name)).size }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const graphs = readdirSync(join(dir, 'onnx'))
    .filter((f) => f.endsWith('.onnx'))
    .sort()
    .map((f) => ({ path: `onnx/${f}`, bytes: statSync(join(dir, 'onnx', f)).size }));
  const parts = relative(root, dir)
    .split(sep)
    .filter((p) => p !== '');
  const last = parts.at(-1) ?? '';
  let repo: string;
  let revision: string;
  if (SHA.test(last) && parts.length >= 3) {
    repo = parts.slice(-3, -1).join('/');
    revision = last;
  } else {
    repo = parts.length >= 2 ? parts.slice(-2).join('/') : `local/${parts[0] ?? 'model'}`;
    revision = contentRevision(
      dir,
      [...supportFiles, ...graphs].map((f) => f.path),
    );
  }
  return {
    repo,
    revision,
    config: readJson(join(dir, 'config.json')) ?? {},
    tokenizerConfig: readJson(join(dir, 'tokenizer_config.json')),
    preprocessor: readJson(join(dir, 'preprocessor_config.json')),
    supportFiles,
    graphs,
    overrides: readJson(join(dir, 'thinkbank.json')),
  };
}

function place(source: string, target: string, copy: boolean): void {
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target) || isLink(target)) rmSync(target, { recursive: true, force: true });
  if (copy) cpSync(source, target, { recursive: true });
  else symlinkSync(resolve(source), target, 'dir');
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export function linkModels(
  source: string,
  out: string,
  copy = false,
): { entries: ModelEntry[]; problems: string[] } {
  const root = resolve(source);
  const modelsDir = join(out, 'models');
  const candidates = findModelFolders(root).map((dir) => ({ dir, facts: describeFolder(root, dir) }));
  const manifest: ModelManifest = {
    formatVersion: MANIFEST_FORMAT,
    generatedBy: 'npm run models:link',
    models: candidates.map(({ facts }) => entryFromFolder(facts)),
  };
  const checked = parseManifest(manifest);
  for (const { dir, facts } of candidates) {
    if (!checked.entries.some((e) => e.repo === facts.repo)) continue;
    place(dir, join(modelsDir, facts.repo, facts.revision), copy);
  }
  mkdirSync(modelsDir, { recursive: true });
  writeFileSync(
    join(modelsDir, 'manifest.json'),
    `${JSON.stringify({ ...manifest, models: checked.entries }, null, 2)}\n`,
  );
  return checked;
}

function main(argv: string[]): void {
  const args = [...argv];
  const copy = args.includes('--copy');
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : (process.env['THINKBANK_OUT'] ?? 'dist');
  const source = args.find((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
  if (source === undefined || out === undefined) {
    console.error('Usage: npm run models:link -- DIR [--out BUILD_DIR] [--copy]');
    process.exit(2);
  }
  if (!existsSync(out)) {
    console.error(`No build at ${out}: run "vite build" first (or pass --out).`);
    process.exit(2);
  }
  const { entries, problems } = linkModels(source, out, copy);
  for (const entry of entries)
    console.log(`${entry.key}  ${entry.task}  ${entry.repo}@${entry.revision.slice(0, 12)}`);
  for (const problem of problems) console.warn(`skipped ${problem}`);
  console.log(`${String(entries.length)} models under ${join(out, 'models')}/ (manifest.json)`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename))
  main(process.argv.slice(2));
