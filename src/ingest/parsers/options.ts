// Options every parser accepts, and the guards that enforce them. Budgets exist because parsers
// run on files a person dropped in: a hostile or broken file must fail alone, quickly, and never
// hang the ingest worker or exhaust its memory.
import { ParseAbortedError, ParseTimeoutError, TooLargeError } from './errors';

export interface ParseOptions {
  /** Cancels the parse; the parser rejects with ParseAbortedError. */
  readonly signal?: AbortSignal;
  /** Wall-clock budget for one document (default 60 s). */
  readonly timeoutMs?: number;
  /** Largest input accepted, in bytes (default 200 MiB). */
  readonly maxBytes?: number;
  /** PDF user password, when the file is encrypted. */
  readonly password?: string;
  /** The file's name, used for the title when the source has none. */
  readonly fileName?: string;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

export function checkSize(bytes: Uint8Array, options: ParseOptions): void {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > max) {
    throw new TooLargeError(`${bytes.byteLength} bytes, limit ${max}`);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new ParseAbortedError();
}

/**
 * The running budget of one parse. Model work a parser hands off (OCR of a page in the vision worker) is
 * watched where it runs (long steps, ADR 0022) and may take minutes on a slow device: the budget, meant
 * for a parser that spins on a hostile file, stops while it runs.
 */
export interface Budget {
  /** Runs `work` with the clock stopped; the remaining time resumes when it settles. */
  exclude<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Runs `work` under the options' abort signal and time budget. `onStop` releases whatever the work
 * holds (e.g. a pdf.js loading task) when it is cut short.
 */
export async function withBudget<T>(
  options: ParseOptions,
  work: (budget: Budget) => Promise<T>,
  onStop: () => void = () => undefined,
): Promise<T> {
  throwIfAborted(options.signal);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  let remaining = timeoutMs;
  let startedAt = performance.now();
  let paused = 0;
  let expire: () => void = () => undefined;
  const arm = () => {
    // An infinite budget sets no timer (setTimeout would read Infinity as 0).
    if (Number.isFinite(remaining)) timer = setTimeout(expire, Math.max(0, remaining));
  };
  const stop = new Promise<never>((_resolve, reject) => {
    expire = () => {
      onStop();
      reject(new ParseTimeoutError(timeoutMs));
    };
    onAbort = () => {
      onStop();
      reject(new ParseAbortedError());
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  arm();
  const budget: Budget = {
    async exclude(excluded) {
      if (paused++ === 0) {
        clearTimeout(timer);
        remaining -= performance.now() - startedAt;
      }
      try {
        return await excluded();
      } finally {
        if (--paused === 0) {
          startedAt = performance.now();
          arm();
        }
      }
    },
  };
  try {
    return await Promise.race([work(budget), stop]);
  } finally {
    paused = Number.POSITIVE_INFINITY;
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}
