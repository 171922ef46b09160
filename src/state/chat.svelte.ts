// The Chat page's state: the stored conversations (live, latest first), the open one with the answer
// streaming now, the scope of the next question, and the chat model (which one, and whether it is
// loaded). Answers come from the chat service; each one is stored when it ends (done, stopped,
// failed or abstained) with its sources, so a reloaded conversation comes back whole. The chat model is
// the Models page's choice for "chat" (WASM devices get the entry's lighter fallback), loaded through
// the Models state, and unloaded after the tab has been hidden for a while (ADR 0141). A question also
// asks for the library's embedding model, which loads by itself when it is cached (ADR 0094).
import { createContext } from 'svelte';
import { errorForPeople } from '../core/errors';
import {
  appendMessage,
  createConversation,
  deleteConversation,
  listConversations,
  loadConversation,
  normalizeConversation,
  renameConversation,
  setConversationScope,
  type ChatConversationRecord,
} from '../db/repositories/conversations';
import type { ModelEntry } from '../ml/registry';
import { ChatService, type ChatEvent } from '../services/chat-service';
import type { Supervisor } from '../services/supervisor';
import { answerRecord, historyOf, messageView, summaryOf } from './chat-records';
import type { ChatMessageView, ChatScope, ConversationSummary } from './chat-types';
import type { EmbedderState } from './embedder.svelte';
import type { ModelsState } from './models.svelte';
import type { LiveValue, StorageState } from './storage.svelte';
import { defined } from '../core/defined';

/** A hidden tab gives the chat model's memory back after this long (ADR 0141). */
export const HIDDEN_UNLOAD_MS = 10 * 60_000;

export type ChatModelStatus = 'absent' | 'cached' | 'loading' | 'loaded' | 'failed';

export interface ChatModelView {
  key: string;
  label: string;
  status: ChatModelStatus;
  /** While loading: how far (0–100). */
  percent?: number;
  error?: string;
}

