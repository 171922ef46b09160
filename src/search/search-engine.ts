// The search worker's state and lifecycle (ADR 0110): load the stored indexes at start (queries can run
// as soon as they are in memory), then sync with the database in the background; keep following the
// database (Dexie liveQuery) and sync again after changes; save changed indexes after a quiet moment.
// Only the worker holding the `thinkbank-search-index` Web Lock saves, so two tabs never write the same
// segments; the others keep their own in-memory copy in step by syncing. Changes run one at a time.
import { liveQuery, type Subscription } from 'dexie';
import { errorForPeople } from '../core/errors';
import { ThinkBankDb } from '../db/database';
import { deleteIndex, listIndexKeys, loadIndex, saveIndex } from '../db/repositories/indexes';
import type {
  IndexStats,
  SearchMode,
  SearchOpenOptions,
  SearchStats,
  SearchTimings,
  SyncReport,
} from '../../workers/contracts/search';
import { KeywordIndex, keywordIndexKey } from './keyword-index';
import { LoadRefusal } from './stored-parts';
import { readDocuments, removeFromKeyword, removeFromVector, syncAll, type IndexSet } from './sync';
import {
  DEFAULT_VECTOR_SETTINGS,
  VectorIndex,
  vectorIndexKey,
  type VectorIndexSettings,
} from './vector-index';

export const INDEX_WRITER_LOCK = 'thinkbank-search-index';

interface Origin {
  origin: IndexStats['origin'];
  rebuildReason: string | undefined;
  loadMs: number | undefined;
}

export class SearchEngine {
  readonly indexes: IndexSet = { keyword: new Map(), vector: new Map(), documents: new Map() };
  readonly db: ThinkBankDb;
  readonly vectorSettings: VectorIndexSettings;
  #ready: Promise<void> | undefined;
  #readyMs: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #syncRequested: Promise<SyncReport> | undefined;
  #isSyncing = false;
  #dirty = new Set<string>();
  #origins = new Map<string, Origin>();
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #saveDelayMs: number;
  #isWriter = false;
  #lastSync: SyncReport | undefined;
  #lastSaveMs: number | undefined;
  #saves = 0;
  #lastError: string | undefined;
  #watch: Subscription | undefined;
  #lastQuery: (SearchTimings & { mode: SearchMode }) | undefined;

  constructor(
    private readonly options: SearchOpenOptions,
    private readonly startedAt: number,
  ) {
    this.db = new ThinkBankDb(options.databaseName);
    this.vectorSettings = options.vector ?? DEFAULT_VECTOR_SETTINGS;
    this.#saveDelayMs = options.saveDelayMs ?? 2_000;
  }

  /** Resolves once the stored indexes are in memory (not waiting for the first sync). */
  ready(): Promise<void> {
    this.#ready ??= this.#start();
    return this.#ready;
  }

