// Worker-side plumbing shared by every worker, so each *.worker.ts stays a thin entry point: it serves an
// API over comlink with call ids (each handler gets an AbortSignal through `this`), implements the base
// contract (ping, fault drills, peer ports) and reports events such as a lost GPU device. It lives in
// workers/ rather than src/services because it runs inside the worker: services is the main thread's
// side, and imports point one way (services → workers → core).
import { expose, wrap } from 'comlink';
import {
  AbortError,
  DrillError,
  PeerMissingError,
  WorkerCrashedError,
  deserializeError,
} from '../src/core/errors';
import { longStep, reportLongStepsTo } from '../src/core/long-step';
import type { BaseApi, DrillKind, WorkerApis, WorkerHealth, WorkerMemory, WorkerName } from './contracts';
import {
  RemoteCaller,
  createClient,
  installErrorTransfer,
  type Client,
  type HostProtocol,
  type WorkerEvent,
} from './protocol';

/** What a handler sees as `this`: the call's cancellation signal and who called. */
export interface CallContext {
  readonly signal: AbortSignal;
  readonly callId: number;
  readonly caller: 'main' | WorkerName;
}

type Handler = (this: CallContext, ...args: never[]) => unknown;

interface Peer {
  caller: RemoteCaller;
  port: MessagePort;
  abortServed(reason: Error): void;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
const startedAt = performance.now();
let workerName: WorkerName | undefined;
let inFlight = 0;
let cancelled = 0;
const peers = new Map<WorkerName, Peer>();
/** The worker's whole api, also served to peers over their ports. */
let served: Record<string, Handler> = {};

/** The Web Lock held while this worker exists (ADR 0022); resolves once held, or undefined without locks. */
let aliveLock: Promise<string | undefined> = Promise.resolve(undefined);

function holdAliveLock(name: WorkerName): Promise<string | undefined> {
  const locks = (scope.navigator as Partial<WorkerNavigator>).locks;
  if (!locks) return Promise.resolve(undefined);
  const lockName = `thinkbank-worker-alive:${name}:${crypto.randomUUID()}`;
  return new Promise((resolve) => {
    locks
      .request(lockName, () => {
        resolve(lockName);
        // Held until the worker is gone: the browser releases it then, and only then.
        return new Promise<never>(() => undefined);
      })
      .catch((error: unknown) => {
        console.warn('ThinkBank: the worker could not hold its liveness lock', error);
        resolve(undefined);
      });
  });
}

/**
 * The longest time this worker's thread was blocked while it had calls to run: a timer that should tick
 * every BLOCK_TICK_MS measures how late it came. Runs only while calls are in flight.
 */
const BLOCK_TICK_MS = 250;
let longestBlockMs = 0;
let blockTimer: ReturnType<typeof setInterval> | undefined;

let lastTick = 0;

function noteTick(): void {
  const now = performance.now();
  longestBlockMs = Math.max(longestBlockMs, now - lastTick - BLOCK_TICK_MS);
  lastTick = now;
}

function watchBlocks(isBusy: boolean): void {
  if (isBusy && blockTimer === undefined) {
    lastTick = performance.now();
    blockTimer = setInterval(noteTick, BLOCK_TICK_MS);
  } else if (!isBusy && blockTimer !== undefined) {
    // A call that blocked to its end settles before the late tick runs: count that block here.
    noteTick();
    clearInterval(blockTimer);
    blockTimer = undefined;
  }
}

function post(event: WorkerEvent): void {
  scope.postMessage(event);
}

/** Serves `api` on the worker's own scope. Call once, from the entry file. */
export function serve(name: WorkerName, api: Record<string, Handler>): void {
  if (workerName !== undefined) throw new Error(`serve() called twice (already serving ${workerName})`);
  workerName = name;
  installErrorTransfer();
  aliveLock = holdAliveLock(name);
  reportLongStepsTo({
    begin: (id, step) => {
      post({ type: 'thinkbank:event', kind: 'step-begin', id, label: step.label, budgetMs: step.budgetMs });
    },
    end: (id, ms) => {
      post({ type: 'thinkbank:event', kind: 'step-end', id, ms: Math.round(ms) });
    },
  });
  const { protocol } = dispatcher(api, 'main');
  served = api;
  expose(protocol, scope);
}

function dispatcher(api: Record<string, Handler>, caller: CallContext['caller']) {
  const running = new Map<number, AbortController>();
  const protocol: HostProtocol = {
    async invoke(callId, method, args) {
      const handler = Object.hasOwn(api, method) ? api[method] : undefined;
      if (!handler) throw new TypeError(`The ${name()} worker has no method "${method}".`);
      const controller = new AbortController();
      running.set(callId, controller);
      const counted = method !== 'ping';
      if (counted) watchBlocks(++inFlight > 0);
      try {
        return await handler.apply({ signal: controller.signal, callId, caller }, args as never[]);
      } finally {
        running.delete(callId);
        if (counted) watchBlocks(--inFlight > 0);
      }
    },
    cancel(callId, reason) {
      const controller = running.get(callId);
      if (!controller) return;
      cancelled++;
      controller.abort(deserializeError(reason));
    },
  };
  const abortAll = (reason: Error) => {
    for (const controller of running.values()) controller.abort(reason);
  };
  return { protocol, abortAll };
}

function name(): WorkerName {
  if (workerName === undefined) throw new Error('The worker host is not serving yet');
  return workerName;
}

/** A typed client for a connected peer worker; calls carry ids, so `signal` and `timeoutMs` work. */
export function peer<N extends WorkerName>(peerName: N): Client<WorkerApis[N]> {
  return createClient<WorkerApis[N]>((method, args, options) => {
    const connection = peers.get(peerName);
    if (!connection) return Promise.reject(new PeerMissingError(peerName));
    return connection.caller.call(method, args, options);
  });
}

/** Tells the supervisor this worker's GPU device is gone; it will restart the worker. */
export function reportGpuDeviceLost(reason: string): void {
  post({ type: 'thinkbank:event', kind: 'gpu-device-lost', reason });
}

function detach(peerName: WorkerName): void {
  const connection = peers.get(peerName);
  if (!connection) return;
  peers.delete(peerName);
  const gone = new WorkerCrashedError(peerName, 'its connection was closed');
  connection.caller.failAll(gone);
  connection.abortServed(gone);
  connection.port.close();
}

async function readMemory(measure: boolean): Promise<WorkerMemory | undefined> {
  const perf = performance as Performance & {
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
    memory?: { usedJSHeapSize: number };
  };
  if (measure && perf.measureUserAgentSpecificMemory) {
    const result = await perf.measureUserAgentSpecificMemory();
    return { usedBytes: result.bytes, source: 'measureUserAgentSpecificMemory' };
  }
  if (perf.memory) return { usedBytes: perf.memory.usedJSHeapSize, source: 'performance.memory' };
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new AbortError());
      },
      { once: true },
    );
  });
}

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy on purpose: the thread answers nothing, not even pings, until the loop ends.
  }
}

