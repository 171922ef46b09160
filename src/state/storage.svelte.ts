// The storage seen from the UI: whether the database is open (or waiting for other tabs, or replaced by
// a newer ThinkBank), whether this tab is the one that writes, and whether the last write failed because
// storage is full. Writes go through `write()`, which refuses in reader tabs and turns failures into
// state; reads go through `live()`, which follows changes made by any tab.
import { createContext } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import { liveQuery } from 'dexie';
import { watchConnection } from '../db/connection';
import { ThinkBankDb } from '../db/database';
import { InvalidInputError, StorageFullError, toStorageError } from '../db/errors';
import { errorForPeople } from '../core/errors';
import { SCHEMA_VERSION } from '../db/schema';
import { WriterLock, type TabRole } from '../db/writer-lock';

export type StorageStatus = 'opening' | 'blocked' | 'ready' | 'replaced' | 'failed';

export type WriteResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface StorageEstimateInfo {
  usageBytes: number | undefined;
  quotaBytes: number | undefined;
}

/** A query result that stays current while something on screen reads it. */
export class LiveValue<T> {
  #value = $state() as T;
  #error = $state<string | undefined>();
  readonly #subscribe: () => void;

  constructor(query: () => Promise<T>, initial: T) {
    this.#value = initial;
    this.#subscribe = createSubscriber(() => {
      const subscription = liveQuery(query).subscribe({
        next: (value) => {
          this.#value = value;
          this.#error = undefined;
        },
        error: (error: unknown) => {
          this.#error = errorForPeople(error);
        },
      });
      return () => {
        subscription.unsubscribe();
      };
    });
  }

  get current(): T {
    this.#subscribe();
    return this.#value;
  }

  /** Why the last read failed, if it did. */
  get error(): string | undefined {
    this.#subscribe();
    return this.#error;
  }
}

export class StorageState {
  readonly db: ThinkBankDb;
  readonly schemaVersion = SCHEMA_VERSION;
  status = $state<StorageStatus>('opening');
  /** Why opening failed, when status is 'failed'. */
  failure = $state<string | undefined>();
  role = $state<TabRole>('unknown');
  /** Why this tab could not find out whether it may write. */
  roleError = $state<string | undefined>();
  /** Set when a write failed for lack of space; cleared by the next successful write. */
  isFull = $state(false);
  estimate = $state<StorageEstimateInfo | undefined>();
  #lock: WriterLock | undefined;
  /** Writes made while the tab is still opening its storage or asking for the writer role wait here. */
  #waiters: (() => void)[] = [];

  constructor(db: ThinkBankDb = new ThinkBankDb()) {
    this.db = db;
  }

  /** Why writing is not possible in this tab right now, in words; undefined when it is. */
  get readOnlyReason(): string | undefined {
    if (this.status !== 'ready') return 'Storage is not open in this tab.';
    if (this.role === 'reader') return 'This tab is read-only: another ThinkBank tab saves changes.';
    if (this.role === 'unknown') return 'Checking whether another ThinkBank tab is saving changes…';
    return undefined;
  }

  start(): () => void {
    const unwatch = watchConnection(this.db, {
      onBlocked: () => {
        if (this.status === 'opening') this.status = 'blocked';
        this.#changed();
      },
      onReplaced: () => {
        this.status = 'replaced';
        this.#changed();
      },
    });
    const lock = new WriterLock({
      onRole: (role) => {
        this.role = role;
        this.#changed();
      },
      onError: (error) => {
        this.roleError = errorForPeople(error);
      },
    });
    this.#lock = lock;
    lock.start();
    this.db.open().then(
      () => {
        if (this.status === 'opening' || this.status === 'blocked') this.status = 'ready';
        this.#changed();
      },
      (error: unknown) => {
        if (this.status === 'replaced') return;
        const mapped = toStorageError(error);
        this.status = 'failed';
        if (mapped instanceof StorageFullError) {
          this.isFull = true;
          this.failure = 'the space this browser allows it is full';
        } else this.failure = errorForPeople(mapped).replace(/\.$/, ''); // the banner adds its own
        this.#changed();
      },
    );
    void this.refreshEstimate();
    return () => {
      unwatch();
      lock.stop();
      this.db.close();
    };
  }

  /** Makes this tab the writer; the tab that wrote so far becomes read-only. */
  takeOver(): void {
    this.#lock?.takeOver();
  }

  /** Runs a write if this tab may write; failures come back as a message (and "full" as state). */
  async write<T>(action: (db: ThinkBankDb) => Promise<T>): Promise<WriteResult<T>> {
    // A click in the first moments after the page opens is not refused for being early.
    await this.#settled();
    const reason = this.readOnlyReason;
    if (reason) return { ok: false, message: reason };
    try {
      const value = await action(this.db);
      this.isFull = false;
      return { ok: true, value };
    } catch (error) {
      const mapped = toStorageError(error);
      if (mapped instanceof StorageFullError) {
        this.isFull = true;
        void this.refreshEstimate();
        // The banner explains it and what to do; the place of the change only says it did not happen.
        return { ok: false, message: 'Not saved: there is no space left.' };
      }
      if (!(mapped instanceof InvalidInputError)) console.error('ThinkBank: write failed', mapped);
      return { ok: false, message: errorForPeople(mapped) };
    }
  }

  /** Resolves once storage is open (or failed) and this tab knows its role, or after `limitMs`. */
  #settled(limitMs = 10_000): Promise<void> {
    const isPending = (): boolean =>
      this.status === 'opening' || (this.status === 'ready' && this.role === 'unknown');
    if (!isPending()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((waiter) => waiter !== check);
        resolve();
      };
      const check = (): void => {
        if (!isPending()) finish();
      };
      const timer = setTimeout(finish, limitMs);
      this.#waiters.push(check);
    });
  }

  #changed(): void {
    for (const check of [...this.#waiters]) check();
  }

  live<T>(query: (db: ThinkBankDb) => Promise<T>, initial: T): LiveValue<T> {
    return new LiveValue(() => query(this.db), initial);
  }

  dismissFull(): void {
    this.isFull = false;
  }

  /** Asks the browser how much this site stores and may store (absent outside secure contexts). */
  async refreshEstimate(): Promise<void> {
    const manager = navigator.storage as StorageManager | undefined;
    try {
      const estimate = await manager?.estimate();
      this.estimate = { usageBytes: estimate?.usage, quotaBytes: estimate?.quota };
    } catch (error) {
      console.warn('ThinkBank: no storage estimate', error);
      this.estimate = { usageBytes: undefined, quotaBytes: undefined };
    }
  }
}

export const [getStorage, setStorage] = createContext<StorageState>();
