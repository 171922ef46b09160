// One chat answer, orchestrated on the main thread (no Svelte here): retrieve through the search
// worker in the question's scope → decide from the evidence whether the library holds the answer
// (core/rag/abstain, calibrated per embedding model, ADR 0121/0140) → if not, answer so with the
// nearest passages and never touch the LLM → else make sure the chat model is loaded, pack the prompt
// with its real tokenizer in the llm worker (prepare), and stream the answer (Stop = the abort signal).
// Failures end as a failed answer in plain words, never as a thrown error: a crashed llm worker is
// restarted by the supervisor, and the next question loads the model again.
import { decideAnswerable, type AbstainDecision } from '../core/rag/abstain';
import { abstainPolicyFor } from '../core/rag/calibrations';
import { describeSource, usedSources } from '../core/rag/citations';
import type { ChatTurn, SourceEntry } from '../core/rag/types';
import { errorForPeople, isAbortError, isInfrastructureError } from '../core/errors';
import type { ConversationScope, MessageTimings } from '../db/repositories/conversations';
import type { ChunkLocation, DocumentType } from '../db/types';
import type { GeneratedToken, PreparedContext } from '../../workers/contracts/llm';
import type { RetrievedPassage, RetrieveResponse, SearchFilters } from '../../workers/contracts/search';
import type { Supervisor } from './supervisor';
import { generateStreaming } from './token-stream';
import { defined } from '../core/defined';

/** A numbered source given to the model (or, for an abstained answer, a nearest passage). */
export interface AnswerSource {
  /** The number `[n]` in the answer refers to (1-based). */
  n: number;
  chunkId: string;
  documentId: string;
  title: string;
  /** The document's type, for opening it (a PDF opens at its page). */
  type: DocumentType | undefined;
  /** "Title › Section, page 4". */
  label: string;
  location: ChunkLocation;
  /** The start of the passage, to show in the source list. */
  excerpt: string;
  /** The answer cites it (false for sources the model was given but did not use). */
  isCited: boolean;
}

export type AnswerPhase = 'retrieving' | 'loading-model' | 'generating';

export type ChatEvent =
  | { kind: 'phase'; phase: AnswerPhase }
  /** The numbered sources the model was given (before any token). */
  | { kind: 'sources'; sources: AnswerSource[]; promptTokens: number }
  | { kind: 'token'; text: string; tokens: number };

export interface AskResult {
  status: 'done' | 'stopped' | 'failed' | 'abstained';
  text: string;
  sources: AnswerSource[];
  error?: string;
  modelKey?: string;
  timings: MessageTimings;
  decision?: AbstainDecision;
}

/** The chat model to answer with, and how to load it in the llm worker (the Models state does it). */
export interface ChatModelLoader {
  /** The key of the chat model to use; throws an error in plain words when there is none. */
  modelKey(): string;
  /** Loads that model in the llm worker; resolves once it is loaded, rejects with the reason. */
  load(signal: AbortSignal): Promise<void>;
}

export interface AskRequest {
  question: string;
  scope: ConversationScope;
  /** Earlier turns of this conversation, oldest first. */
  history: ChatTurn[];
  signal: AbortSignal;
  onEvent: (event: ChatEvent) => void;
  /** The person asked for an answer after an abstain: weak passages go to the model all the same. */
  answerAnyway?: boolean;
}

export interface ChatServiceOptions {
  /** Passages retrieved per question (default 12). */
  k?: number;
  /** Nearest passages shown with an abstained answer (default 3). */
  nearest?: number;
  /** Tokens kept for the answer (the answer's length limit). */
  reservedAnswerTokens?: number;
  /** At most this many tokens of context, whatever the model allows. */
  contextLimit?: number;
}

export const ABSTAIN_TEXT =
  'Your library does not seem to say. These are the closest passages I found; none of them answers the question well enough to go on.';
export const NOTHING_FOUND_TEXT =
  'Nothing in your library matches this question, so there is nothing to answer from.';
const EXCERPT_CHARS = 240;

/** Search filters for a chat scope: the whole library, one collection, or one document. */
export function scopeFilters(scope: ConversationScope): SearchFilters {
  switch (scope.kind) {
    case 'library':
      return {};
    case 'collection':
      return { collectionIds: [scope.collectionId] };
    case 'document':
      return { documentIds: [scope.documentId] };
  }
}

