// The part of the API every worker implements: health, fault drills and peer wiring. The supervisor
// relies on these to tell a live worker from a dead one and to connect workers to each other; the
// Diagnostics page and the tests use the drills to prove that recovery works. Type-only.
import type { WorkerName } from './names';

/**
 * Fault drills, real behaviour used on purpose:
 * - crash: an uncaught error after `ms`, while the call is in flight (the Worker's `error` event fires);
 * - exit: the worker closes itself after `ms`, silently (only the heartbeat notices);
 * - hang: the worker's thread busy-loops for `ms` and answers nothing meanwhile;
 * - fail: the call rejects with a DrillError that has a cause;
 * - slow: resolves after `ms` unless cancelled (shows cancellation reaching the worker);
 * - gpu-lost: the worker reports a lost GPU device after `ms`, as a real one would;
 * - busy: like hang, but declared as a long step first (as model work is), with a budget of `budgetMs`
 *   (default twice `ms`): the supervisor must wait for it while it stays within its budget.
 */
export type DrillKind = 'crash' | 'exit' | 'hang' | 'fail' | 'slow' | 'gpu-lost' | 'busy';

export interface WorkerMemory {
  usedBytes: number;
  /** Where the number came from: the standard measurement or Chrome's JS heap figure. */
  source: 'measureUserAgentSpecificMemory' | 'performance.memory';
}

export interface WorkerHealth {
  name: WorkerName;
  /** The build the worker's code came from; must match the page's `__BUILD_ID__`. */
  buildId: string;
  uptimeMs: number;
  /** Calls running now, not counting this ping. */
  inFlight: number;
  /** Calls cancelled by their callers since the worker started. */
  cancelled: number;
  /** Workers this one is connected to by a MessagePort. */
  peers: WorkerName[];
  memory?: WorkerMemory;
  /** The longest time the worker's thread was blocked (could answer nothing) while it had calls to run. */
  longestBlockMs: number;
  /**
   * A Web Lock the worker holds for as long as it exists: the browser releases it the moment the worker
   * is gone, which tells a dead worker from a busy one. Absent where Web Locks are not available.
   */
  aliveLock?: string;
}

export interface PingOptions {
  /** Also measure memory with the (slow, standard) measureUserAgentSpecificMemory where it exists. */
  measureMemory?: boolean;
}

export interface BaseApi {
  ping(options?: PingOptions): Promise<WorkerHealth>;
  drill(kind: DrillKind, ms: number, budgetMs?: number): Promise<void>;
  /** Connects to another worker through `port` (transferred); replaces an earlier connection. */
  attachPeer(name: WorkerName, port: MessagePort): Promise<void>;
  /** Drops the connection to a peer that stopped; its pending calls fail at once. */
  detachPeer(name: WorkerName): Promise<void>;
  /** Pings a peer through the port, proving the direct connection works. */
  pingPeer(name: WorkerName): Promise<WorkerHealth>;
}