  async #start(): Promise<void> {
    this.#takeWriterLock();
    const keys = await listIndexKeys(this.db);
    await Promise.all([readDocuments(this.db, this.indexes), ...keys.map((key) => this.#loadOne(key))]);
    this.#readyMs = performance.now() - this.startedAt;
    // Without watching (tests), syncs happen only when asked.
    if (this.options.watch ?? true) this.#startWatching();
  }

  async #loadOne(indexKey: string): Promise<void> {
    const t0 = performance.now();
    const [kind, ...rest] = indexKey.split(':');
    const scope = rest.join(':');
    try {
      const stored = await loadIndex(this.db, indexKey);
      if (!stored) return;
      if (kind === 'hnsw') {
        const index = VectorIndex.fromStored(stored, { modelId: scope, settings: this.vectorSettings });
        this.indexes.vector.set(scope, index);
      } else {
        this.indexes.keyword.set(
          scope,
          KeywordIndex.fromStored(stored, { collectionId: scope, settings: {} }),
        );
      }
      this.#origins.set(indexKey, {
        origin: 'loaded',
        rebuildReason: undefined,
        loadMs: performance.now() - t0,
      });
    } catch (error) {
      // A stored index we cannot use is rebuilt from the chunks and vectors by the first sync.
      const reason =
        error instanceof LoadRefusal ? `${error.reason}: ${error.message}` : errorForPeople(error);
      this.#origins.set(indexKey, { origin: 'rebuilt', rebuildReason: reason, loadMs: undefined });
      this.#dirty.add(indexKey);
    }
  }

  #takeWriterLock(): void {
    const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
    if (!locks) {
      this.#isWriter = true;
      return;
    }
    // Waits in the lock's queue when another tab's worker writes; holds it for the worker's lifetime.
    void locks
      .request(INDEX_WRITER_LOCK, () => {
        this.#isWriter = true;
        if (this.#dirty.size > 0) this.#scheduleSave();
        return new Promise<void>(() => undefined);
      })
      .catch((error: unknown) => {
        this.#fail(error);
      });
  }

  #startWatching(): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Any change to documents or versions (a version finished, a document deleted or moved) → sync.
    this.#watch = liveQuery(() =>
      Promise.all([this.db.documents.toArray(), this.db.versions.toArray()]),
    ).subscribe({
      next: () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          void this.sync().catch((error: unknown) => {
            this.#fail(error);
          });
        }, 100);
      },
      error: (error: unknown) => {
        this.#fail(error);
      },
    });
  }

  #fail(error: unknown): void {
    this.#lastError = errorForPeople(error);
    console.warn('ThinkBank search:', error);
  }

  /** Runs `task` after every change queued before it. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Syncs with the database; calls made while one is queued join it. */
  sync(): Promise<SyncReport> {
    this.#syncRequested ??= this.ready().then(() =>
      this.#serial(async () => {
        this.#syncRequested = undefined;
        this.#isSyncing = true;
        const t0 = performance.now();
        try {
          const counts = await syncAll({
            db: this.db,
            indexes: this.indexes,
            vectorSettings: this.vectorSettings,
            markDirty: (key) => {
              this.#markDirty(key);
            },
            signal: undefined,
          });
          await this.#compactIfNeeded();
          const report: SyncReport = {
            ...counts,
            documents: this.indexes.documents.size,
            ms: performance.now() - t0,
          };
          this.#lastSync = report;
          return report;
        } finally {
          this.#isSyncing = false;
        }
      }),
    );
    return this.#syncRequested;
  }

  /** Rebuilds a vector index whose deletions passed its compaction threshold, off to the side. */
  async #compactIfNeeded(): Promise<void> {
    for (const [modelId, index] of this.indexes.vector) {
      if (index.hnsw.tombstoneFraction <= index.hnsw.params.compactFraction) continue;
      const fresh = new Map<string, VectorIndex>();
      await syncAll({
        db: this.db,
        indexes: { keyword: new Map(), vector: fresh, documents: new Map() },
        vectorSettings: this.vectorSettings,
        markDirty: () => undefined,
        signal: undefined,
      });
      const rebuilt = fresh.get(modelId);
      if (rebuilt) this.indexes.vector.set(modelId, rebuilt);
      this.#markDirty(vectorIndexKey(modelId));
    }
  }

  removeDocuments(ids: readonly string[]): Promise<void> {
    return this.ready().then(() =>
      this.#serial(() => {
        for (const id of ids) {
          this.indexes.documents.delete(id);
          for (const index of this.indexes.keyword.values()) {
            if (removeFromKeyword(index, id) > 0) this.#markDirty(keywordIndexKey(index.collectionId));
          }
          for (const index of this.indexes.vector.values()) {
            if (removeFromVector(index, id) > 0) this.#markDirty(vectorIndexKey(index.modelId));
          }
        }
        return Promise.resolve();
      }),
    );
  }

  #markDirty(indexKey: string): void {
    this.#dirty.add(indexKey);
    this.#scheduleSave();
  }

  #scheduleSave(): void {
    if (!this.#isWriter) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      void this.flush().catch((error: unknown) => {
        this.#fail(error);
      });
    }, this.#saveDelayMs);
  }

  /** Saves every changed index now (after any change in progress). */
  flush(): Promise<void> {
    return this.ready().then(() =>
      this.#serial(async () => {
        clearTimeout(this.#saveTimer);
        if (!this.#isWriter) return;
        const t0 = performance.now();
        const keys = [...this.#dirty];
        this.#dirty.clear();
        for (const key of keys) await this.#saveOne(key);
        if (keys.length > 0) {
          this.#lastSaveMs = performance.now() - t0;
          this.#saves += 1;
        }
      }),
    );
  }

  async #saveOne(indexKey: string): Promise<void> {
    const [kind, ...rest] = indexKey.split(':');
    const scope = rest.join(':');
    const index = kind === 'hnsw' ? this.indexes.vector.get(scope) : this.indexes.keyword.get(scope);
    if (!index || index.catalog.documentCount === 0) {
      await deleteIndex(this.db, indexKey);
      return;
    }
    const isVector = index instanceof VectorIndex;
    await saveIndex(
      this.db,
      {
        indexKey,
        kind: isVector ? 'hnsw' : 'bm25',
        modelId: isVector ? index.modelId : '',
        formatVersion: index.formatVersion,
        buildSettings: index.buildSettings(),
      },
      index.toParts(),
    );
    if (!this.#origins.has(indexKey)) {
      this.#origins.set(indexKey, { origin: 'built', rebuildReason: undefined, loadMs: undefined });
    }
  }

  recordQuery(timings: SearchTimings, mode: SearchMode): void {
    this.#lastQuery = { ...timings, mode };
  }

  stats(): SearchStats {
    const indexes: IndexStats[] = [];
    const origin = (key: string): Origin =>
      this.#origins.get(key) ?? { origin: 'built', rebuildReason: undefined, loadMs: undefined };
    for (const index of this.indexes.keyword.values()) {
      const key = keywordIndexKey(index.collectionId);
      indexes.push({
        indexKey: key,
        kind: 'bm25',
        documents: index.catalog.documentCount,
        passages: index.bm25.size,
        ...origin(key),
      });
    }
    for (const index of this.indexes.vector.values()) {
      const key = vectorIndexKey(index.modelId);
      indexes.push({
        indexKey: key,
        kind: 'hnsw',
        documents: index.catalog.documentCount,
        passages: index.hnsw.size,
        ...origin(key),
      });
    }
    for (const [key, o] of this.#origins) {
      // A refused index not rebuilt yet still shows, empty, with its reason.
      if (indexes.some((i) => i.indexKey === key)) continue;
      indexes.push({
        indexKey: key,
        kind: key.startsWith('hnsw:') ? 'hnsw' : 'bm25',
        documents: 0,
        passages: 0,
        ...o,
      });
    }
    return {
      isReady: this.#readyMs !== undefined,
      isSyncing: this.#isSyncing,
      isWriter: this.#isWriter,
      readyMs: this.#readyMs,
      indexes,
      lastSync: this.#lastSync,
      lastSaveMs: this.#lastSaveMs,
      saves: this.#saves,
      lastError: this.#lastError,
      lastQuery: this.#lastQuery,
    };
  }

  dispose(): void {
    this.#watch?.unsubscribe();
    clearTimeout(this.#saveTimer);
    this.db.close();
  }
}
