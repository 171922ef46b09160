// The workers as the Diagnostics page shows them: a live mirror of the supervisor's per-worker state
// (status, restarts, last error, ping latency, calls running, when a paused worker retries), plus the
// page's actions — ping, restart and the fault drills — each with the outcome its caller saw, in words.
import type { SearchStats } from '../../workers/contracts/search';
import { createContext } from 'svelte';
import { errorForPeople, formatSeconds } from '../core/errors';
import type { Supervisor } from '../services/supervisor';
import type { WorkerSnapshot } from '../services/worker-config';
import type { WorkerName } from '../../workers/contracts';

export type { WorkerSnapshot, WorkerStatus } from '../services/worker-config';

/** The drills offered on the page; the contract has a few more for tests. */
export type PageDrill = 'crash' | 'hang' | 'fail';

export interface Outcome {
  isError: boolean;
  text: string;
}

/** How long the drills take, chosen so each failure shows clearly and recovers in seconds. */
export const DRILL_SETTINGS = {
  crashAfterMs: 300,
  hangForMs: 30_000,
  hangTimeoutMs: 2_000,
} as const;

export class WorkersState {
  workers = $state<WorkerSnapshot[]>([]);
  outcomes = $state<Partial<Record<WorkerName, Outcome>>>({});
  /** The action running per worker (buttons are disabled meanwhile). */
  running = $state<Partial<Record<WorkerName, string | undefined>>>({});
  /** Ticks once a second while a worker is paused, for the "retrying in …" countdown. */
  now = $state(Date.now());

  constructor(private readonly supervisor: () => Supervisor) {}

  start(): () => void {
    let ticker: ReturnType<typeof setInterval> | undefined;
    const stop = this.supervisor().subscribe((workers) => {
      this.workers = workers;
      this.now = Date.now();
      const isPaused = workers.some((w) => w.status === 'open');
      if (isPaused && ticker === undefined) {
        ticker = setInterval(() => (this.now = Date.now()), 1_000);
      } else if (!isPaused && ticker !== undefined) {
        clearInterval(ticker);
        ticker = undefined;
      }
    });
    return () => {
      stop();
      if (ticker !== undefined) clearInterval(ticker);
    };
  }

  /** What the search worker's indexes hold, for the Diagnostics page. */
  searchStats(): Promise<SearchStats> {
    return this.supervisor().client('search').stats();
  }

  /** Whole seconds until a paused worker is tried again. */
  retryInSeconds(worker: WorkerSnapshot): number | undefined {
    return worker.retryAt === undefined
      ? undefined
      : Math.max(0, Math.ceil((worker.retryAt - this.now) / 1000));
  }

  ping(name: WorkerName): Promise<void> {
    return this.act(name, 'ping', async () => {
      const t0 = performance.now();
      const health = await this.supervisor().client(name).ping();
      const ms = Math.round((performance.now() - t0) * 10) / 10;
      const answer = `Ping answered in ${ms} ms; the worker has been up for ${formatSeconds(health.uptimeMs)}.`;
      return health.buildId === __BUILD_ID__
        ? answer
        : `${answer} It runs code from another build (${health.buildId}); reload the page.`;
    });
  }

  restart(name: WorkerName): Promise<void> {
    return this.act(name, 'restart', async () => {
      await this.supervisor().restart(name);
      return 'Restarted: a fresh worker is running.';
    });
  }

  drill(name: WorkerName, kind: PageDrill): Promise<void> {
    return this.act(name, kind, async () => {
      const client = this.supervisor().client(name);
      if (kind === 'crash') await client.drill('crash', DRILL_SETTINGS.crashAfterMs);
      else if (kind === 'hang') {
        await client
          .with({ timeoutMs: DRILL_SETTINGS.hangTimeoutMs })
          .drill('hang', DRILL_SETTINGS.hangForMs);
      } else await client.drill('fail', 0);
      return 'The drill finished without a failure, which was not expected.';
    });
  }

  private async act(name: WorkerName, action: string, run: () => Promise<string>): Promise<void> {
    this.running[name] = action;
    this.outcomes[name] = { isError: false, text: describeAction(action) };
    try {
      this.outcomes[name] = { isError: false, text: await run() };
    } catch (error) {
      this.outcomes[name] = { isError: true, text: `The call failed: ${errorForPeople(error)}` };
    } finally {
      this.running[name] = undefined;
    }
  }
}

function describeAction(action: string): string {
  switch (action) {
    case 'ping':
      return 'Pinging…';
    case 'restart':
      return 'Restarting…';
    case 'hang':
      return `Hanging the worker; the call gives up after ${formatSeconds(DRILL_SETTINGS.hangTimeoutMs)}…`;
    default:
      return 'Running the drill…';
  }
}

export const [getWorkers, setWorkers] = createContext<WorkersState>();