function sameScope(a: ChatScope, b: ChatScope): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ChatState {
  currentId = $state<string | undefined>();
  messages = $state<ChatMessageView[]>([]);
  scope = $state<ChatScope>({ kind: 'library' });
  isAnswering = $state(false);
  notice = $state<string | undefined>();
  readonly #list: LiveValue<ChatConversationRecord[]>;
  readonly #service: ChatService;
  #controller: AbortController | undefined;

  constructor(
    private readonly storage: StorageState,
    private readonly models: ModelsState,
    private readonly supervisor: () => Supervisor,
    private readonly embedder?: EmbedderState,
  ) {
    this.#list = storage.live((db) => listConversations(db), []);
    this.#service = new ChatService(supervisor, {
      modelKey: () => this.#entryOrThrow().key,
      load: (signal) => this.#loadModel(signal),
    });
  }

  get conversations(): ConversationSummary[] {
    return this.#list.current.map(summaryOf);
  }

  /** The chat model entry: the chosen one, or its lighter fallback when it would run on WASM. */
  get chatEntry(): ModelEntry | undefined {
    try {
      const chosen = this.models.chosen('chat');
      const plan = this.models.plan(chosen);
      const isWasm = plan?.ok ? plan.plan.profile === 'wasm' : this.models.profile === 'wasm';
      const fallback = chosen.wasmFallback;
      if (!isWasm || fallback === undefined) return chosen;
      return this.models.entries.find((e) => e.key === fallback) ?? chosen;
    } catch (error) {
      console.warn('ThinkBank: no chat model to choose', error);
      return undefined;
    }
  }

  get chatModel(): ChatModelView | undefined {
    const entry = this.chatEntry;
    if (!entry) return undefined;
    const view = this.models.view(entry.key);
    const status: ChatModelStatus =
      view.status === 'checking' ? 'absent' : view.status === 'downloading' ? 'loading' : view.status;
    return {
      key: entry.key,
      label: entry.label,
      status,
      ...defined({
        error: view.error,
        percent: status === 'loading' ? Math.round(view.progress?.percent ?? 0) : undefined,
      }),
    };
  }

  /**
   * Unloads the chat model when the tab stays hidden; returns the cleanup. (A replaced llm worker comes
   * back empty: the model service forgets its model.)
   */
  start(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onVisibility = () => {
      clearTimeout(timer);
      if (document.visibilityState !== 'hidden') return;
      timer = setTimeout(() => {
        if (!this.isAnswering && this.chatModel?.status === 'loaded') void this.unloadModel();
      }, HIDDEN_UNLOAD_MS);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      this.#controller?.abort();
    };
  }

  #entryOrThrow(): ModelEntry {
    const entry = this.chatEntry;
    if (!entry) throw new Error('No chat model is available. Choose one on the Models page.');
    return entry;
  }

  /** Loads the chat model through the model service (joining a load already running). */
  async #loadModel(signal: AbortSignal): Promise<void> {
    // A question asked right after a reload waits for the stored choice, not the default.
    await this.models.ready;
    const entry = this.#entryOrThrow();
    if (this.models.service.loaded(entry.key)) return;
    try {
      await this.models.load(entry, signal);
    } catch (error) {
      signal.throwIfAborted();
      throw new Error(`${entry.label} could not be loaded: ${errorForPeople(error)}`, {
        cause: error,
      });
    }
  }

  /** Asks `question`; `answerAnyway` sends weak passages to the model instead of abstaining. */
  async ask(question: string, options: { answerAnyway?: boolean } = {}): Promise<void> {
    if (this.isAnswering || question.trim() === '') return;
    this.notice = undefined;
    this.isAnswering = true;
    this.embedder?.need('chat');
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const scope = $state.snapshot(this.scope);
      const id = await this.#conversationFor(scope);
      if (id === undefined) return;
      const asked = await this.storage.write((db) => appendMessage(db, id, { role: 'user', text: question }));
      if (!asked.ok) {
        this.notice = asked.message;
        return;
      }
      const history = historyOf(this.messages);
      const isShown = () => this.currentId === id;
      if (isShown()) this.messages.push(messageView(asked.value));
      const draft: ChatMessageView = {
        id: `answer-${crypto.randomUUID()}`,
        role: 'assistant',
        text: '',
        status: 'retrieving',
        sources: [],
        timings: {},
        createdAt: Date.now(),
      };
      if (isShown()) this.messages.push(draft);
      // The proxied copy in `messages`, so updates reach the page.
      const answer = this.messages.find((m) => m.id === draft.id) ?? draft;
      let isOver = false;
      const result = await this.#service.ask({
        question,
        scope,
        history,
        signal: controller.signal,
        ...(options.answerAnyway === true ? { answerAnyway: true } : {}),
        onEvent: (event: ChatEvent) => {
          if (!isOver) applyEvent(answer, event, this.chatEntry?.key);
        },
      });
      isOver = true;
      answer.text = result.text;
      answer.status = result.status;
      answer.sources = result.sources;
      answer.timings = result.timings;
      if (result.modelKey !== undefined) answer.modelKey = result.modelKey;
      if (result.error !== undefined) answer.error = result.error;
      const stored = await this.storage.write((db) =>
        appendMessage(db, id, answerRecord($state.snapshot(answer))),
      );
      if (stored.ok) {
        answer.id = stored.value.id;
        answer.createdAt = stored.value.createdAt;
      } else {
        this.notice = `The answer was not saved: ${stored.message}`;
      }
    } catch (error) {
      this.notice = `Chat could not answer: ${errorForPeople(error)}`;
    } finally {
      if (this.#controller === controller) this.#controller = undefined;
      this.isAnswering = false;
    }
  }

  /** The open conversation (its scope moved to `scope` if it changed), or a new one. */
  async #conversationFor(scope: ChatScope): Promise<string | undefined> {
    const current = this.currentId;
    if (current !== undefined) {
      const stored = await this.storage.db.conversations.get(current);
      const record = stored === undefined ? undefined : normalizeConversation(stored);
      if (record && !sameScope(record.scope, scope)) {
        const moved = await this.storage.write((db) => setConversationScope(db, current, scope));
        if (!moved.ok) this.notice = moved.message;
      }
      return current;
    }
    const created = await this.storage.write((db) => createConversation(db, { scope }));
    if (!created.ok) {
      this.notice = created.message;
      return undefined;
    }
    this.currentId = created.value.id;
    this.messages = [];
    return created.value.id;
  }

  stop(): void {
    this.#controller?.abort();
  }

  newConversation(scope?: ChatScope): void {
    this.currentId = undefined;
    this.messages = [];
    this.notice = undefined;
    if (scope) this.scope = scope;
  }

  async open(id: string): Promise<void> {
    try {
      const loaded = await loadConversation(this.storage.db, id);
      if (!loaded) {
        this.notice = 'That conversation no longer exists.';
        return;
      }
      this.currentId = id;
      this.scope = loaded.conversation.scope;
      this.messages = loaded.messages.map(messageView);
      this.notice = undefined;
    } catch (error) {
      this.notice = `The conversation could not be opened: ${errorForPeople(error)}`;
    }
  }

  async rename(id: string, title: string): Promise<string | undefined> {
    const result = await this.storage.write((db) => renameConversation(db, id, title));
    return result.ok ? undefined : result.message;
  }

  async remove(id: string): Promise<string | undefined> {
    const result = await this.storage.write((db) => deleteConversation(db, id));
    if (!result.ok) return result.message;
    if (this.currentId === id) this.newConversation();
    return undefined;
  }

  /** Frees the chat model's memory in the llm worker (its files stay cached). */
  async unloadModel(): Promise<void> {
    const entry = this.chatEntry;
    if (!entry) return;
    try {
      await this.models.unload(entry);
    } catch (error) {
      this.notice = `The chat model could not be unloaded: ${errorForPeople(error)}`;
    }
  }
}

function applyEvent(answer: ChatMessageView, event: ChatEvent, modelKey: string | undefined): void {
  switch (event.kind) {
    case 'phase':
      answer.status = event.phase;
      if (event.phase !== 'retrieving' && modelKey !== undefined) answer.modelKey = modelKey;
      return;
    case 'sources':
      answer.sources = event.sources;
      answer.timings = { ...answer.timings, promptTokens: event.promptTokens };
      return;
    case 'token':
      answer.text += event.text;
      return;
  }
}

export const [getChat, setChat] = createContext<ChatState>();
