import { env, pipeline, TextStreamer, type Message, type TextGenerationPipeline } from '@huggingface/transformers';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_MODELS } from './generate';
import { llamaConfig, llamaGenerationConfig, llamaGraph, TINY_CHAT_LLM, type LlamaDims } from './llama';
import { PIPELINE_TIMEOUT_MS } from './test-models';

const root = mkdtempSync(join(tmpdir(), 'thinkbank-llama-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes a Llama folder the way specs.ts does, under a temporary root; answers its model id. */
function writeModel(id: string, dims: LlamaDims): string {
  const dir = join(root, id);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  for (const name of ['tokenizer.json', 'tokenizer_config.json']) {
    copyFileSync(join(SHARED_MODELS, 'HuggingFaceTB/SmolLM2-135M-Instruct', name), join(dir, name));
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(llamaConfig(dims)));
  writeFileSync(join(dir, 'generation_config.json'), JSON.stringify(llamaGenerationConfig(dims)));
  writeFileSync(join(dir, 'onnx/model.onnx'), llamaGraph(dims, 7));
  return id;
}

async function answer(generator: TextGenerationPipeline): Promise<{ text: string; tokens: number }> {
  let tokens = 0;
  const streamer = new TextStreamer(generator.tokenizer, {
    skip_prompt: true,
    callback_function: () => undefined,
    token_callback_function: (ids: bigint[]) => (tokens += ids.length),
  });
  const question: Message[] = [{ role: 'user', content: 'What do my notes say about tides?' }];
  const [out] = (await generator(question, { max_new_tokens: 64, streamer })) as { generated_text: Message[] }[];
  const last = out?.generated_text.at(-1)?.content;
  return { text: typeof last === 'string' ? last : '', tokens };
}

describe('llamaGraph', () => {
  it(
    'runs grouped-query attention with a key/value cache of kvHeads heads when kvHeads < heads',
    async () => {
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = join(root, '/');
      const gqa: LlamaDims = { ...TINY_CHAT_LLM, heads: 4, kvHeads: 2, eosAfter: 12 };
      expect(llamaConfig(gqa)['num_key_value_heads']).toBe(2);
      const generator = await pipeline('text-generation', writeModel('test/gqa', gqa));
      const first = await answer(generator);
      // Twelve tokens read back through the cache, then <|im_end|>.
      expect(first.tokens).toBe(gqa.eosAfter + 1);
      expect(first.text.trim().length).toBeGreaterThan(0);
      // The same weights with every query head on its own cache head answer differently.
      const full = await pipeline('text-generation', writeModel('test/mha', { ...gqa, kvHeads: 4 }));
      expect((await answer(full)).text).not.toBe(first.text);
      await Promise.all([generator.dispose(), full.dispose()]);
    },
    PIPELINE_TIMEOUT_MS,
  );
});
