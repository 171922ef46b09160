// The supervisor owns every worker: it creates each one lazily through a factory table, hands out one
// typed client per worker (each call can carry `{ signal, timeoutMs }` via `client.with(...)`), wires
// workers to each other with MessageChannel ports so data need not pass through the main thread, and
// re-wires them after either side restarts. Failure handling per worker lives in worker-slot.ts.
import type { WorkerApis, WorkerName } from '../../workers/contracts';
import { createClient, type Client } from '../../workers/protocol';
import { DEFAULT_SLOT_CONFIG, type SlotConfig, type WorkerSnapshot } from './worker-config';
import { WorkerSlot } from './worker-slot';

export type WorkerFactories = Record<WorkerName, () => Worker>;

/** Which workers talk directly: `{ ingest: ['embed'] }` starts embed with ingest and joins them by a port. */
export type Topology = Partial<Record<WorkerName, WorkerName[]>>;

/** Ingest reads the words in images through the vision worker's OCR (ADR 0076). */
export const DEFAULT_TOPOLOGY: Topology = {
  ingest: ['embed', 'search', 'vision'],
  search: ['embed', 'vision'],
};

export interface SupervisorOptions {
  factories: WorkerFactories;
  topology?: Topology;
  /** Settings for every worker, then per worker. */
  config?: Partial<SlotConfig>;
  perWorker?: Partial<Record<WorkerName, Partial<SlotConfig>>>;
}

export type SnapshotListener = (workers: WorkerSnapshot[]) => void;

export class Supervisor {
  private readonly slots: Map<WorkerName, WorkerSlot>;
  private readonly topology: Topology;
  private readonly listeners = new Set<SnapshotListener>();
  private notifyQueued = false;

  constructor(options: SupervisorOptions) {
    this.topology = options.topology ?? DEFAULT_TOPOLOGY;
    this.slots = new Map();
    for (const name of Object.keys(options.factories) as WorkerName[]) {
      const config: SlotConfig = {
        ...DEFAULT_SLOT_CONFIG,
        ...options.config,
        ...options.perWorker?.[name],
      };
      this.slots.set(
        name,
        new WorkerSlot(name, options.factories[name], config, {
          onStarted: (slot) => this.wire(slot),
          onStopped: (slot) => {
            this.unwire(slot);
          },
          onChange: () => {
            this.queueNotify();
          },
        }),
      );
    }
  }

  get names(): WorkerName[] {
    return [...this.slots.keys()];
  }

  /** The typed client of one worker. Creating it starts nothing; the first call does. */
  client<N extends WorkerName>(name: N): Client<WorkerApis[N]> {
    const slot = this.slot(name);
    return createClient<WorkerApis[N]>((method, args, options) => slot.call(method, args, options));
  }

  /** Replaces a worker now, forgetting its failure history (a person asked for it). */
  restart(name: WorkerName): Promise<void> {
    return this.slot(name).restart();
  }

  snapshot(): WorkerSnapshot[] {
    return [...this.slots.values()].map((slot) => slot.snapshot());
  }

  /** Calls `listener` now and after every change (batched per microtask). */
  subscribe(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.listeners.clear();
  }

  private slot(name: WorkerName): WorkerSlot {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`No worker named "${name}"`);
    return slot;
  }

  private neighbours(name: WorkerName): WorkerName[] {
    const out = new Set<WorkerName>(this.topology[name] ?? []);
    for (const [other, deps] of Object.entries(this.topology) as [WorkerName, WorkerName[]][]) {
      if (deps.includes(name)) out.add(other);
    }
    out.delete(name);
    return [...out].filter((n) => this.slots.has(n));
  }

  /** Starts the worker's dependencies, then joins it to every running neighbour by a fresh port pair. */
  private async wire(slot: WorkerSlot): Promise<void> {
    for (const dep of this.topology[slot.name] ?? []) {
      const depSlot = this.slots.get(dep);
      // A paused dependency is left to its breaker's trial; it is wired when it comes back.
      if (!depSlot || depSlot.breaker.state.kind === 'open') continue;
      await depSlot.ensureStarted().catch((error: unknown) => {
        // The dependency's own state shows why; this worker still starts, its peer calls will fail.
        console.warn(`ThinkBank: ${slot.name} starts without ${dep}`, error);
      });
    }
    for (const name of this.neighbours(slot.name)) {
      const other = this.slot(name);
      if (!other.isRunning) continue;
      const { port1, port2 } = new MessageChannel();
      await Promise.all([
        slot.internal('attachPeer', [name, port1], { transfer: [port1] }),
        other.internal('attachPeer', [slot.name, port2], { transfer: [port2] }),
      ]).catch((error: unknown) => {
        // A neighbour that fails meanwhile is restarted and wired again then; this worker still starts.
        console.warn(`ThinkBank: could not connect ${slot.name} to ${name}`, error);
      });
    }
  }

  private unwire(slot: WorkerSlot): void {
    for (const name of this.neighbours(slot.name)) {
      const other = this.slot(name);
      if (!other.isRunning) continue;
      other.internal('detachPeer', [slot.name]).catch((error: unknown) => {
        console.warn(`ThinkBank: could not tell ${name} that ${slot.name} stopped`, error);
      });
    }
  }

  private queueNotify(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      const snapshot = this.snapshot();
      for (const listener of this.listeners) listener(snapshot);
    });
  }
}
