// Packs a chat prompt into the model's context window by real token counts. The bound is exact:
// system + history + sources + question, as the model's own chat template renders them, plus the
// tokens reserved for the answer never exceed the window. Packing estimates with per-message template
// overhead measured once from the template (plus a small margin, since BPE merges across a join can
// move a count by a token), then the finished prompt is counted exactly by rendering the template and
// shrunk until it fits. Priorities: the question always; then passages strongest first (cut at a
// passage boundary, the strongest truncated at a sentence when even it does not fit) and the newest
// history turns, older turns condensed (question kept, answer shortened) and then dropped first.
import { AppError } from '../errors';
import { prepareCandidates } from './passages';
import { buildPrompt, DEFAULT_SYSTEM_PROMPT, formatSource, SOURCE_SEPARATOR } from './prompt';
import { stripCitations } from './citations';
import { truncateToBudget } from './truncate';
import type { ChatMessage, ChatTurn, ContextPassage, Passage, SourceEntry } from './types';

/** The chat model's tokenizer, as the caller has it (in the LLM worker: the model's own). */
export interface PromptTokenCounter {
  /** Tokens of plain text, without special tokens. */
  countTokens(text: string): number;
  /** Tokens of the whole prompt as the model's chat template renders it, generation prompt included. */
  countPromptTokens(messages: readonly ChatMessage[]): number;
}

/** What the chat template adds around messages, measured from the template itself. */
export interface TemplateOverhead {
  /** Tokens the template wraps each message in (role markers, separators), the most over roles. */
  readonly perMessage: number;
  /** Tokens outside the messages (generation prompt, preamble). */
  readonly fixed: number;
}

export interface BudgetOptions {
  /** Share of the free room history may take when the passages need the rest (0–1). */
  readonly historyShare: number;
  /** Tokens an old answer is shortened to when condensed (its question keeps up to twice as many). */
  readonly condensedTurnTokens: number;
  /** Tokens kept free beyond the estimate during packing; the exact check is the real bound. */
  readonly safetyMargin: number;
  /** A passage truncated to fewer tokens than this is not worth including. */
  readonly minPassageTokens: number;
  /** Measured overhead, when the caller already has it (it is measured per call otherwise). */
  readonly overhead?: TemplateOverhead;
}

export const DEFAULT_BUDGET_OPTIONS: BudgetOptions = {
  historyShare: 0.25,
  condensedTurnTokens: 48,
  safetyMargin: 8,
  minPassageTokens: 24,
};

export interface ContextRequest {
  readonly counter: PromptTokenCounter;
  /** The model's context length in tokens. */
  readonly contextWindow: number;
  /** Tokens kept free for the answer. */
  readonly reservedAnswerTokens: number;
  readonly systemPrompt?: string;
  /** Earlier turns, oldest first. */
  readonly history?: readonly ChatTurn[];
  /** Retrieval hits in any order; they are de-duplicated, merged and ordered here. */
  readonly passages: readonly Passage[];
  readonly question: string;
  readonly options?: Partial<BudgetOptions>;
}

export interface PackedContext {
  readonly messages: ChatMessage[];
  readonly sources: SourceEntry[];
  /** Exact tokens of the rendered prompt. */
  readonly promptTokens: number;
  /** Tokens left for the answer (at least the reserved amount). */
  readonly maxAnswerTokens: number;
  readonly history: { readonly kept: number; readonly condensed: number; readonly dropped: number };
  readonly passages: {
    readonly candidates: number;
    readonly included: number;
    readonly isTruncated: boolean;
  };
}

/** The question (with the system prompt and the reserved answer) does not fit the window at all. */
export class ContextOverflowError extends AppError {
  override name = 'ContextOverflowError';
  constructor(
    readonly needed: number,
    readonly available: number,
  ) {
    super(
      `The question is too long for this model: it needs ${needed} tokens and at most ${available} are free. Shorten the question or choose a model with a longer context.`,
      'context-overflow',
    );
  }
}

/** Measures the template's wrapping by rendering small probes (exact for templates like ChatML). */
export function measureTemplateOverhead(counter: PromptTokenCounter): TemplateOverhead {
  const c = (t: string) => counter.countTokens(t);
  const system: ChatMessage = { role: 'system', content: 'Answer.' };
  const one = counter.countPromptTokens([system]);
  const perMessage = Math.max(
    ...(['user', 'assistant'] as const).map(
      (role) => counter.countPromptTokens([system, { role, content: 'Yes.' }]) - one - c('Yes.'),
    ),
    0,
  );
  return { perMessage, fixed: Math.max(0, one - perMessage - c(system.content)) };
}

function memoize(fn: (text: string) => number): (text: string) => number {
  const cache = new Map<string, number>();
  return (text) => {
    let n = cache.get(text);
    if (n === undefined) {
      n = fn(text);
      cache.set(text, n);
    }
    return n;
  };
}

interface PackedTurn {
  readonly turn: ChatTurn;
  readonly isCondensed: boolean;
}

