// Typed errors shared by the main thread and the workers, and the pure functions that turn any thrown
// value into plain cloneable data and back. Errors cross thread boundaries as values (name, message,
// stack, code and the whole `cause` chain) so a caller can tell "the worker crashed" from "your input
// was bad" and a person sees the real reason. No DOM, no comlink: this runs in Node tests and workers.

/** Stable, machine-readable reasons; `name` says the class, `code` survives renames and minification. */
export type ErrorCode =
  | 'worker-crashed'
  | 'worker-hung'
  | 'worker-timeout'
  | 'worker-start-failed'
  | 'circuit-open'
  | 'aborted'
  | 'drill-failure'
  | 'peer-missing'
  | 'remote-error';

export interface ErrorOptions {
  cause?: unknown;
}

/** Base of ThinkBank's own errors: a `code` and a `cause`, with `name` set from the subclass. */
export class AppError extends Error {
  // Names are spelled out: minifiers rename classes, and `name` must survive the production build.
  override name = 'AppError';
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The worker's machinery failed (crash, hang, start failure), as opposed to the work itself failing.
 * Only these count towards a circuit breaker.
 */
export class WorkerInfrastructureError extends AppError {
  override name = 'WorkerInfrastructureError';
  constructor(
    message: string,
    code: string,
    readonly worker: string,
    options?: ErrorOptions,
  ) {
    super(message, code, options);
  }
}

export class WorkerCrashedError extends WorkerInfrastructureError {
  override name = 'WorkerCrashedError';
  constructor(worker: string, detail?: string, options?: ErrorOptions) {
    super(
      `The ${worker} worker stopped unexpectedly${detail ? ` (${detail})` : ''}. It is being restarted; try again.`,
      'worker-crashed',
      worker,
      options,
    );
  }
}

export class WorkerHungError extends WorkerInfrastructureError {
  override name = 'WorkerHungError';
  /** @param step a declared long step that ran past its budget, when that is what went silent */
  constructor(worker: string, options?: ErrorOptions & { step?: string }) {
    super(
      options?.step === undefined
        ? `The ${worker} worker stopped responding and is being restarted; try again.`
        : `The ${worker} worker took far longer than this device needs for one step (${options.step}) and is being restarted; try again.`,
      'worker-hung',
      worker,
      options,
    );
  }
}

export class WorkerStartError extends WorkerInfrastructureError {
  override name = 'WorkerStartError';
  constructor(worker: string, detail: string, options?: ErrorOptions) {
    super(`The ${worker} worker could not start: ${detail}`, 'worker-start-failed', worker, options);
  }
}

/** A call took longer than its limit. Not by itself an infrastructure failure: the worker may just be slow. */
export class WorkerTimeoutError extends AppError {
  override name = 'WorkerTimeoutError';
  constructor(
    readonly worker: string,
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(
      `The ${worker} worker timed out: "${method}" did not finish within ${formatSeconds(timeoutMs)}.`,
      'worker-timeout',
    );
  }
}

/** Calls fail fast while a worker's circuit breaker is open, instead of waiting on a broken worker. */
export class CircuitOpenError extends AppError {
  override name = 'CircuitOpenError';
  constructor(
    readonly worker: string,
    readonly retryAt: number | undefined,
    now: number,
  ) {
    super(
      retryAt === undefined
        ? `The ${worker} worker failed repeatedly and is being tested; try again in a moment.`
        : `The ${worker} worker failed repeatedly, so it is paused. It will try again in ${formatSeconds(
            Math.max(0, retryAt - now),
          )}.`,
      'circuit-open',
    );
  }
}

/** Same `name` as the DOMException a cancelled fetch throws, so `error.name === 'AbortError'` checks work. */
export class AbortError extends AppError {
  override name = 'AbortError';
  constructor(message = 'The operation was cancelled.', options?: ErrorOptions) {
    super(message, 'aborted', options);
  }
}

/** Thrown on purpose by the 'fail' fault drill, with a cause, to prove error transfer end to end. */
export class DrillError extends AppError {
  override name = 'DrillError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'drill-failure', options);
  }
}

export class PeerMissingError extends AppError {
  override name = 'PeerMissingError';
  constructor(peer: string) {
    super(`This worker is not connected to the ${peer} worker.`, 'peer-missing');
  }
}

/** Stands in for a thrown value whose class this side does not know; keeps the original name. */
export class RemoteError extends AppError {
  override name = 'RemoteError';
}

/** Plain, structured-cloneable form of an error. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: SerializedError;
  /** Extra own fields (worker, method, timeoutMs, retryAt…) that are plain data. */
  fields?: Record<string, string | number | boolean>;
  /** The thrown value was not an Error (e.g. `throw 'text'`). */
  isValue?: boolean;
}

type Revive = (s: SerializedError) => Error;

const builtIns: Record<string, new (message?: string, options?: ErrorOptions) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

function construct<T extends Error>(proto: T): T {
  return Object.create(proto) as T;
}

