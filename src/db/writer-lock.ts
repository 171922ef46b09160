// Decides which tab writes. Two tabs writing at once would race (two ingest queues, two index builders),
// so the tab that holds the Web Lock `thinkbank-writer` is the writer and every other tab is a reader
// that follows its changes. A reader waits in the lock's queue, so it takes over when the writer closes;
// it can also take the lock at once (`steal`), and the tab that loses it becomes a reader and waits again.

export type TabRole = 'writer' | 'reader' | 'unknown';

export const WRITER_LOCK_NAME = 'thinkbank-writer';

export interface WriterLockOptions {
  onRole: (role: TabRole) => void;
  onError: (error: unknown) => void;
  name?: string;
  locks?: LockManager | undefined;
}

export class WriterLock {
  #role: TabRole = 'unknown';
  #release: (() => void) | undefined;
  #waiting: AbortController | undefined;
  #isStopped = false;
  readonly #options: WriterLockOptions;
  readonly #name: string;
  readonly #locks: LockManager | undefined;

  constructor(options: WriterLockOptions) {
    this.#options = options;
    this.#name = options.name ?? WRITER_LOCK_NAME;
    this.#locks = 'locks' in options ? options.locks : globalThis.navigator.locks;
  }

  get role(): TabRole {
    return this.#role;
  }

  /** Takes the lock if it is free, else becomes a reader waiting for it. */
  start(): void {
    // Without Web Locks (very old browsers) there is no way to agree on one writer: each tab writes.
    if (!this.#locks) this.#setRole('writer');
    else this.#request({ ifAvailable: true });
  }

  /** Makes this tab the writer now; the current writer becomes a reader. */
  takeOver(): void {
    if (this.#role === 'writer' || this.#isStopped) return;
    this.#waiting?.abort();
    this.#waiting = undefined;
    this.#request({ steal: true });
  }

  /** Lets go of the lock (or leaves the queue). */
  stop(): void {
    this.#isStopped = true;
    this.#waiting?.abort();
    this.#release?.();
  }

  #setRole(role: TabRole): void {
    if (this.#role === role) return;
    this.#role = role;
    this.#options.onRole(role);
  }

  #becomeReader(): void {
    this.#setRole('reader');
    this.#waiting?.abort();
    const waiting = new AbortController();
    this.#waiting = waiting;
    this.#request({ signal: waiting.signal });
  }

  #request(options: LockOptions): void {
    const locks = this.#locks;
    if (!locks) return;
    let isHeld = false;
    locks
      .request(this.#name, options, async (lock) => {
        if (!lock) {
          this.#becomeReader();
          return;
        }
        isHeld = true;
        this.#waiting = undefined;
        this.#setRole('writer');
        await new Promise<void>((resolve) => {
          this.#release = resolve;
        });
      })
      .catch((error: unknown) => {
        if (this.#isStopped) return;
        // Held and then rejected: another tab stole the lock.
        if (isHeld) this.#becomeReader();
        // Our own wait cancelled because this tab took the lock another way.
        else if (error instanceof DOMException && error.name === 'AbortError') return;
        else this.#options.onError(error);
      });
  }
}
