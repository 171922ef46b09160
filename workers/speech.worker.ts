// Entry point of the speech worker: serves its contract. WAV files are decoded here (src/ml/audio);
// recognition lives in src/ml/tasks.
import { AudioFormatError, decodeWav } from '../src/ml/audio/wav';
import { ModelError } from '../src/ml/loading/model-errors';
import { CurrentModel } from '../src/ml/tasks/current-model';
import { buildSpeechRecognizer, type SpeechRecognizer } from '../src/ml/tasks/speech-recognizer';
import type { ModelLoadOptions } from './contracts/model-load';
import type { SpeechApi, TranscribeOptions } from './contracts/speech';
import { baseApi, reportGpuDeviceLost, serve, type CallContext } from './host';

const speech = new CurrentModel<SpeechRecognizer>(
  ['speech-to-text'],
  'speech-to-text model',
  buildSpeechRecognizer,
  {
    onGpuLost: reportGpuDeviceLost,
  },
);

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
  info(this: CallContext) {
    return Promise.resolve(speech.info());
  },
  unload(this: CallContext) {
    return speech.unload();
  },
} satisfies SpeechApi;

serve('speech', api);