// Subclasses are rebuilt without running their constructors (which compose messages), then filled in.
const known: Record<string, object> = {
  AppError: AppError.prototype,
  WorkerInfrastructureError: WorkerInfrastructureError.prototype,
  WorkerCrashedError: WorkerCrashedError.prototype,
  WorkerHungError: WorkerHungError.prototype,
  WorkerStartError: WorkerStartError.prototype,
  WorkerTimeoutError: WorkerTimeoutError.prototype,
  CircuitOpenError: CircuitOpenError.prototype,
  AbortError: AbortError.prototype,
  DrillError: DrillError.prototype,
  PeerMissingError: PeerMissingError.prototype,
};

const MAX_CAUSE_DEPTH = 8;

/** Turns anything thrown into cloneable data, following `cause` (bounded, cycle-safe). */
export function serializeError(value: unknown, depth = 0): SerializedError {
  if (!(value instanceof Error) && !isErrorLike(value)) {
    return { name: 'Error', message: describeValue(value), isValue: true };
  }
  const error = value as Error & { code?: unknown; cause?: unknown };
  const out: SerializedError = { name: error.name, message: error.message };
  if (typeof error.stack === 'string') out.stack = error.stack;
  // DOMException's numeric legacy codes are dropped: `name` already says the same thing.
  if (typeof error.code === 'string') out.code = error.code;
  const fields = plainFields(error);
  if (fields) out.fields = fields;
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH && error.cause !== value) {
    out.cause = serializeError(error.cause, depth + 1);
  }
  return out;
}

/** Rebuilds an error of the same class where this side knows it, else a RemoteError with the same name. */
export const deserializeError: Revive = (s) => {
  const cause = s.cause ? deserializeError(s.cause) : undefined;
  const options = cause ? { cause } : undefined;
  let error: Error;
  const builtIn = builtIns[s.name];
  const proto = known[s.name];
  if (builtIn) {
    error = new builtIn(s.message, options);
  } else if (proto) {
    error = construct(proto as Error);
    Object.defineProperty(error, 'message', { value: s.message, writable: true, configurable: true });
    if (cause) Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true });
  } else {
    error = new RemoteError(s.message, s.code ?? 'remote-error', options);
  }
  Object.defineProperty(error, 'name', { value: s.name, writable: true, configurable: true });
  if (s.stack !== undefined) {
    Object.defineProperty(error, 'stack', { value: s.stack, writable: true, configurable: true });
  }
  if (s.code !== undefined) Object.assign(error, { code: s.code });
  if (s.fields) Object.assign(error, s.fields);
  return error;
};

/** True for failures of the worker machinery (crash, hang, start) — what a circuit breaker counts. */
export function isInfrastructureError(error: unknown): error is WorkerInfrastructureError {
  return error instanceof WorkerInfrastructureError;
}

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * Plain words for a person: each message down the cause chain once, no class names, codes or stacks.
 * "The embed worker could not start: Failed to fetch." A cause already quoted in the message above it
 * (as WorkerStartError quotes its detail) is not repeated. Logs use errorForLog.
 */
export function errorForPeople(error: unknown): string {
  let text = '';
  for (const link of causeChain(error)) {
    const message = link.kind === 'error' ? link.message.trim() : describeValue(link.value).trim();
    if (message === '' || text.includes(message)) continue;
    text = text === '' ? message : `${text}${/[.!?)]$/.test(text) ? ' ' : ': '}${message}`;
  }
  if (text === '') return isAbortError(error) ? 'Stopped.' : 'Something went wrong, and it gave no reason.';
  return text;
}

/** For logs and bug reports: "DrillError: failed ← TypeError: bad input", class names and all. */
export function errorForLog(error: unknown): string {
  return [...causeChain(error)]
    .map((link) => {
      if (link.kind === 'value') return describeValue(link.value);
      return link.name && link.name !== 'Error' ? `${link.name}: ${link.message}` : link.message;
    })
    .join(' ← ');
}

type ChainLink = { kind: 'error'; name: string; message: string } | { kind: 'value'; value: unknown };

/** The error and its causes (Dexie's `inner` too), outermost first; stops at cycles and at depth. */
function* causeChain(error: unknown): Generator<ChainLink> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && seen.size < MAX_CAUSE_DEPTH) {
    seen.add(current);
    if (!(current instanceof Error) && !isErrorLike(current)) {
      yield { kind: 'value', value: current };
      return;
    }
    const e = current as { name: string; message: string; cause?: unknown; inner?: unknown };
    yield { kind: 'error', name: e.name, message: e.message };
    current = e.inner ?? e.cause;
  }
}

function isErrorLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { name?: unknown; message?: unknown };
  return typeof v.name === 'string' && typeof v.message === 'string';
}

function plainFields(error: object): Record<string, string | number | boolean> | undefined {
  let out: Record<string, string | number | boolean> | undefined;
  for (const [key, v] of Object.entries(error)) {
    if (key === 'code' || key === 'cause' || key === 'name' || key === 'message' || key === 'stack') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out ??= {};
      out[key] = v;
    }
  }
  return out;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    // JSON.stringify gives undefined for undefined and functions, whatever its type says.
    const json: unknown = JSON.stringify(value);
    return typeof json === 'string' ? json : String(value);
  } catch (error) {
    return `${String(value)} (${error instanceof Error ? error.message : 'not serialisable'})`;
  }
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)} s`;
}