/** Newest turns whole while they fit `cap`, older ones condensed, the rest dropped. Oldest first. */
function packHistory(
  turns: readonly ChatTurn[],
  cap: number,
  turnCost: (t: ChatTurn) => number,
  condense: (t: ChatTurn) => ChatTurn,
): { packed: PackedTurn[]; used: number } {
  const packed: PackedTurn[] = [];
  let used = 0;
  let isCondensing = false;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (turn === undefined) continue;
    if (!isCondensing) {
      const cost = turnCost(turn);
      if (used + cost <= cap) {
        packed.unshift({ turn, isCondensed: false });
        used += cost;
        continue;
      }
      isCondensing = true;
    }
    const short = condense(turn);
    const cost = turnCost(short);
    if (used + cost > cap) break;
    packed.unshift({ turn: short, isCondensed: true });
    used += cost;
  }
  return { packed, used };
}

/** Builds the prompt that fits; throws ContextOverflowError when not even the bare question fits. */
export function packContext(request: ContextRequest): PackedContext {
  const o = { ...DEFAULT_BUDGET_OPTIONS, ...request.options };
  const { counter, question } = request;
  const count = memoize((t) => counter.countTokens(t));
  const overhead = o.overhead ?? measureTemplateOverhead(counter);
  const systemPrompt = request.systemPrompt ?? DEFAULT_SYSTEM_PROMPT;
  const turns = request.history ?? [];
  const available = request.contextWindow - request.reservedAnswerTokens;

  const bare = buildPrompt({ systemPrompt, history: [], passages: [], question });
  const bareTokens = counter.countPromptTokens(bare.messages);
  if (bareTokens > available) throw new ContextOverflowError(bareTokens, Math.max(0, available));

  const estimate = (messages: readonly ChatMessage[]) =>
    overhead.fixed + messages.reduce((sum, m) => sum + overhead.perMessage + count(m.content), 0);
  const room = Math.max(0, available - o.safetyMargin - Math.max(estimate(bare.messages), bareTokens));

  const candidates = prepareCandidates(request.passages);
  const headerCost = count('Sources:') + count(SOURCE_SEPARATOR);
  const sourceCost = (n: number, p: ContextPassage) => count(formatSource(n, p)) + count(SOURCE_SEPARATOR);
  const sourcesNeed = headerCost + candidates.reduce((sum, p, i) => sum + sourceCost(i + 1, p), 0);

  const turnCost = (t: ChatTurn) =>
    2 * overhead.perMessage + count(t.question.trim()) + count(stripCitations(t.answer).trim());
  const condense = (t: ChatTurn): ChatTurn => ({
    question: truncateToBudget(t.question.trim(), 2 * o.condensedTurnTokens, count),
    answer: truncateToBudget(stripCitations(t.answer).trim(), o.condensedTurnTokens, count),
  });
  const historyCap = Math.min(room, Math.max(Math.floor(room * o.historyShare), room - sourcesNeed));
  const history = packHistory(turns, historyCap, turnCost, condense);

  const sourcesRoom = room - history.used - headerCost;
  const included: ContextPassage[] = [];
  let used = 0;
  for (const p of candidates) {
    const n = included.length + 1;
    const cost = sourceCost(n, p);
    if (used + cost <= sourcesRoom) {
      included.push(p);
      used += cost;
      continue;
    }
    if (included.length === 0) {
      const fixedCost = count(SOURCE_SEPARATOR);
      const text = truncateToBudget(p.text, sourcesRoom - fixedCost, (t) =>
        count(formatSource(n, { ...p, text: t })),
      );
      if (text !== '' && count(text) >= o.minPassageTokens) included.push({ ...p, text, isTruncated: true });
    }
    break;
  }

  let packedTurns = history.packed.map((h) => h.turn);
  let prompt = buildPrompt({ systemPrompt, history: packedTurns, passages: included, question });
  let promptTokens = counter.countPromptTokens(prompt.messages);
  // The estimate can be off by a token per join; shrink until the exact count fits.
  while (promptTokens > available) {
    const over = promptTokens - available;
    const only = included[0];
    if (included.length > 1) included.pop();
    else if (packedTurns.length > 0) packedTurns = packedTurns.slice(1);
    else if (only) {
      const target = count(only.text) - over - 2;
      const text = target >= o.minPassageTokens ? truncateToBudget(only.text, target, count) : '';
      included.length = 0;
      if (text !== '') included.push({ ...only, text, isTruncated: true });
    } else break;
    prompt = buildPrompt({ systemPrompt, history: packedTurns, passages: included, question });
    promptTokens = counter.countPromptTokens(prompt.messages);
  }

  const keptTurns = history.packed.slice(history.packed.length - packedTurns.length);
  const condensed = keptTurns.filter((h) => h.isCondensed).length;
  return {
    messages: prompt.messages,
    sources: prompt.sources,
    promptTokens,
    maxAnswerTokens: request.contextWindow - promptTokens,
    history: { kept: keptTurns.length - condensed, condensed, dropped: turns.length - keptTurns.length },
    passages: {
      candidates: candidates.length,
      included: included.length,
      isTruncated: included.some((p) => p.isTruncated),
    },
  };
}
