// Generation in a worker must stay interruptible. transformers.js runs the decoding loop as one long
// async function; on WASM every step can finish without the loop ever returning to the worker's event
// loop, so a cancel message, a heartbeat ping or any other call would wait for the whole answer. Each
// forward pass first yields one macrotask (a MessageChannel round trip, which is not clamped like
// nested timers), and every call gets a stopping criterion tied to the call's AbortSignal.
import { InterruptableStoppingCriteria } from '@huggingface/transformers';

interface Forwarding {
  forward(inputs: unknown): Promise<unknown>;
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
    port2.close();
  });
}

/** Makes every forward pass of `model` yield to the event loop first. */
export function yieldBetweenSteps(model: object): void {
  const target = model as Forwarding;
  const forward = target.forward.bind(model);
  target.forward = async (inputs: unknown) => {
    await nextMacrotask();
    return forward(inputs);
  };
}

/** A stopping criterion that ends generation at the next step once `signal` aborts. */
export function stopOnAbort(signal: AbortSignal): {
  criterion: InterruptableStoppingCriteria;
  release(): void;
} {
  const criterion = new InterruptableStoppingCriteria();
  const onAbort = () => {
    criterion.interrupt();
  };
  if (signal.aborted) criterion.interrupt();
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    criterion,
    release: () => {
      signal.removeEventListener('abort', onAbort);
    },
  };
}
