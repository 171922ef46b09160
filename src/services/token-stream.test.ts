import { describe, expect, it } from 'vitest';
import type { GenerateResult, GeneratedToken } from '../../workers/contracts/llm';
import { generateStreaming, type TokenStreamMessage } from './token-stream';

const RESULT: GenerateResult = { text: 'abc', tokens: 3, promptTokens: 5, stopReason: 'end', ms: 1 };

describe('generateStreaming', () => {
  it('returns only after the tokens that trail the result have been delivered, in order', async () => {
    const seen: GeneratedToken[] = [];
    const result = await generateStreaming(
      (port) => {
        // The result is ready before any token reaches the caller, as happens when the two channels race.
        setTimeout(() => {
          for (const [i, text] of ['a', 'b', 'c'].entries()) port.postMessage({ text, tokens: i + 1 });
          port.postMessage(null satisfies TokenStreamMessage);
        }, 20);
        return Promise.resolve(RESULT);
      },
      (token) => seen.push(token),
    );
    expect(result).toEqual(RESULT);
    expect(seen.map((t) => t.text).join('')).toBe('abc');
    expect(seen.map((t) => t.tokens)).toEqual([1, 2, 3]);
  });

  it('fails at once when the call fails, without waiting for an end that will not come', async () => {
    const failure = new Error('the llm worker stopped');
    await expect(
      generateStreaming(
        () => Promise.reject(failure),
        () => undefined,
      ),
    ).rejects.toBe(failure);
  });
});
