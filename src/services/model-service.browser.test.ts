// The model service over the real llm worker in real Chromium, loading the generated chat model: callers
// join one load, a caller that leaves cancels it only when nobody else waits, a failure is not kept, and
// a replaced worker's model is forgotten.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAbortError } from '../core/errors';
import type { ModelHost } from '../ml/model-host';
import type { ModelEntry } from '../ml/registry';
import { testChatEntry } from '../testing/chat-model';
import { ModelService, type ModelEvent, type ModelJob } from './model-service';
import { Supervisor } from './supervisor';
import { workerFactories } from './worker-factories';

let supervisor: Supervisor;
let service: ModelService;
let stop: () => void;
let events: ModelEvent[];
let entry: ModelEntry;
let host: ModelHost;

function job(overrides: Partial<ModelJob> = {}): ModelJob {
  return { entry, isCurated: false, host, appBase: location.href, runtime: { device: 'wasm' }, ...overrides };
}

const kinds = (key: string) => events.filter((e) => 'key' in e && e.key === key).map((e) => e.kind);

beforeEach(async () => {
  supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 60_000 } });
  service = new ModelService(
    () => supervisor,
    () => undefined,
  );
  events = [];
  service.subscribe((event) => events.push(event));
  stop = service.start();
  ({ entry, host } = await testChatEntry());
});

afterEach(() => {
  stop();
  supervisor.dispose();
});

describe('ModelService', () => {
  describe('load', () => {
    it('lets a second caller join the load in flight: one load, one answer for both', async () => {
      const first = service.load(job());
      const second = service.load(job());
      const [a, b] = await Promise.all([first, second]);
      expect(a).toEqual(b);
      expect(a?.modelKey).toBe('test-chat-llm');
      expect(kinds('test-chat-llm').filter((k) => k === 'started')).toHaveLength(1);
      expect(service.loaded('test-chat-llm')?.modelKey).toBe('test-chat-llm');
      expect(kinds('test-chat-llm').at(-1)).toBe('loaded');
    });

    it('keeps the load going when one of two callers stops waiting, and cancels it when the last one does', async () => {
      const leaving = new AbortController();
      const staying = service.load(job());
      const left = service.load(job(), leaving.signal);
      leaving.abort();
      expect(isAbortError(await left.catch((error: unknown) => error))).toBe(true);
      await expect(staying).resolves.toMatchObject({ modelKey: 'test-chat-llm' });

      await service.unload(entry);
      const alone = new AbortController();
      const only = service.load(job(), alone.signal);
      alone.abort();
      expect(isAbortError(await only.catch((error: unknown) => error))).toBe(true);
      await expect.poll(() => service.isRunning('test-chat-llm')).toBe(false);
      expect(kinds('test-chat-llm').at(-1)).toBe('cancelled');
    });

    it('does not keep a failure: the next call tries again', async () => {
      const broken = { ...entry, repo: 'no-such-model' };
      await expect(service.load(job({ entry: broken }))).rejects.toThrow();
      expect(kinds('test-chat-llm')).toContain('failed');
      await expect(service.load(job())).resolves.toMatchObject({ modelKey: 'test-chat-llm' });
    });
  });

  describe('start', () => {
    it('forgets the model of a worker that was replaced: it comes back empty', async () => {
      await service.load(job());
      await supervisor
        .client('llm')
        .drill('crash', 0)
        .catch(() => undefined);
      await expect.poll(() => service.loaded('test-chat-llm')).toBeUndefined();
      expect(kinds('test-chat-llm').at(-1)).toBe('cached');
    });
  });

  describe('unload', () => {
    it('frees the model and says it is only cached now', async () => {
      await service.load(job());
      await service.unload(entry);
      expect(service.loaded('test-chat-llm')).toBeUndefined();
      expect(await supervisor.client('llm').info()).toBeUndefined();
      expect(kinds('test-chat-llm').at(-1)).toBe('cached');
    });
  });
});
