// One promise per key, shared by every caller while it runs and after it succeeds; a failure is
// forgotten, so the next call tries again (a rejected promise cached forever would make one bad moment
// — a network blip, a worker that failed to start — permanent). Pure TypeScript.

/** `fn` run at most once at a time and once on success; a rejection is not kept. */
export function memoizeForgettingFailures<T>(fn: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= fn().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
