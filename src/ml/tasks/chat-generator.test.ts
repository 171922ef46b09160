// The chat generator on the generated Llama (ADR 0040) through the real transformers.js in Node:
// the chat template is applied, tokens arrive one by one, and an abort stops generation at the next step.
import { AutoModelForCausalLM, AutoTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_CHAT_LLM } from '../../../scripts/models/llama';
import { PIPELINE_TIMEOUT_MS, useGeneratedModels } from '../../../scripts/models/test-models';
import { ChatGenerator, type GeneratedToken } from './chat-generator';
import { yieldBetweenSteps } from './generation-steps';

const question = [{ role: 'user' as const, content: 'What do my notes say about cats?' }];

describe('ChatGenerator', () => {
  let generator: ChatGenerator;
  beforeAll(async () => {
    useGeneratedModels('test/chat-llm');
    const [tokenizer, model] = await Promise.all([
      AutoTokenizer.from_pretrained('test/chat-llm'),
      AutoModelForCausalLM.from_pretrained('test/chat-llm', { dtype: 'fp32' }),
    ]);
    yieldBetweenSteps(model);
    generator = new ChatGenerator(tokenizer, model);
  }, PIPELINE_TIMEOUT_MS);

  describe('generate', () => {
    it(
      'streams one message per token whose pieces add up to the answer, and ends at the end token',
      async () => {
        const seen: GeneratedToken[] = [];
        const result = await generator.generate(
          question,
          { maxNewTokens: 64 },
          (t) => seen.push(t),
          new AbortController().signal,
        );
        expect(result.stopReason).toBe('end');
        expect(result.tokens).toBe(TINY_CHAT_LLM.eosAfter + 1);
        expect(seen.map((t) => t.tokens)).toEqual(Array.from({ length: result.tokens }, (_, i) => i + 1));
        expect(seen.map((t) => t.text).join('')).toBe(result.text);
        expect(result.text.trim().length).toBeGreaterThan(0);
        expect(result.promptTokens).toBe(generator.countPromptTokens(question));
      },
      PIPELINE_TIMEOUT_MS,
    );

    it(
      'stops at the next step when the signal aborts mid-answer',
      async () => {
        const controller = new AbortController();
        const result = await generator.generate(
          question,
          { maxNewTokens: 64 },
          (t) => {
            if (t.tokens === 3) controller.abort();
          },
          controller.signal,
        );
        expect(result.stopReason).toBe('cancelled');
        expect(result.tokens).toBe(3);
      },
      PIPELINE_TIMEOUT_MS,
    );

    it(
      'reports a cut at maxNewTokens',
      async () => {
        const result = await generator.generate(
          question,
          { maxNewTokens: 5 },
          () => undefined,
          new AbortController().signal,
        );
        expect(result).toMatchObject({ stopReason: 'length', tokens: 5 });
      },
      PIPELINE_TIMEOUT_MS,
    );
  });
});
