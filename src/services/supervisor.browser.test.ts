// Real workers in real Chromium: every failure here is produced by the workers' own fault drills.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CircuitOpenError,
  DrillError,
  PeerMissingError,
  WorkerCrashedError,
  WorkerHungError,
  WorkerStartError,
  WorkerTimeoutError,
} from '../core/errors';
import type { WorkerName } from '../../workers/contracts';
import type { WorkerHealth } from '../../workers/contracts/base';
import { Supervisor, type SupervisorOptions } from './supervisor';
import { workerFactories } from './worker-factories';

let supervisor: Supervisor | undefined;

/** Short intervals, so the drills end quickly; the verdicts do not depend on how fast the machine is. */
const QUICK = {
  callTimeoutMs: 5_000,
  pingDeadlineMs: 500,
  heartbeatIntervalMs: 200,
  heartbeatMisses: 3,
  breaker: { failureThreshold: 3, baseCooldownMs: 400, maxCooldownMs: 2_000 },
};

function makeSupervisor(overrides: Partial<SupervisorOptions> = {}): Supervisor {
  supervisor = new Supervisor({
    factories: workerFactories,
    config: QUICK,
    ...overrides,
  });
  return supervisor;
}

/** The workers the embed worker is joined to, as ingest's peer call sees them (ingest and search). */
async function embedPeers(ingest: { pingPeer(name: 'embed'): Promise<WorkerHealth> }): Promise<string[]> {
  const health = await ingest.pingPeer('embed');
  expect(health.name).toBe('embed');
  return [...health.peers].sort();
}

function status(s: Supervisor, name: WorkerName) {
  return s.snapshot().find((w) => w.name === name)?.status;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, but it succeeded');
}

afterEach(() => {
  supervisor?.dispose();
  supervisor = undefined;
});

