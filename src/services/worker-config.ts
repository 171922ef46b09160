// Settings and the observable state of a supervised worker, apart from the machinery in worker-slot.ts
// so the UI's state layer can import the shapes without the logic.
import type { BreakerOptions } from '../core/circuit-breaker';
import type { WorkerHealth, WorkerName } from '../../workers/contracts';

export interface SlotConfig {
  /** Default limit for one call. */
  callTimeoutMs: number;
  /** How long a liveness ping may take before the worker counts as hung. */
  pingDeadlineMs: number;
  /** Limit for the worker to load its code and answer its first ping. */
  startTimeoutMs: number;
  /** While calls run, ping this often… */
  heartbeatIntervalMs: number;
  /** …and declare the worker hung after this many unanswered pings in a row. */
  heartbeatMisses: number;
  /** Watch the Web Lock each worker holds, to know at once when one is gone (ADR 0022). */
  watchLivenessLock: boolean;
  breaker: Partial<BreakerOptions>;
}

export const DEFAULT_SLOT_CONFIG: SlotConfig = {
  callTimeoutMs: 60_000,
  pingDeadlineMs: 2_000,
  startTimeoutMs: 20_000,
  heartbeatIntervalMs: 5_000,
  heartbeatMisses: 3,
  watchLivenessLock: true,
  breaker: {},
};

export type WorkerStatus =
  'not-started' | 'starting' | 'ready' | 'busy' | 'crashed' | 'restarting' | 'hung' | 'open' | 'half-open';

export interface WorkerSnapshot {
  name: WorkerName;
  status: WorkerStatus;
  restarts: number;
  inFlight: number;
  lastError?: { name: string; message: string };
  lastPingMs?: number;
  /** When the breaker is open: when the next trial runs (epoch ms). */
  retryAt?: number;
  health?: WorkerHealth;
  /** The long step the worker declared and is in now (ADR 0022), e.g. "loading SmolLM2 135M". */
  step?: string;
}
