import { describe, expect, it } from 'vitest';
import {
  AbortError,
  CircuitOpenError,
  DrillError,
  RemoteError,
  WorkerCrashedError,
  WorkerStartError,
  WorkerTimeoutError,
  errorForLog,
  errorForPeople,
  deserializeError,
  isAbortError,
  isInfrastructureError,
  serializeError,
} from './errors';

/** Serialise, pass through structuredClone as postMessage would, and rebuild. */
function roundTrip(value: unknown): Error {
  return deserializeError(structuredClone(serializeError(value)));
}

describe('errors', () => {
  describe('serializeError / deserializeError', () => {
    it('keeps name, message, stack, code and a chain of causes', () => {
      const root = new TypeError('bad input');
      const middle = new Error('parse failed', { cause: root });
      const top = new DrillError('the drill failed', { cause: middle });
      const back = roundTrip(top);
      expect(back).toBeInstanceOf(DrillError);
      expect(back).toMatchObject({ name: 'DrillError', message: 'the drill failed', code: 'drill-failure' });
      expect(back.stack).toBe(top.stack);
      const cause = back.cause as Error;
      expect(cause).toBeInstanceOf(Error);
      expect(cause.message).toBe('parse failed');
      expect(cause.cause).toBeInstanceOf(TypeError);
      expect((cause.cause as Error).message).toBe('bad input');
    });

    it('rebuilds our typed errors with their fields without re-composing the message', () => {
      const back = roundTrip(new WorkerTimeoutError('embed', 'embed', 1500));
      expect(back).toBeInstanceOf(WorkerTimeoutError);
      expect(back.message).toBe('The embed worker timed out: "embed" did not finish within 1.5 s.');
      expect(back).toMatchObject({
        worker: 'embed',
        method: 'embed',
        timeoutMs: 1500,
        code: 'worker-timeout',
      });
    });

    it('keeps the class of infrastructure errors so breakers still count them', () => {
      const back = roundTrip(new WorkerCrashedError('embed', 'out of memory'));
      expect(isInfrastructureError(back)).toBe(true);
      expect(back.message).toContain('The embed worker stopped unexpectedly (out of memory)');
    });

    it('keeps an unknown error class name on a RemoteError', () => {
      class QuotaError extends Error {
        override name = 'QuotaExceededError';
      }
      const back = roundTrip(new QuotaError('disk full'));
      expect(back).toBeInstanceOf(RemoteError);
      expect(back.name).toBe('QuotaExceededError');
      expect(back.message).toBe('disk full');
    });

    it('turns a thrown non-error into a readable error', () => {
      expect(roundTrip('plain text')).toMatchObject({ name: 'Error', message: 'plain text' });
      expect(roundTrip({ reason: 42 }).message).toBe('{"reason":42}');
    });

    it('stops following a cause that points back to the error', () => {
      const a = new Error('a');
      const b = new Error('b', { cause: a });
      Object.assign(a, { cause: b });
      let depth = 0;
      let s: ReturnType<typeof serializeError> | undefined = serializeError(a);
      while (s) {
        depth++;
        s = s.cause;
      }
      expect(depth).toBeLessThanOrEqual(9);
    });

    it('treats a DOMException abort like our AbortError', () => {
      const back = roundTrip(new DOMException('stopped', 'AbortError'));
      expect(isAbortError(back)).toBe(true);
      expect(back).toBeInstanceOf(AbortError);
    });
  });

  describe('CircuitOpenError', () => {
    it('says when the worker will be tried again', () => {
      expect(new CircuitOpenError('embed', 7_000, 2_000).message).toBe(
        'The embed worker failed repeatedly, so it is paused. It will try again in 5 s.',
      );
    });
  });

  describe('errorForLog', () => {
    it('lists the causes with their class names, for a bug report', () => {
      const error = new DrillError('failed on purpose', { cause: new TypeError('example cause') });
      expect(errorForLog(error)).toBe('DrillError: failed on purpose ← TypeError: example cause');
    });
  });

  describe('errorForPeople', () => {
    it('says each message down the chain once, with no class name', () => {
      const error = new DrillError('failed on purpose', { cause: new TypeError('example cause') });
      expect(errorForPeople(error)).toBe('failed on purpose: example cause');
      const sentence = new Error('The model could not be loaded.', { cause: new Error('Failed to fetch') });
      expect(errorForPeople(sentence)).toBe('The model could not be loaded. Failed to fetch');
    });

    it('does not repeat a cause the message already quotes', () => {
      const cause = new TypeError('Failed to fetch');
      const error = new WorkerStartError('embed', 'Failed to fetch', { cause });
      expect(errorForPeople(error)).toBe('The embed worker could not start: Failed to fetch');
    });

    it('follows Dexie-style inner errors and plain thrown values', () => {
      const inner = Object.assign(new Error('The quota was exceeded.'), { name: 'QuotaExceededError' });
      const dexie = Object.assign(new Error('Transaction failed'), { name: 'AbortError', inner });
      expect(errorForPeople(dexie)).toBe('Transaction failed: The quota was exceeded.');
      expect(errorForPeople(42)).toBe('42');
      expect(errorForPeople('plain words')).toBe('plain words');
    });

    it('never answers with nothing', () => {
      expect(errorForPeople(new DOMException('', 'AbortError'))).toBe('Stopped.');
      expect(errorForPeople(new Error(' '))).toBe('Something went wrong, and it gave no reason.');
      expect(errorForPeople(undefined)).toBe('Something went wrong, and it gave no reason.');
    });
  });
});
