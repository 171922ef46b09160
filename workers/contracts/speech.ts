// The speech worker's API: speech to text with timed chunks. transcribe() takes 16 kHz mono samples
// (transferred); transcribeFile() takes a WAV file's bytes and decodes them in the worker. Compressed
// formats are decoded on the main thread (decodeAudioData) and sent as samples. Type-only.
import type { Transcript, TranscriptChunk } from '../../src/ml/tasks/speech-recognizer';
import type { BaseApi } from './base';
import type { LoadedModelInfo, ModelLoadOptions } from './model-load';

export type { Transcript, TranscriptChunk };

export interface TranscribeOptions {
  /** Also return chunks with start/end seconds. */
  timestamps?: boolean;
}

export interface SpeechApi extends BaseApi {
  load(modelKey: string, options: ModelLoadOptions): Promise<LoadedModelInfo>;
  /** Mono samples at the model's rate (16 kHz). */
  transcribe(samples: Float32Array, options: TranscribeOptions): Promise<Transcript>;
  /** A WAV file (any rate, channels and PCM/float encoding), decoded and resampled here. */
  transcribeFile(file: Blob | ArrayBuffer, options: TranscribeOptions): Promise<Transcript>;
  info(): Promise<LoadedModelInfo | undefined>;
  unload(): Promise<void>;
}
