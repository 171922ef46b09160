// One piece of work that several callers wait for (a model load, say). Each caller joins with its own
// AbortSignal: when that signal aborts, the caller stops waiting at once; the work itself is aborted only
// when the last waiter leaves before it settled (or on an explicit abort). Pure TypeScript; used by the
// model loader in the workers and by the model service on the main thread.

export class SharedJob<T> {
  readonly promise: Promise<T>;
  private readonly controller = new AbortController();
  private waiters = 0;
  private isDone = false;

  /** Starts `work` at once with the job's own signal. */
  constructor(work: (signal: AbortSignal) => Promise<T>) {
    this.promise = work(this.controller.signal);
    const done = () => {
      this.isDone = true;
    };
    this.promise.then(done, done);
  }

  /** The work has settled, either way. */
  get isSettled(): boolean {
    return this.isDone;
  }

  /** Stops the work, whoever waits for it. */
  abort(reason: Error): void {
    this.controller.abort(reason);
  }

  /**
   * Waits for the work. When `signal` aborts, this wait rejects with `cancelled()` and, if nobody else
   * waits and the work has not settled, the work is aborted with it. `onLeave` runs once this wait ends.
   */
  join(signal: AbortSignal | undefined, cancelled: () => Error, onLeave?: () => void): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelled());
    this.waiters++;
    return new Promise<T>((resolve, reject) => {
      let hasLeft = false;
      // Leaves once: a waiter that left on abort is not counted out again when the work then fails.
      const leave = () => {
        if (hasLeft) return;
        hasLeft = true;
        this.waiters--;
        signal?.removeEventListener('abort', onAbort);
        onLeave?.();
      };
      const onAbort = () => {
        leave();
        if (this.waiters === 0 && !this.isDone) this.controller.abort(cancelled());
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.promise.then(
        (value) => {
          leave();
          resolve(value);
        },
        (error: unknown) => {
          leave();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
