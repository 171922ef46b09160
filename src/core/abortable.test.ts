import { describe, expect, it } from 'vitest';
import { whenNotAborted } from './abortable';

describe('whenNotAborted', () => {
  it('passes the answer through while the signal stays quiet', async () => {
    await expect(
      whenNotAborted(Promise.resolve(3), new AbortController().signal, () => new Error('x')),
    ).resolves.toBe(3);
  });

  it('stops waiting at once when the signal aborts, leaving the work alone', async () => {
    const controller = new AbortController();
    let finish: (v: number) => void = () => undefined;
    const work = new Promise<number>((resolve) => (finish = resolve));
    const wait = whenNotAborted(work, controller.signal, () => new Error('cancelled'));
    controller.abort();
    await expect(wait).rejects.toThrow('cancelled');
    finish(7);
    await expect(work).resolves.toBe(7);
  });
});
