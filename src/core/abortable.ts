// Waiting that a signal can end: the waiter stops at once, the work it waited for goes on (for the next
// waiter). Pure TypeScript.

/** `promise`, or `cancelled()` as soon as `signal` aborts, whichever comes first. */
export function whenNotAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  cancelled: () => Error,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}