function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS).trimEnd()}…`;
}

function toSource(entry: SourceEntry, type: DocumentType | undefined, isCited: boolean): AnswerSource {
  const used = describeSource(entry);
  return {
    n: used.n,
    chunkId: used.chunkId,
    documentId: used.documentId,
    title: used.title,
    type,
    label: used.label,
    location: used.location as ChunkLocation,
    excerpt: excerptOf(entry.passage.text),
    isCited,
  };
}

/** Nearest passages of an abstained answer, numbered in retrieval order, none cited. */
export function nearestSources(passages: readonly RetrievedPassage[], count: number): AnswerSource[] {
  return passages.slice(0, count).map((p, i) =>
    toSource(
      {
        n: i + 1,
        passage: { ...p, chunkIds: [p.chunkId], lastOrdinal: p.ordinal, isTruncated: false },
      },
      p.type,
      false,
    ),
  );
}

/** The sources the model was given, the cited ones first (in order of first use), then the rest. */
export function answerSources(
  text: string,
  prepared: Pick<PreparedContext, 'sources'>,
  types: ReadonlyMap<string, DocumentType>,
): AnswerSource[] {
  const cited = usedSources(text, prepared.sources).map((u) => u.n);
  const byN = new Map(prepared.sources.map((s) => [s.n, s]));
  const order = [...cited, ...prepared.sources.map((s) => s.n).filter((n) => !cited.includes(n))];
  return order.flatMap((n) => {
    const entry = byN.get(n);
    return entry ? [toSource(entry, types.get(entry.passage.documentId), cited.includes(n))] : [];
  });
}

/** An error as a person reads it: no class names, and a crash says what happens next. */
export function answerError(error: unknown): string {
  if (isInfrastructureError(error)) {
    return 'The chat model stopped while answering (its worker crashed or hung). It is restarting: ask again.';
  }
  return errorForPeople(error);
}

export class ChatService {
  constructor(
    private readonly supervisor: () => Supervisor,
    private readonly model: ChatModelLoader,
    private readonly options: ChatServiceOptions = {},
  ) {}

  async ask(request: AskRequest): Promise<AskResult> {
    const t0 = performance.now();
    const { signal, onEvent } = request;
    const timings: MessageTimings = {};
    let text = '';
    let sources: AnswerSource[] = [];
    let modelKey: string | undefined;
    let prepared: PreparedContext | undefined;
    let types = new Map<string, DocumentType>();
    const ended = (status: AskResult['status'], extra: Partial<AskResult> = {}): AskResult => {
      timings.totalMs = Math.round(performance.now() - t0);
      if (prepared) sources = answerSources(text, prepared, types);
      return {
        status,
        text,
        sources,
        timings,
        ...defined({ modelKey }),
        ...extra,
      };
    };
    try {
      onEvent({ kind: 'phase', phase: 'retrieving' });
      const retrieved = await this.retrieve(request);
      timings.retrievalMs = Math.round(performance.now() - t0);
      types = new Map(retrieved.passages.map((p) => [p.documentId, p.type]));
      const decision = decideAnswerable(retrieved.evidence, abstainPolicyFor(retrieved.modelId));
      // With no passage at all there is nothing to answer from, even when asked to.
      const isForced = request.answerAnyway === true && retrieved.passages.length > 0;
      if (!decision.shouldAnswer && !isForced) {
        text = retrieved.passages.length === 0 ? NOTHING_FOUND_TEXT : ABSTAIN_TEXT;
        sources = nearestSources(retrieved.passages, this.options.nearest ?? 3);
        return ended('abstained', { decision });
      }

      modelKey = this.model.modelKey();
      const llm = this.supervisor().client('llm');
      const info = await llm.with({ signal }).info();
      if (info?.modelKey !== modelKey) {
        onEvent({ kind: 'phase', phase: 'loading-model' });
        await this.model.load(signal);
      }
      prepared = await llm.with({ signal }).prepare({
        question: request.question,
        history: request.history,
        passages: retrieved.passages,
        ...defined({
          reservedAnswerTokens: this.options.reservedAnswerTokens,
          contextLimit: this.options.contextLimit,
        }),
      });
      timings.promptTokens = prepared.promptTokens;
      onEvent({
        kind: 'sources',
        sources: answerSources('', prepared, types),
        promptTokens: prepared.promptTokens,
      });
      onEvent({ kind: 'phase', phase: 'generating' });
      const result = await this.generate(prepared, signal, t0, timings, (token) => {
        text += token.text;
        onEvent({ kind: 'token', text: token.text, tokens: token.tokens });
      });
      text = result.text;
      timings.outputTokens = result.tokens;
      if (result.ms > 0) timings.tokensPerSecond = Math.round((result.tokens / result.ms) * 10_000) / 10;
      return ended(result.stopReason === 'cancelled' ? 'stopped' : 'done', { decision });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return ended('stopped');
      return ended('failed', { error: answerError(error) });
    }
  }

  private retrieve(request: AskRequest): Promise<RetrieveResponse> {
    return this.supervisor()
      .client('search')
      .with({ signal: request.signal })
      .retrieve(request.question, {
        mode: 'hybrid',
        k: this.options.k ?? 12,
        filters: scopeFilters(request.scope),
      });
  }

  /** Streams tokens from the llm worker over a port; the first one sets firstTokenMs. */
  private generate(
    prepared: PreparedContext,
    signal: AbortSignal,
    t0: number,
    timings: MessageTimings,
    onToken: (token: GeneratedToken) => void,
  ) {
    return generateStreaming(
      (port) =>
        this.supervisor()
          .client('llm')
          .with({ signal, timeoutMs: Number.POSITIVE_INFINITY, transfer: [port] })
          .generate(prepared.messages, { maxNewTokens: prepared.reservedAnswerTokens, stream: port }),
      (token) => {
        timings.firstTokenMs ??= Math.round(performance.now() - t0);
        onToken(token);
      },
    );
  }
}