describe('Supervisor', () => {
  describe('client', () => {
    it('starts a worker only on its first call and reports its health', async () => {
      const s = makeSupervisor();
      expect(status(s, 'embed')).toBe('not-started');
      const health = await s.client('embed').ping();
      expect(health).toMatchObject({ name: 'embed', buildId: __BUILD_ID__, inFlight: 0 });
      expect(status(s, 'embed')).toBe('ready');
      expect(status(s, 'ingest')).toBe('not-started');
    });

    it('keeps name, message, code and cause of an error thrown in the worker', async () => {
      const s = makeSupervisor();
      const error = await rejection(s.client('embed').drill('fail', 0));
      expect(error).toBeInstanceOf(DrillError);
      expect(error).toMatchObject({ name: 'DrillError', code: 'drill-failure' });
      expect(error.message).toBe('Fault drill: the embed worker failed this call on purpose');
      expect(error.cause).toBeInstanceOf(TypeError);
      expect((error.cause as Error).message).toBe('An example cause from inside the worker');
      expect(status(s, 'embed')).toBe('ready');
    });
  });

  describe('crash recovery', () => {
    it('gives a caller WorkerCrashedError when the worker dies mid-call, then serves the next call', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      await embed.ping();
      const error = await rejection(embed.drill('crash', 50));
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(error.message).toMatch(/^The embed worker stopped unexpectedly \(.*crashed on purpose.*\)/);
      await expect(embed.ping()).resolves.toMatchObject({ name: 'embed' });
      expect(s.snapshot().find((w) => w.name === 'embed')).toMatchObject({ status: 'ready', restarts: 1 });
    });

    it('restarts a worker that reports a lost GPU device', async () => {
      const s = makeSupervisor();
      const error = await rejection(s.client('embed').drill('gpu-lost', 10));
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(error.message).toContain('GPU device was lost');
      await expect(s.client('embed').ping()).resolves.toMatchObject({ name: 'embed' });
    });

    it('knows at once, by its liveness lock, a worker that vanished without an error', async () => {
      // A heartbeat too slow to be what notices: only the released lock can end this call in time.
      const s = makeSupervisor({
        config: { ...QUICK, heartbeatIntervalMs: 60_000 },
      });
      const t0 = performance.now();
      const error = await rejection(s.client('embed').drill('exit', 10));
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(error.message).toContain('it closed without an error');
      expect(performance.now() - t0).toBeLessThan(30_000);
      await expect(s.client('embed').ping()).resolves.toMatchObject({ name: 'embed' });
    });

    it('notices through the heartbeat a worker that vanished, where no lock is watched', async () => {
      const s = makeSupervisor({ config: { ...QUICK, watchLivenessLock: false } });
      const error = await rejection(s.client('embed').drill('exit', 10));
      expect(error).toBeInstanceOf(WorkerHungError);
      await expect(s.client('embed').ping()).resolves.toMatchObject({ name: 'embed' });
    });
  });

  describe('timeouts', () => {
    it('times out a hung worker, then finds it hung and replaces it', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      const error = await rejection(embed.with({ timeoutMs: 300 }).drill('hang', 4_000));
      expect(error).toBeInstanceOf(WorkerTimeoutError);
      expect(error.message).toBe('The embed worker timed out: "drill" did not finish within 0.3 s.');
      await expect.poll(() => s.snapshot().find((w) => w.name === 'embed')?.restarts).toBe(1);
      expect(s.snapshot().find((w) => w.name === 'embed')?.lastError?.name).toBe('WorkerHungError');
      const t0 = performance.now();
      await expect(embed.ping()).resolves.toMatchObject({ name: 'embed' });
      expect(performance.now() - t0).toBeLessThan(2_000);
    });

    it('replaces a worker that loops without a declared step, through the heartbeat alone', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      await embed.ping();
      const error = await rejection(embed.with({ timeoutMs: 60_000 }).drill('hang', 20_000));
      expect(error).toBeInstanceOf(WorkerHungError);
      expect(error.message).toBe('The embed worker stopped responding and is being restarted; try again.');
      await expect(embed.ping()).resolves.toMatchObject({ name: 'embed' });
    });

    it('keeps a worker that is busy in a declared long step far longer than the heartbeat allows', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      await embed.ping();
      // 3 missed beats of 200 ms would call it hung after well under a second; the step lasts 2.5 s.
      const busy = embed.drill('busy', 2_500);
      await expect.poll(() => s.snapshot().find((w) => w.name === 'embed')?.step).toBe('a fault drill');
      await expect(busy).resolves.toBeUndefined();
      expect(s.snapshot().find((w) => w.name === 'embed')).toMatchObject({ status: 'ready', restarts: 0 });
      // The worker measured how long its thread could answer nothing.
      expect((await embed.ping()).longestBlockMs).toBeGreaterThanOrEqual(2_000);
      expect(s.snapshot().find((w) => w.name === 'embed')?.step).toBeUndefined();
    });

    it('keeps a busy worker whose caller gave up, and watches it until its step ends', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      await embed.ping();
      await expect(embed.with({ timeoutMs: 100 }).drill('busy', 2_000)).rejects.toBeInstanceOf(
        WorkerTimeoutError,
      );
      await expect(embed.ping()).resolves.toMatchObject({ name: 'embed' });
      expect(s.snapshot().find((w) => w.name === 'embed')).toMatchObject({ status: 'ready', restarts: 0 });
    });

    it('replaces a worker whose declared step runs past its budget, naming the step', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      await embed.ping();
      const error = await rejection(embed.with({ timeoutMs: 60_000 }).drill('busy', 20_000, 300));
      expect(error).toBeInstanceOf(WorkerHungError);
      expect(error.message).toContain('one step (a fault drill)');
      await expect(embed.ping()).resolves.toMatchObject({ name: 'embed' });
      expect(s.snapshot().find((w) => w.name === 'embed')?.restarts).toBe(1);
    });

    it('keeps a worker that is only slow', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      await expect(embed.with({ timeoutMs: 100 }).drill('slow', 1_000)).rejects.toBeInstanceOf(
        WorkerTimeoutError,
      );
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(s.snapshot().find((w) => w.name === 'embed')).toMatchObject({ status: 'ready', restarts: 0 });
    });
  });

  describe('cancellation', () => {
    it('rejects at once with AbortError and the worker cancels the call', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      await embed.ping();
      const controller = new AbortController();
      const call = embed.with({ signal: controller.signal }).drill('slow', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const t0 = performance.now();
      controller.abort();
      const error = await rejection(call);
      expect(performance.now() - t0).toBeLessThan(100);
      expect(error.name).toBe('AbortError');
      await expect.poll(async () => (await embed.ping()).cancelled).toBe(1);
      expect((await embed.ping()).inFlight).toBe(0);
    });
  });

  describe('circuit breaker', () => {
    it('opens after repeated crashes, fails fast, then recovers after the cooldown', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      for (let i = 0; i < 3; i++) {
        await expect(embed.drill('crash', 10)).rejects.toBeInstanceOf(WorkerCrashedError);
      }
      expect(status(s, 'embed')).toBe('open');
      const t0 = performance.now();
      const error = await rejection(embed.ping());
      expect(performance.now() - t0).toBeLessThan(50);
      expect(error).toBeInstanceOf(CircuitOpenError);
      expect(error.message).toMatch(/paused\. It will try again in \d/);
      await expect.poll(() => status(s, 'embed'), { timeout: 5_000 }).toBe('ready');
      await expect(embed.ping()).resolves.toMatchObject({ name: 'embed' });
    });
  });

  describe('start failures', () => {
    it('reports a worker that cannot start, pauses it, and waits longer after each failed trial', async () => {
      const s = makeSupervisor({
        factories: {
          ...workerFactories,
          embed: () => new Worker(new URL('/no-such-worker.js', location.href), { type: 'module' }),
        },
      });
      const error = await rejection(s.client('embed').ping());
      expect(error).toBeInstanceOf(WorkerStartError);
      expect(error.message).toMatch(/^The embed worker could not start: /);
      await expect.poll(() => status(s, 'embed')).toBe('open');
      await expect(s.client('embed').ping()).rejects.toBeInstanceOf(CircuitOpenError);
      const retryAt = () => s.snapshot().find((w) => w.name === 'embed')?.retryAt ?? 0;
      const first = retryAt();
      await expect.poll(retryAt).toBeGreaterThan(first);
      const second = retryAt();
      // The second pause is twice the first (400 ms, then 800 ms), measured from the failed trial.
      expect(second - first).toBeGreaterThanOrEqual(800);
      expect(status(s, 'ingest')).toBe('not-started');
    });
  });

  describe('peer ports', () => {
    it('starts ingest without a paused embed worker and connects them when embed recovers', async () => {
      // A cooldown long enough that ingest surely starts while embed is still paused, even on a busy machine.
      const s = makeSupervisor({
        config: {
          callTimeoutMs: 5_000,
          pingDeadlineMs: 500,
          heartbeatIntervalMs: 200,
          heartbeatMisses: 3,
          // Ingest starts with its search and vision peers; the vision worker's bundle is large, so on a
          // busy machine starting them can take seconds.
          breaker: { failureThreshold: 3, baseCooldownMs: 20_000, maxCooldownMs: 40_000 },
        },
      });
      const embed = s.client('embed');
      for (let i = 0; i < 3; i++) {
        await expect(embed.drill('crash', 10)).rejects.toBeInstanceOf(WorkerCrashedError);
      }
      expect(status(s, 'embed')).toBe('open');
      const ingest = s.client('ingest');
      // Ingest's other peers, search (ADR 0104) and vision (ADR 0076), are up; embed is not.
      await expect(ingest.ping()).resolves.toMatchObject({ name: 'ingest', peers: ['search', 'vision'] });
      await expect(ingest.pingPeer('embed')).rejects.toBeInstanceOf(PeerMissingError);
      await expect.poll(() => status(s, 'embed'), { timeout: 60_000 }).toBe('ready');
      expect(await embedPeers(ingest)).toEqual(['ingest', 'search']);
    }, 120_000);

    it('fails a pending peer call at once when the peer is replaced', async () => {
      const s = makeSupervisor();
      const ingest = s.client('ingest');
      await ingest.pingPeer('embed');
      const hang = s.client('embed').with({ timeoutMs: 300 }).drill('hang', 4_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const peerCall = ingest.pingPeer('embed');
      await expect(hang).rejects.toBeInstanceOf(WorkerTimeoutError);
      const error = await rejection(peerCall);
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(error.message).toContain('The embed worker stopped unexpectedly (its connection was closed)');
      await expect.poll(() => status(s, 'embed')).toBe('ready');
      await expect(ingest.pingPeer('embed')).resolves.toMatchObject({ name: 'embed' });
    });

    it('restarts a worker that is still starting, and calls made meanwhile wait for the new one', async () => {
      const s = makeSupervisor();
      const embed = s.client('embed');
      // The first call starts the worker; a restart asked for meanwhile replaces it (as Settings does).
      const first = rejection(embed.ping());
      const restarting = s.restart('embed');
      // The call made to the replaced worker fails as such…
      expect(await first).toBeInstanceOf(WorkerCrashedError);
      // …and one made while the new worker starts waits for it rather than starting a third.
      const second = embed.ping();
      await restarting;
      await expect(second).resolves.toMatchObject({ name: 'embed' });
      expect(s.snapshot().find((w) => w.name === 'embed')).toMatchObject({ status: 'ready', restarts: 1 });
      await expect(s.client('ingest').pingPeer('embed')).resolves.toMatchObject({ name: 'embed' });
    });

    it('connects ingest to embed directly and reconnects after either side restarts', async () => {
      const s = makeSupervisor();
      const ingest = s.client('ingest');
      expect(await embedPeers(ingest)).toEqual(['ingest', 'search']);

      await expect(s.client('embed').drill('crash', 10)).rejects.toBeInstanceOf(WorkerCrashedError);
      await expect.poll(() => status(s, 'embed')).toBe('ready');
      await expect(ingest.pingPeer('embed')).resolves.toMatchObject({ name: 'embed' });

      await expect(ingest.drill('crash', 10)).rejects.toBeInstanceOf(WorkerCrashedError);
      expect(await embedPeers(ingest)).toEqual(['ingest', 'search']);
      const restarts = Object.fromEntries(s.snapshot().map((w) => [w.name, w.restarts]));
      // Only the two that crashed were restarted; their neighbour and every other worker were left alone.
      expect(restarts).toEqual(expect.objectContaining({ ingest: 1, embed: 1, search: 0 }));
      expect(Object.values(restarts).reduce((a, b) => a + b, 0)).toBe(2);
    });
  });
});
