// The speech worker's API: speech to text with timed chunks. transcribe() takes 16 kHz mono samples
// (transferred); transcribeFile() takes a WAV file's bytes and decodes them in the worker. Recordings of
// any format (a Blob is passed by reference) are decoded and searched for speech here too
// (detectSpeech, measureDecoding; ADRs 0160, 0161). Type-only.
import type { SpeechSpan, SpeechSpanOptions } from '../../src/core/audio/speech-spans';
import type { SpeechWindow } from '../../src/core/audio/speech-windows';
import type { FileProgress } from '../../src/ml/loading/types';
import type { AudioSourceInfo } from '../../src/ml/audio/decode';
import type { DecodeSummary, SpeechDetection } from '../../src/ml/audio/speech-detection';
import type { Transcript, TranscriptChunk } from '../../src/ml/tasks/speech-recognizer';
import type { BaseApi } from './base';
import type { LoadedModelInfo, ModelLoadOptions } from './model-load';

export type {
  AudioSourceInfo,
  DecodeSummary,
  SpeechDetection,
  SpeechSpan,
  SpeechSpanOptions,
  SpeechWindow,
  Transcript,
  TranscriptChunk,
};

/** Posted on a `progress` port while a recording is decoded and searched for speech. */
export type RecordingProgress =
  { kind: 'file'; file: FileProgress } | { kind: 'decoded'; decodedSec: number; durationSec: number };

export interface DetectSpeechOptions {
  /** The app's absolute base URL: Silero VAD's file comes from its models/ folder. */
  appBase: string;
  spanOptions?: Partial<SpeechSpanOptions>;
  /** Longest window for the speech model (Whisper: 30 s, the default). */
  maxWindowSec?: number;
  /** Stretches of the recording the model runs side by side (1: one unbroken chain). */
  lanes?: number;
  /** Frames each stretch runs before its own, from a fresh state (measurement only). */
  warmupFrames?: number;
  /** Also answer the per-frame speech probabilities. */
  withProbabilities?: boolean;
  /** RecordingProgress messages; closed at the end. Transfer it. */
  progress?: MessagePort;
}

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
  /**
   * Decodes a recording (WAV, MP3, M4A, Ogg, Opus, WebM, FLAC, or a video's sound) to 16 kHz mono in
   * the worker and finds its speech with Silero VAD (loaded on first use): spans in seconds, and the
   * windows of at most `maxWindowSec` the speech model will take. Fails with an AudioError whose
   * message says why a file cannot be read. Aborting the call stops it between chunks.
   */
  detectSpeech(file: Blob, options: DetectSpeechOptions): Promise<SpeechDetection>;
  /** Decodes a recording to the end and keeps nothing: its decoded length and the time it took. */
  measureDecoding(file: Blob): Promise<DecodeSummary>;
  info(): Promise<LoadedModelInfo | undefined>;
  unload(): Promise<void>;
}
