// The native anchor of the embedding bench: the same model files, the same passages and the same
// batching as the browser's embed worker, through transformers.js on onnxruntime-node (CPU, all cores
// by ORT's default), so browser numbers can be read as a ratio of native speed on this machine.
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { join } from 'node:path';
import { DEFAULT_BATCH_SIZE } from '../../src/ml/tasks/text-embedder';
import { speedPassages } from '../../src/ml/speed-sample';

export interface NativeRun {
  dtype: 'fp32' | 'q8';
  passagesPerSecond: number;
  ms: number;
  tokensPerPassage: number;
}

async function embedAll(pipe: FeatureExtractionPipeline, passages: readonly string[]): Promise<void> {
  for (let start = 0; start < passages.length; start += DEFAULT_BATCH_SIZE) {
    const batch = passages.slice(start, start + DEFAULT_BATCH_SIZE);
    const out = await pipe(batch, { pooling: 'mean', normalize: true });
    out.dispose();
  }
}

/** Warm-up with one batch, then one timed pass over every passage, as "Measure speed" does. */
export async function runNative(modelsRoot: string, model: string, dtype: 'fp32' | 'q8'): Promise<NativeRun> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = join(modelsRoot, '/');
  const pipe = await pipeline('feature-extraction', model, { dtype, device: 'cpu' });
  const passages = speedPassages();
  const tokens = pipe.tokenizer(passages[0] ?? '').input_ids.dims.at(-1) ?? 0;
  await embedAll(pipe, passages.slice(0, DEFAULT_BATCH_SIZE));
  const started = performance.now();
  await embedAll(pipe, passages);
  const ms = performance.now() - started;
  await pipe.dispose();
  return {
    dtype,
    ms: Math.round(ms),
    passagesPerSecond: passages.length / (ms / 1000),
    tokensPerPassage: tokens,
  };
}
