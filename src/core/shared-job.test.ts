import { describe, expect, it } from 'vitest';
import { SharedJob } from './shared-job';

function deferredWork() {
  let seen: AbortSignal | undefined;
  let finish: (value: string) => void = () => undefined;
  const job = new SharedJob<string>(
    (signal) =>
      new Promise((resolve, reject) => {
        seen = signal;
        finish = resolve;
        signal.addEventListener('abort', () => {
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        });
      }),
  );
  return {
    job,
    signal: () => seen,
    finish: (v: string) => {
      finish(v);
    },
  };
}

const cancelled = () => new Error('cancelled');

describe('SharedJob', () => {
  describe('join', () => {
    it('gives every waiter the one result', async () => {
      const { job, finish } = deferredWork();
      const a = job.join(undefined, cancelled);
      const b = job.join(undefined, cancelled);
      finish('done');
      expect(await Promise.all([a, b])).toEqual(['done', 'done']);
      expect(job.isSettled).toBe(true);
    });

    it('lets one waiter leave while the work goes on for another', async () => {
      const { job, finish, signal } = deferredWork();
      const leaving = new AbortController();
      const left = job.join(leaving.signal, cancelled);
      const stays = job.join(undefined, cancelled);
      leaving.abort();
      await expect(left).rejects.toThrow('cancelled');
      expect(signal()?.aborted).toBe(false);
      finish('done');
      await expect(stays).resolves.toBe('done');
    });

    it('aborts the work when the last waiter leaves, and tells each leaving waiter once', async () => {
      const { job, signal } = deferredWork();
      const only = new AbortController();
      let leaves = 0;
      const wait = job.join(only.signal, cancelled, () => leaves++);
      only.abort();
      await expect(wait).rejects.toThrow('cancelled');
      expect(signal()?.aborted).toBe(true);
      expect(leaves).toBe(1);
      await expect(job.promise).rejects.toThrow('cancelled');
    });

    it('refuses a waiter whose signal already aborted, without touching the work', async () => {
      const { job, signal } = deferredWork();
      const gone = new AbortController();
      gone.abort();
      await expect(job.join(gone.signal, cancelled)).rejects.toThrow('cancelled');
      expect(signal()?.aborted).toBe(false);
    });
  });
});
