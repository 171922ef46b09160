// The caller's end of an llm worker's token stream. Tokens come on a MessagePort while the generate()
// result comes back on the worker's own channel; messages on two ports keep no order between them, so
// the last tokens may still be on their way when the result arrives. The worker posts `null` after the
// last token (same port, so in order); `generateStreaming` returns only once that end marker is in.
import type { GenerateResult, GeneratedToken } from '../../workers/contracts/llm';

/** What the worker posts on a token stream: a token, or null once no more will come. */
export type TokenStreamMessage = GeneratedToken | null;

/**
 * Runs `generate(port)` with a fresh stream port, handing each token to `onToken` in order, and resolves
 * with its result after every token it produced has been delivered. When the call fails (abort, worker
 * gone), it fails at once: no end marker will come.
 */
export async function generateStreaming(
  generate: (port: MessagePort) => Promise<GenerateResult>,
  onToken: (token: GeneratedToken) => void,
): Promise<GenerateResult> {
  const { port1, port2 } = new MessageChannel();
  const drained = Promise.withResolvers<undefined>();
  port1.onmessage = (event: MessageEvent<TokenStreamMessage>) => {
    if (event.data === null) drained.resolve(undefined);
    else onToken(event.data);
  };
  try {
    const result = await generate(port2);
    await drained.promise;
    return result;
  } finally {
    port1.close();
  }
}
