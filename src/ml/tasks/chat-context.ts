// Packs a chat prompt with the loaded model's own tokenizer (ADR 0120, ADR 0141): core packContext
// counts plain text with the tokenizer (no special tokens) and whole prompts through the model's chat
// template, so the bound "prompt + reserved answer ≤ window" holds for the tokens the model will
// really see. The window is the registry's `chat.contextTokens`, capped by the model's own
// max_position_embeddings (a self-hosted entry may claim more than the graph was built for) and by the
// caller's limit (a smaller window keeps prefill fast on slow devices).
import { packContext, type BudgetOptions, type PackedContext } from '../../core/rag/budget';
import type { ChatTurn, Passage } from '../../core/rag/types';
import type { ModelEntry } from '../registry';
import type { ChatGenerator } from './chat-generator';
import { defined } from '../../core/defined';

/** Tokens kept free for the answer when the caller does not say. */
export const DEFAULT_RESERVED_ANSWER_TOKENS = 384;
/** The window when neither the entry nor the config names one (transformers.js's own default). */
export const FALLBACK_CONTEXT_TOKENS = 2048;

export interface PrepareRequest {
  question: string;
  /** Earlier turns, oldest first. */
  history: ChatTurn[];
  /** Retrieved passages, any order (they are de-duplicated, merged and ordered here). */
  passages: Passage[];
  systemPrompt?: string;
  reservedAnswerTokens?: number;
  /** At most this many tokens of window, whatever the model allows. */
  contextLimit?: number;
  options?: Partial<BudgetOptions>;
}

export interface PreparedContext extends PackedContext {
  modelKey: string;
  /** The window the prompt was packed into. */
  contextWindow: number;
  reservedAnswerTokens: number;
}

/** The window a model is packed into: entry, config and caller limits, the smallest wins. */
export function contextWindowFor(
  entry: ModelEntry | undefined,
  maxPositions: number | undefined,
  limit: number | undefined,
): number {
  const fromEntry = entry?.task === 'chat' ? entry.chat.contextTokens : undefined;
  const candidates = [fromEntry, maxPositions, limit].filter(
    (n): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0,
  );
  return candidates.length === 0 ? FALLBACK_CONTEXT_TOKENS : Math.min(...candidates);
}

export function prepareChatContext(
  generator: ChatGenerator,
  entry: ModelEntry | undefined,
  modelKey: string,
  request: PrepareRequest,
): PreparedContext {
  const contextWindow = contextWindowFor(entry, generator.maxPositions, request.contextLimit);
  // Never reserve more than half the window: a tiny window still gets a prompt.
  const reservedAnswerTokens = Math.min(
    request.reservedAnswerTokens ?? DEFAULT_RESERVED_ANSWER_TOKENS,
    Math.floor(contextWindow / 2),
  );
  const packed = packContext({
    counter: {
      countTokens: (text) => generator.countTokens(text),
      countPromptTokens: (messages) => generator.countPromptTokens(messages),
    },
    contextWindow,
    reservedAnswerTokens,
    history: request.history,
    passages: request.passages,
    question: request.question,
    ...defined({ systemPrompt: request.systemPrompt }),
    ...(request.options ? { options: request.options } : {}),
  });
  return { ...packed, modelKey, contextWindow, reservedAnswerTokens };
}
