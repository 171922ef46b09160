// The library's embedding model, restored at start (ADR 0094). The model a library's vectors are made
// with is part of the library: it is remembered in the settings table whenever a text embedder loads,
// and when a search, an import, vectors for keyword-only documents or a chat question need it and its
// files are all in the model cache, it loads by itself through the one model service, in the
// background (the header shows the progress). A model that is not downloaded waits for the person: no
// download starts that nobody asked for. Search reads `availability` to say plainly why it uses words
// only. The decisions are pure (embedder-restore.ts); this class gathers the facts and acts.
import { createContext, untrack } from 'svelte';
import { errorForPeople } from '../core/errors';
import { hasKeywordOnlyDocuments } from '../db/repositories/consistency';
import type { ModelEntry } from '../ml/registry';
import {
  embedderAvailability,
  keywordOnlyReason,
  libraryEmbedderKey,
  restoreStep,
  type EmbedderAvailability,
  type EmbedderNeed,
} from './embedder-restore';
import { readLibraryEmbedder, writeLibraryEmbedder } from './model-settings';
import type { ModelsState } from './models.svelte';
import type { StorageState } from './storage.svelte';

export class EmbedderState {
  /** The remembered key, read once at start; undefined until then or in a library that has none. */
  #storedKey = $state<string | undefined>();
  #vectorModelIds = $state<string[]>([]);
  /** The library's facts have been read (before that, needs wait). */
  #isKnown = $state(false);
  /** A need not yet acted on (it waits while the model's status is being checked). */
  #pending = $state<EmbedderNeed | undefined>();

  constructor(
    private readonly storage: StorageState,
    private readonly models: ModelsState,
    /** Whether imports are queued or running (they need the model for their vectors). */
    private readonly hasImportWork: () => boolean = () => false,
  ) {}

  /** The library's embedding model's key, once known. */
  get key(): string | undefined {
    if (!this.#isKnown) return undefined;
    return libraryEmbedderKey(
      this.#storedKey,
      this.#vectorModelIds,
      this.models.chosen('text-embedding').key,
    );
  }

  get entry(): ModelEntry | undefined {
    const key = this.key;
    return key === undefined ? undefined : this.models.entries.find((entry) => entry.key === key);
  }

  get availability(): EmbedderAvailability {
    const key = this.key;
    if (key === undefined) return { kind: 'checking' };
    const entry = this.entry;
    const view = this.models.view(key);
    return embedderAvailability({
      key,
      label: entry?.label,
      status: view.status,
      phase: view.progress?.phase,
      percent: view.progress?.percent,
      error: view.error,
    });
  }

  /** Why search uses words only now; undefined when the model is ready. */
  get keywordOnlyReason(): string | undefined {
    return keywordOnlyReason(this.availability);
  }

  get isReady(): boolean {
    return this.availability.kind === 'ready';
  }

  /** Something needs the model: it loads now if its files are cached (or once that is known). */
  need(reason: EmbedderNeed): void {
    this.#pending = reason;
  }

  /** Reads the library's facts, follows loads to remember the model, and acts on needs. */
  start(): () => void {
    let isStopped = false;
    const unsubscribe = this.models.service.subscribe((event) => {
      if (event.kind === 'loaded' && event.info.task === 'text-embedding') void this.#remember(event.key);
    });
    void this.#read().finally(() => {
      if (!isStopped) this.#isKnown = true;
    });
    let hasCheckedBackfill = false;
    const stopEffects = $effect.root(() => {
      // Imports and backfills run only in the writer tab (ADR 0011), so only it loads the model for them.
      $effect(() => {
        if (this.storage.role !== 'writer' || !this.#isKnown) return;
        if (this.hasImportWork()) this.need('import');
        if (hasCheckedBackfill) return;
        hasCheckedBackfill = true;
        hasKeywordOnlyDocuments(this.storage.db).then(
          (has) => {
            if (has && !isStopped) this.need('backfill');
          },
          (error: unknown) => {
            console.warn('ThinkBank: could not look for keyword-only documents', error);
          },
        );
      });
      $effect(() => {
        this.#step();
      });
    });
    return () => {
      isStopped = true;
      unsubscribe();
      stopEffects();
    };
  }

  /** Acts on a pending need once the model's status allows a decision. */
  #step(): void {
    const reason = this.#pending;
    if (reason === undefined || !this.#isKnown) return;
    const entry = this.entry;
    const step = entry === undefined ? 'skip' : restoreStep(this.models.view(entry.key).status);
    if (step === 'wait') return;
    this.#pending = undefined;
    if (step === 'load' && entry) {
      // The load reads the Models state; this effect must not re-run on what it reads.
      untrack(() => {
        this.#load(entry, reason);
      });
    }
  }

  #load(entry: ModelEntry, reason: EmbedderNeed): void {
    // No signal: the load belongs to the library, not to the query or question that asked first.
    this.models.load(entry).catch((error: unknown) => {
      // The Models page and search's words show the failure; the console keeps the detail.
      console.warn(`ThinkBank: ${entry.label} did not load by itself (needed for ${reason})`, error);
    });
  }

  async #read(): Promise<void> {
    try {
      await this.models.ready;
      const stored = await readLibraryEmbedder(this.storage.db);
      // A model loaded meanwhile is newer than what was stored.
      this.#storedKey ??= stored;
      const ids = await this.storage.db.vectors.orderBy('modelId').uniqueKeys();
      this.#vectorModelIds = ids.filter((id): id is string => typeof id === 'string');
    } catch (error) {
      console.warn(`ThinkBank: the library's embedding model could not be read: ${errorForPeople(error)}`);
    }
  }

  async #remember(key: string): Promise<void> {
    if (this.#storedKey === key) return;
    this.#storedKey = key;
    // A read-only tab cannot write; the writer tab remembers the model when it loads it there.
    const result = await this.storage.write((db) => writeLibraryEmbedder(db, key));
    if (!result.ok) console.info(`ThinkBank: the embedding model was not remembered: ${result.message}`);
  }
}

export const [getEmbedder, setEmbedder] = createContext<EmbedderState>();
