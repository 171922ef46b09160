// The browser half of `npm run bench:audio` and `npm run eval:vad`, built with the app
// (audio.vite.config.ts) so the speech worker it starts is the production bundle: recordings are
// fetched from URLs the driving script answers, handed to the speech worker as Blobs through the real
// supervisor, decoded there (measureDecoding) or decoded and searched for speech (detectSpeech).
import { Supervisor } from '../../src/services/supervisor';
import { workerFactories } from '../../src/services/worker-factories';
import type { DecodeSummary, SpeechDetection, SpeechSpanOptions } from '../../workers/contracts/speech';

export interface DetectRequest {
  lanes?: number;
  withProbabilities?: boolean;
  spanOptions?: Partial<SpeechSpanOptions>;
}

/** SpeechDetection with the probabilities as a plain array (what page.evaluate carries). */
export type DetectAnswer = Omit<SpeechDetection, 'probabilities'> & { probabilities?: number[] };

export interface AudioBenchApi {
  decode(url: string): Promise<DecodeSummary>;
  detect(url: string, request: DetectRequest): Promise<DetectAnswer>;
  /** The error's code and message, as a person would see it, for a file that fails. */
  failure(url: string): Promise<{ code: string; message: string } | undefined>;
}

const supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 30 * 60_000 } });
const speech = () => supervisor.client('speech');
const blob = async (url: string) => (await fetch(url)).blob();
/** The app's root: this page lives two folders down, but the build's models/ and ort/ are at the top. */
const appBase = new URL('../../', document.baseURI).href;

const api: AudioBenchApi = {
  async decode(url) {
    return speech().measureDecoding(await blob(url));
  },
  async detect(url, request) {
    const { probabilities, ...rest } = await speech().detectSpeech(await blob(url), {
      appBase,
      ...request,
    });
    return probabilities ? { ...rest, probabilities: Array.from(probabilities) } : rest;
  },
  async failure(url) {
    try {
      await speech().measureDecoding(await blob(url));
      return undefined;
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { code: e.code ?? '', message: e.message ?? '' };
    }
  },
};

(globalThis as unknown as { audioBench: AudioBenchApi }).audioBench = api;
