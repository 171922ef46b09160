// Test helper for browser tests: the generated chat model (`npm run models:generate`, ADR 0040) as the
// dev server serves it from models/test/chat-llm/, described as a self-hosted registry entry the way
// `npm run models:link` would (repo "test", revision "chat-llm" put the files at that path under a
// folder-layout host), and loaded in the real llm worker. Never used by the app.
import { entryFromFolder } from '../../scripts/models-link-entry';
import type { Supervisor } from '../services/supervisor';
import type { LoadedModelInfo } from '../ml/loading/types';
import type { ModelHost } from '../ml/model-host';
import type { ModelEntry } from '../ml/registry';

const FOLDER = 'models/test/chat-llm/';

async function json(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, location.origin));
  if (!response.ok) {
    throw new Error(`${path}: ${String(response.status)} (run "npm run models:generate" first)`);
  }
  return (await response.json()) as Record<string, unknown>;
}

async function size(path: string): Promise<number> {
  const response = await fetch(new URL(path, location.origin));
  if (!response.ok) throw new Error(`${path}: ${String(response.status)}`);
  return (await response.arrayBuffer()).byteLength;
}

export async function testChatEntry(): Promise<{ entry: ModelEntry; host: ModelHost }> {
  const support = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];
  const entry = entryFromFolder({
    repo: 'test',
    revision: 'chat-llm',
    config: await json(`/${FOLDER}config.json`),
    tokenizerConfig: await json(`/${FOLDER}tokenizer_config.json`),
    preprocessor: undefined,
    supportFiles: await Promise.all(
      support.map(async (p) => ({ path: p, bytes: await size(`/${FOLDER}${p}`) })),
    ),
    graphs: [{ path: 'onnx/model.onnx', bytes: await size(`/${FOLDER}onnx/model.onnx`) }],
    overrides: { key: 'test-chat-llm', label: 'test/chat-llm' },
  });
  return { entry, host: { kind: 'custom', layout: 'folder', baseUrl: `${location.origin}/models/` } };
}

/** Loads the generated chat model in the supervisor's llm worker, on WASM. */
export async function loadTestChatModel(supervisor: Supervisor): Promise<LoadedModelInfo> {
  const { entry, host } = await testChatEntry();
  return supervisor
    .client('llm')
    .with({ timeoutMs: 60_000 })
    .load(entry.key, { host, appBase: location.href, device: 'wasm', entry });
}
