// Chunking with the embedding model's own tokenizer (ADR 0103). The chunker is pure and synchronous and
// asks for counts of texts it builds as it goes; the tokenizer lives in the embed worker, one message
// away. So chunking runs in rounds: each round chunks with the counts known so far (the estimate stands
// in for unknown texts) and collects the texts it had to guess; those are counted in batches and the
// next round runs again. A round that guessed nothing used real counts only, so its passages are exact.
// Counts are cached per text for the whole job, so each text crosses to the embed worker once.
import { chunkDocument, type ChunkOptions } from '../../core/chunking/chunker';
import type { Chunk, ParsedDocument } from '../../core/chunking/types';
import { AbortError } from '../../core/errors';
import { estimateTokens } from './token-count';

/** What counted a version's passages: the estimate, or the tokenizer of this model. */
export const ESTIMATE_COUNTER = 'estimate';

export interface TokenCounter {
  /** `ESTIMATE_COUNTER` or the key of the model whose tokenizer counts. */
  id: string;
  /** The most tokens the model reads (its limit); undefined for the estimate. */
  maxTokens: number | undefined;
  /** Counts texts; undefined for the estimate, which counts in place. */
  count: ((texts: string[], signal: AbortSignal) => Promise<number[]>) | undefined;
}

export const estimateCounter: TokenCounter = { id: ESTIMATE_COUNTER, maxTokens: undefined, count: undefined };

/** Texts per call to the embed worker. */
export const COUNT_BATCH = 512;
/** Rounds before giving up on exactness (each round counts at least one new text; 2–4 is usual). */
export const MAX_ROUNDS = 24;

const DEFAULT_MAX = 256;
const DEFAULT_TARGET = 200;

/** The chunker's bounds for a model limit: the policy's 256/200 (ADR 0071), lowered for a smaller model. */
export function chunkBounds(modelMax: number | undefined): Pick<ChunkOptions, 'maxTokens' | 'targetTokens'> {
  const maxTokens = Math.min(DEFAULT_MAX, modelMax ?? DEFAULT_MAX);
  return { maxTokens, targetTokens: Math.min(DEFAULT_TARGET, Math.floor(maxTokens * 0.8)) };
}

export interface ExactChunks {
  chunks: Chunk[];
  /** Rounds run; 1 for the estimate. */
  rounds: number;
  /** Texts counted by the tokenizer. */
  counted: number;
  /** False only when the rounds ran out before every count was real. */
  isExact: boolean;
}

export async function chunkWithCounter(
  doc: ParsedDocument,
  counter: TokenCounter,
  signal: AbortSignal,
  cache = new Map<string, number>(),
): Promise<ExactChunks> {
  const bounds = chunkBounds(counter.maxTokens);
  const count = counter.count;
  if (!count) {
    return {
      chunks: chunkDocument(doc, { ...bounds, countTokens: estimateTokens }),
      rounds: 1,
      counted: 0,
      isExact: true,
    };
  }
  let counted = 0;
  for (let round = 1; ; round++) {
    const missing = new Set<string>();
    const chunks = chunkDocument(doc, {
      ...bounds,
      countTokens: (text) => {
        const known = cache.get(text);
        if (known !== undefined) return known;
        missing.add(text);
        return estimateTokens(text);
      },
    });
    if (missing.size === 0) return { chunks, rounds: round, counted, isExact: true };
    if (round === MAX_ROUNDS) return { chunks, rounds: round, counted, isExact: false };
    const texts = [...missing];
    for (let start = 0; start < texts.length; start += COUNT_BATCH) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new AbortError();
      const batch = texts.slice(start, start + COUNT_BATCH);
      const counts = await count(batch, signal);
      batch.forEach((text, i) => cache.set(text, counts[i] ?? estimateTokens(text)));
      counted += batch.length;
    }
  }
}
