// The wire between threads, used by both sides: the main thread's supervisor and the workers (which call
// each other through MessagePorts). comlink carries the messages; on top of it every call has a numeric
// call id, so a caller can cancel one call or give up on it after a timeout and tell the other side to
// stop, which comlink alone cannot do. Errors travel as values (src/core/errors.ts) through comlink's
// 'throw' transfer handler, installed here once for whichever thread imports this module.
import { transfer, transferHandlers, type Remote, type TransferHandler } from 'comlink';
import {
  AbortError,
  WorkerTimeoutError,
  deserializeError,
  isAbortError,
  serializeError,
  type SerializedError,
} from '../src/core/errors';

/** What a worker exposes on each endpoint (its own global scope, or a port to a peer). */
export interface HostProtocol {
  invoke(callId: number, method: string, args: unknown[]): Promise<unknown>;
  cancel(callId: number, reason: SerializedError): void;
}

/**
 * Messages a worker posts on its own initiative; comlink ignores them (they carry no comlink id). A lost
 * GPU device; and the begin and end of a long step (src/core/long-step.ts), posted before the thread
 * blocks, so they reach the supervisor while the worker cannot answer pings.
 */
export type WorkerEvent =
  | { type: 'thinkbank:event'; kind: 'gpu-device-lost'; reason: string }
  | { type: 'thinkbank:event'; kind: 'step-begin'; id: number; label: string; budgetMs: number }
  | { type: 'thinkbank:event'; kind: 'step-end'; id: number; ms: number };

export function isWorkerEvent(data: unknown): data is WorkerEvent {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'thinkbank:event';
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Give up after this long: the caller gets WorkerTimeoutError and the worker is told to cancel. */
  timeoutMs?: number;
  /** Buffers and ports to transfer (not copy) with the arguments. */
  transfer?: Transferable[];
}

type Method<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** A worker's contract as the caller sees it: same methods, plus `with()` to set options for one call. */
export type Client<Api> = { readonly [K in keyof Api]: Method<Api[K]> } & {
  with(options: CallOptions): Client<Api>;
};

export type CallFn = (method: string, args: unknown[], options: CallOptions) => Promise<unknown>;

/** Builds the typed client over a call function. Method names are only known to the types, hence a Proxy. */
export function createClient<Api>(call: CallFn, options: CallOptions = {}): Client<Api> {
  return new Proxy(
    {},
    {
      get(_target, prop) {
        // 'then' must stay undefined, or `await client` would treat the client as a promise.
        if (typeof prop !== 'string' || prop === 'then') return undefined;
        if (prop === 'with') {
          return (more: CallOptions) => createClient<Api>(call, { ...options, ...more });
        }
        return (...args: unknown[]) => call(prop, args, options);
      },
    },
  ) as Client<Api>;
}

interface Pending {
  fail(error: Error): void;
}

/**
 * Calls over one comlink endpoint with call ids: abort and timeout settle the caller's promise at once
 * and send `cancel(id)` to the other side. `failAll` settles every pending call when the other side is
 * known to be gone (its promises would otherwise never settle).
 */
export class RemoteCaller {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly remote: Remote<HostProtocol>,
    readonly workerName: string,
  ) {}

  get inFlight(): number {
    return this.pending.size;
  }

  call(method: string, args: unknown[], options: CallOptions = {}): Promise<unknown> {
    const { signal, timeoutMs, transfer: transferList } = options;
    if (signal?.aborted) return Promise.reject(this.abortError(method, signal));
    const id = ++this.seq;
    return new Promise<unknown>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cleanup = () => {
        this.pending.delete(id);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const giveUp = (error: Error) => {
        cleanup();
        this.sendCancel(id, error);
        reject(error);
      };
      const onAbort = () => {
        if (signal) giveUp(this.abortError(method, signal));
      };
      this.pending.set(id, {
        fail: (error) => {
          cleanup();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          giveUp(new WorkerTimeoutError(this.workerName, method, timeoutMs));
        }, timeoutMs);
      }
      const payload = transferList?.length ? transfer(args, transferList) : args;
      this.remote.invoke(id, method, payload).then(
        (value) => {
          if (!this.pending.has(id)) return;
          cleanup();
          resolve(value);
        },
        (error: unknown) => {
          if (!this.pending.has(id)) return;
          cleanup();
          reject(error instanceof Error ? error : deserializeError(serializeError(error)));
        },
      );
    });
  }

  /** Settles every pending call with `error` (the other side stopped). */
  failAll(error: Error): void {
    for (const entry of [...this.pending.values()]) entry.fail(error);
  }

  private sendCancel(id: number, reason: Error): void {
    this.remote.cancel(id, serializeError(reason)).catch((error: unknown) => {
      // The other side may be gone already; the caller has its answer, so this is only worth a note.
      console.warn(`ThinkBank: could not cancel call ${id} on the ${this.workerName} worker`, error);
    });
  }

  private abortError(method: string, signal: AbortSignal): AbortError {
    const reason: unknown = signal.reason;
    const message = `"${method}" on the ${this.workerName} worker was cancelled.`;
    return isAbortError(reason) ? new AbortError(message) : new AbortError(message, { cause: reason });
  }
}

type Thrown = { value: unknown };
let installed = false;

/** Replaces comlink's 'throw' handler (name, message, stack only) with one that keeps code and causes. */
export function installErrorTransfer(): void {
  if (installed) return;
  const original = transferHandlers.get('throw');
  if (!original) throw new Error('comlink has no "throw" transfer handler to replace');
  const handler: TransferHandler<Thrown, SerializedError> = {
    canHandle: (value): value is Thrown => original.canHandle(value),
    serialize: ({ value }) => [serializeError(value), []],
    deserialize: (serialized) => {
      throw deserializeError(serialized);
    },
  };
  transferHandlers.set('throw', handler);
  installed = true;
}

installErrorTransfer();
