// Entry point of the speech worker: serves its contract. Recordings are decoded and searched for speech
// here (src/ml/audio); recognition lives in src/ml/tasks.
import { transfer } from 'comlink';
import { SileroVad } from '../src/ml/audio/silero-vad';
import { detectSpeech, measureDecoding } from '../src/ml/audio/speech-detection';
import { AudioFormatError, decodeWav } from '../src/ml/audio/wav';
import { ModelError } from '../src/ml/loading/model-errors';
import { CurrentModel } from '../src/ml/tasks/current-model';
import { buildSpeechRecognizer, type SpeechRecognizer } from '../src/ml/tasks/speech-recognizer';
import type { ModelLoadOptions } from './contracts/model-load';
import type { DetectSpeechOptions, SpeechApi, TranscribeOptions } from './contracts/speech';
import { baseApi, reportGpuDeviceLost, serve, type CallContext } from './host';

const speech = new CurrentModel<SpeechRecognizer>(
  ['speech-to-text'],
  'speech-to-text model',
  buildSpeechRecognizer,
  {
    onGpuLost: reportGpuDeviceLost,
  },
);
const vad = new SileroVad();

async function samplesOf(file: Blob | ArrayBuffer, rate: number): Promise<Float32Array> {
  const bytes = new Uint8Array(file instanceof Blob ? await file.arrayBuffer() : file);
  try {
    return decodeWav(bytes, rate).samples;
  } catch (error) {
    if (!(error instanceof AudioFormatError)) throw error;
    throw new ModelError(error.message, 'model-load-failed', { cause: error });
  }
}

const api = {
  ...baseApi,
  async load(this: CallContext, modelKey: string, options: ModelLoadOptions) {
    return (await speech.load(modelKey, options, this.signal)).info;
  },
  transcribe(this: CallContext, samples: Float32Array, options: TranscribeOptions) {
    return speech.require().value.transcribe(samples, options.timestamps ?? false, this.signal);
  },
  async transcribeFile(this: CallContext, file: Blob | ArrayBuffer, options: TranscribeOptions) {
    const { value } = speech.require();
    const samples = await samplesOf(file, value.spec.sampleRate);
    return value.transcribe(samples, options.timestamps ?? false, this.signal);
  },
  async detectSpeech(this: CallContext, file: Blob, options: DetectSpeechOptions) {
    const { progress, appBase, ...rest } = options;
    try {
      await vad.load(
        { appBase, onFile: (file) => progress?.postMessage({ kind: 'file', file }) },
        this.signal,
      );
      const result = await detectSpeech(file, vad, {
        ...rest,
        signal: this.signal,
        onProgress: (decodedSec, durationSec) =>
          progress?.postMessage({ kind: 'decoded', decodedSec, durationSec }),
      });
      return result.probabilities ? transfer(result, [result.probabilities.buffer]) : result;
    } finally {
      progress?.close();
    }
  },
  measureDecoding(this: CallContext, file: Blob) {
    return measureDecoding(file, { signal: this.signal });
  },
  info(this: CallContext) {
    return Promise.resolve(speech.info());
  },
  unload(this: CallContext) {
    return speech.unload();
  },
} satisfies SpeechApi;

serve('speech', api);