async function runDrill(
  kind: DrillKind,
  ms: number,
  budgetMs: number | undefined,
  signal: AbortSignal,
): Promise<void> {
  switch (kind) {
    case 'crash':
      setTimeout(() => {
        throw new Error(`Fault drill: the ${name()} worker crashed on purpose`);
      }, ms);
      // Stays pending: the crash, not an answer, must end this call.
      return new Promise<void>(() => undefined);
    case 'exit':
      setTimeout(() => {
        scope.close();
      }, ms);
      return new Promise<void>(() => undefined);
    case 'hang':
      busyFor(ms);
      return;
    case 'busy':
      return longStep({ label: 'a fault drill', budgetMs: budgetMs ?? 2 * ms }, () => {
        busyFor(ms);
      });
    case 'fail':
      await sleep(ms, signal);
      throw new DrillError(`Fault drill: the ${name()} worker failed this call on purpose`, {
        cause: new TypeError('An example cause from inside the worker'),
      });
    case 'slow':
      await sleep(ms, signal);
      return;
    case 'gpu-lost':
      await sleep(ms, signal);
      reportGpuDeviceLost('Fault drill: the GPU device was lost on purpose');
      return new Promise<void>(() => undefined);
  }
}

/** The base contract, the same in every worker; spread it into the worker's api. */
export const baseApi = {
  async ping(this: CallContext, options?: { measureMemory?: boolean }): Promise<WorkerHealth> {
    const health: WorkerHealth = {
      name: name(),
      buildId: __BUILD_ID__,
      uptimeMs: Math.round(performance.now() - startedAt),
      inFlight,
      cancelled,
      peers: [...peers.keys()],
      longestBlockMs: Math.round(longestBlockMs),
    };
    const lock = await aliveLock;
    if (lock !== undefined) health.aliveLock = lock;
    const memory = await readMemory(options?.measureMemory ?? false);
    if (memory) health.memory = memory;
    return health;
  },

  drill(this: CallContext, kind: DrillKind, ms: number, budgetMs?: number): Promise<void> {
    return runDrill(kind, ms, budgetMs, this.signal);
  },

  attachPeer(this: CallContext, peerName: WorkerName, port: MessagePort): Promise<void> {
    detach(peerName);
    // Both sides serve and call over the same port; comlink tells requests from answers by id.
    const { protocol, abortAll } = dispatcher(served, peerName);
    expose(protocol, port);
    const caller = new RemoteCaller(wrap<HostProtocol>(port), peerName);
    peers.set(peerName, { caller, port, abortServed: abortAll });
    return Promise.resolve();
  },

  detachPeer(this: CallContext, peerName: WorkerName): Promise<void> {
    detach(peerName);
    return Promise.resolve();
  },

  pingPeer(this: CallContext, peerName: WorkerName): Promise<WorkerHealth> {
    return peer(peerName).with({ signal: this.signal }).ping();
  },
} satisfies BaseApi;
