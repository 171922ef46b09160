// A text embedder for the eval, loaded in Node from a local transformers.js model folder (no network):
// the app's own TextEmbedder (src/ml/tasks/text-embedder.ts) over the model's real tokenizer and ONNX
// graph, with the registry's pooling, normalisation and query/passage prefixes when the folder is a
// registry model, else mean pooling + L2 normalisation. The tokenizer also counts tokens for the
// chunker, as the embedding model's own tokenizer does in the app (ADR 0112).

import { AutoModel, AutoTokenizer, env, FeatureExtractionPipeline } from '@huggingface/transformers';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { TextEmbedder, type TextKind } from '../../src/ml/tasks/text-embedder';
import { MODEL_REGISTRY, type TextEmbeddingSpec } from '../../src/ml/registry';

export interface EvalEmbedder {
  /** Registry key when the folder matches one, else the folder name. */
  readonly modelId: string;
  readonly dims: number;
  /** A generated random-weight model (ADR 0040): its scores say nothing about quality. */
  readonly isTestModel: boolean;
  /** What was assumed or matched, in words, for the report. */
  readonly notes: readonly string[];
  /** Hash of the model's files and embedding settings, for the vector cache key. */
  readonly fingerprint: string;
  countTokens(text: string): number;
  embed(texts: readonly string[], kind: TextKind): Promise<Float32Array>;
  dispose(): Promise<void>;
}

function readConfig(dir: string): Record<string, unknown> {
  const path = join(dir, 'config.json');
  if (!existsSync(path))
    throw new Error(`${dir} has no config.json; --models wants a transformers.js model folder.`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** The registry's text-embedding entry this folder holds, matched by folder name or `_name_or_path`. */
function registrySpec(
  dir: string,
  config: Record<string, unknown>,
): { key: string; spec: TextEmbeddingSpec } | undefined {
  const nameOrPath = typeof config['_name_or_path'] === 'string' ? config['_name_or_path'] : '';
  const names = [basename(dir), nameOrPath, nameOrPath.split('/').pop() ?? '']
    .filter((n) => n !== '')
    .map((n) => n.toLowerCase());
  for (const entry of MODEL_REGISTRY) {
    if (entry.task !== 'text-embedding') continue;
    const own = [entry.key, entry.repo, entry.repo.split('/').pop() ?? ''].map((n) => n.toLowerCase());
    if (names.some((n) => own.includes(n))) return { key: entry.key, spec: entry.embedding };
  }
  return undefined;
}

async function hashFile(hash: ReturnType<typeof createHash>, path: string): Promise<void> {
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
}

export async function loadEmbedder(folder: string): Promise<EvalEmbedder> {
  const dir = resolve(folder);
  const config = readConfig(dir);
  const notes: string[] = [];
  const isTestModel = 'thinkbank_test_model' in config || existsSync(join(dir, '.stamp.json'));
  const hidden = config['hidden_size'];
  const matched = registrySpec(dir, config);
  let spec: TextEmbeddingSpec;
  if (matched) {
    spec = matched.spec;
    notes.push(
      `Model ${matched.key} (registry): ${spec.pooling} pooling, normalise ${String(spec.normalize)}, query prefix "${spec.queryPrefix}", passage prefix "${spec.passagePrefix}".`,
    );
  } else {
    if (typeof hidden !== 'number')
      throw new Error(`${dir}/config.json has no hidden_size; cannot tell the vector size.`);
    spec = {
      dimensions: hidden,
      maxTokens: 512,
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
    };
    notes.push(`${basename(dir)} matches no registry entry: mean pooling, L2-normalised, no prefixes.`);
  }
  const onnx = ['model.onnx', 'model_quantized.onnx']
    .map((f) => join(dir, 'onnx', f))
    .find((p) => existsSync(p));
  if (onnx === undefined) throw new Error(`${dir}/onnx has neither model.onnx nor model_quantized.onnx.`);
  const dtype = basename(onnx) === 'model.onnx' ? 'fp32' : 'q8';

  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = join(dirname(dir), '/');
  const id = basename(dir);
  const [tokenizer, model] = await Promise.all([
    AutoTokenizer.from_pretrained(id),
    AutoModel.from_pretrained(id, { dtype, device: 'cpu' }),
  ]);
  const pipe = new FeatureExtractionPipeline({ task: 'feature-extraction', model, tokenizer });
  const embedder = new TextEmbedder(pipe, spec);

  const hash = createHash('sha256');
  hash.update(JSON.stringify({ spec, dtype }));
  await hashFile(hash, join(dir, 'config.json'));
  await hashFile(hash, onnx);
  for (const f of ['tokenizer.json', 'vocab.txt'])
    if (existsSync(join(dir, f))) await hashFile(hash, join(dir, f));

  return {
    modelId: matched?.key ?? id,
    dims: spec.dimensions,
    isTestModel,
    notes,
    fingerprint: hash.digest('hex'),
    countTokens: (text) => tokenizer.encode(text, { add_special_tokens: false }).length,
    embed: (texts, kind) => embedder.embed(texts, kind),
    dispose: () => embedder.dispose(),
  };
}
