// The window a chat prompt is packed into: the smallest of the registry's context length, the model
// config's max_position_embeddings and the caller's limit.
import { describe, expect, it } from 'vitest';
import { getModel } from '../registry';
import { contextWindowFor, FALLBACK_CONTEXT_TOKENS } from './chat-context';

describe('contextWindowFor', () => {
  const qwen = getModel('qwen2.5-0.5b-instruct');

  it('uses the registry context length when the config allows more', () => {
    expect(contextWindowFor(qwen, 131_072, undefined)).toBe(32_768);
  });

  it('is capped by the config when an entry claims more than the graph was built for', () => {
    expect(contextWindowFor(qwen, 4096, undefined)).toBe(4096);
  });

  it('is capped by the caller’s limit', () => {
    expect(contextWindowFor(qwen, 131_072, 2048)).toBe(2048);
  });

  it('falls back to a small window when nothing names one', () => {
    expect(contextWindowFor(undefined, undefined, undefined)).toBe(FALLBACK_CONTEXT_TOKENS);
    expect(contextWindowFor(getModel('whisper-base'), undefined, 0)).toBe(FALLBACK_CONTEXT_TOKENS);
  });
});
