import { AutoTokenizer, env } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument, embeddingText } from '../../core/chunking/chunker';
import type { ParsedDocument } from '../../core/chunking/types';
import { parsePdf } from '../parsers/pdf/parse-pdf';
import { nodePdfOptions } from '../parsers/pdf/pdfjs-node';
import { chunkBounds, chunkWithCounter, estimateCounter, type TokenCounter } from './exact-chunking';

// The real MiniLM tokenizer stands where the embed worker's would be: counts come back asynchronously
// in batches, as they do over the worker port.
let countOne: (text: string) => number;
let doc: ParsedDocument;
const calls: number[] = [];

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = join(import.meta.dirname, '../../../../shared/models/');
  const tokenizer = await AutoTokenizer.from_pretrained('Xenova/all-MiniLM-L6-v2');
  countOne = (text) => tokenizer.encode(text).length;
  const bytes = readFileSync(
    join(import.meta.dirname, '../../../../shared/data/pdf-corpus/pdfjs/tracemonkey.pdf'),
  );
  doc = await parsePdf(bytes, nodePdfOptions);
}, 60_000);

function workerCounter(maxTokens: number): TokenCounter {
  return {
    id: 'minilm',
    maxTokens,
    count: async (texts) => {
      calls.push(texts.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return texts.map((t) => countOne(t));
    },
  };
}

describe('chunkWithCounter', () => {
  it('cuts exactly the passages a synchronous real tokenizer would, in a few rounds', async () => {
    const result = await chunkWithCounter(doc, workerCounter(256), new AbortController().signal);
    const direct = chunkDocument(doc, { ...chunkBounds(256), countTokens: countOne });
    expect(result.isExact).toBe(true);
    expect(result.rounds).toBeLessThanOrEqual(8);
    expect(result.chunks.map((c) => c.text)).toEqual(direct.map((c) => c.text));
    for (const chunk of result.chunks) expect(countOne(embeddingText(chunk))).toBeLessThanOrEqual(256);
  });

  it('keeps passages under a model limit smaller than the policy', async () => {
    const result = await chunkWithCounter(doc, workerCounter(128), new AbortController().signal);
    expect(result.isExact).toBe(true);
    for (const chunk of result.chunks) expect(countOne(embeddingText(chunk))).toBeLessThanOrEqual(128);
  });

  it('asks for each text once, however many rounds run', async () => {
    const cache = new Map<string, number>();
    calls.length = 0;
    const first = await chunkWithCounter(doc, workerCounter(200), new AbortController().signal, cache);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(first.counted);
    expect(cache.size).toBe(first.counted);
    calls.length = 0;
    const again = await chunkWithCounter(doc, workerCounter(200), new AbortController().signal, cache);
    expect(calls).toEqual([]);
    expect(again.rounds).toBe(1);
  });

  it('uses the estimate in one round when no model is ready', async () => {
    const result = await chunkWithCounter(doc, estimateCounter, new AbortController().signal);
    expect(result).toMatchObject({ rounds: 1, counted: 0, isExact: true });
    expect(result.chunks.length).toBeGreaterThan(0);
  });
});
