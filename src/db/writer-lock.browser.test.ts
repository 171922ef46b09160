import { afterEach, describe, expect, it } from 'vitest';
import { WriterLock, type TabRole } from './writer-lock';

/** A WriterLock on a lock name of its own, recording each role it reports. */
function makeLock(name: string) {
  const roles: TabRole[] = [];
  const errors: unknown[] = [];
  const lock = new WriterLock({ name, onRole: (role) => roles.push(role), onError: (e) => errors.push(e) });
  started.push(lock);
  return { lock, roles, errors };
}

const started: WriterLock[] = [];

afterEach(() => {
  for (const lock of started.splice(0)) lock.stop();
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('WriterLock', () => {
  describe('start', () => {
    it('makes the first holder the writer and the second a reader', async () => {
      const name = crypto.randomUUID();
      const first = makeLock(name);
      first.lock.start();
      await until(() => first.lock.role === 'writer');
      const second = makeLock(name);
      second.lock.start();
      await until(() => second.lock.role === 'reader');
      expect(first.roles).toEqual(['writer']);
      expect(second.roles).toEqual(['reader']);
    });
  });

  describe('stop', () => {
    it('hands the lock to the waiting reader when the writer lets go', async () => {
      const name = crypto.randomUUID();
      const first = makeLock(name);
      first.lock.start();
      await until(() => first.lock.role === 'writer');
      const second = makeLock(name);
      second.lock.start();
      await until(() => second.lock.role === 'reader');
      first.lock.stop();
      await until(() => second.lock.role === 'writer');
      expect(second.roles).toEqual(['reader', 'writer']);
    });
  });

  describe('takeOver', () => {
    it('makes a reader the writer at once and the former writer a reader that waits again', async () => {
      const name = crypto.randomUUID();
      const first = makeLock(name);
      first.lock.start();
      await until(() => first.lock.role === 'writer');
      const second = makeLock(name);
      second.lock.start();
      await until(() => second.lock.role === 'reader');

      second.lock.takeOver();
      await until(() => second.lock.role === 'writer' && first.lock.role === 'reader');

      // The former writer waits in the queue: it takes over again once the new writer lets go.
      second.lock.stop();
      await until(() => first.lock.role === 'writer');
      expect(first.roles).toEqual(['writer', 'reader', 'writer']);
      expect([...first.errors, ...second.errors]).toEqual([]);
      const held = await navigator.locks.query();
      expect(held.held?.filter((l) => l.name === name)).toHaveLength(1);
      expect(held.pending?.filter((l) => l.name === name)).toHaveLength(0);
    });
  });

  describe('without Web Locks', () => {
    it('lets the tab write, as there is no way to agree on one writer', () => {
      const roles: TabRole[] = [];
      const lock = new WriterLock({
        locks: undefined,
        onRole: (r) => roles.push(r),
        onError: () => undefined,
      });
      lock.start();
      expect(roles).toEqual(['writer']);
    });
  });
});
