// For browser tests that run parsers inside a real module Worker: posts one message to the worker (made by
// `start`, where Vite sees the `new Worker(new URL(…))` it bundles), transferring what is given, resolves
// with its one reply, and terminates it.
export function askWorker<Reply>(
  start: () => Worker,
  message: unknown,
  transfer: Transferable[] = [],
): Promise<Reply> {
  const worker = start();
  return new Promise<Reply>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<Reply>) => {
      resolve(event.data);
    };
    worker.onerror = (event) => {
      reject(new Error(event.message));
    };
    worker.postMessage(message, transfer);
  }).finally(() => {
    worker.terminate();
  });
}
