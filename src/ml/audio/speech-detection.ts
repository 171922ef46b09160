// Decode + voice activity for one recording, in the speech worker: the decoder's 16 kHz chunks flow
// straight into Silero VAD (no copy of the whole recording is kept), the frame probabilities become
// speech spans (src/core/audio/speech-spans.ts) and the spans become windows for the speech model
// (src/core/audio/speech-windows.ts). The time spent waiting on the decoder and in the model is
// clocked apart, for the bench.
import {
  speechSpans,
  roundSpans,
  type SpeechSpan,
  type SpeechSpanOptions,
} from '../../core/audio/speech-spans';
import { speechWindows, type SpeechWindow } from '../../core/audio/speech-windows';
import { decodeAudio, type AudioChunk, type AudioSourceInfo, type DecodeOptions } from './decode';
import { FRAME_SEC, type SileroVad } from './silero-vad';

export interface DetectSpeechOptions extends DecodeOptions {
  spanOptions?: Partial<SpeechSpanOptions>;
  /** Longest window for the speech model, in seconds (Whisper: 30). */
  maxWindowSec?: number;
  lanes?: number;
  warmupFrames?: number;
  /** Also answer the per-frame probabilities (for tuning the span options offline). */
  withProbabilities?: boolean;
}

export interface SpeechDetection {
  durationSec: number;
  source: AudioSourceInfo;
  spans: SpeechSpan[];
  windows: SpeechWindow[];
  /** Time waiting on the decoder (demuxing, decoding, resampling), in ms. */
  decodeMs: number;
  /** Time in the voice-activity model and span logic, in ms. */
  vadMs: number;
  totalMs: number;
  frameSec: number;
  probabilities?: Float32Array;
}

/** Counts the time an async iterable spends producing each item. */
async function* clocked<T>(items: AsyncIterable<T>, add: (ms: number) => void): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  for (;;) {
    const t0 = performance.now();
    const next = await iterator.next();
    add(performance.now() - t0);
    if (next.done) return;
    yield next.value;
  }
}

export async function detectSpeech(
  blob: Blob,
  vad: SileroVad,
  options: DetectSpeechOptions = {},
): Promise<SpeechDetection> {
  const t0 = performance.now();
  let decodeMs = 0;
  const audio = await decodeAudio(blob, options);
  decodeMs += performance.now() - t0;
  const chunks: AsyncIterable<AudioChunk> = clocked(audio, (ms) => (decodeMs += ms));
  const probabilities = await vad.probabilities(chunks, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.lanes === undefined ? {} : { lanes: options.lanes }),
    ...(options.warmupFrames === undefined ? {} : { warmupFrames: options.warmupFrames }),
  });
  const spans = roundSpans(speechSpans(probabilities, FRAME_SEC, audio.durationSec, options.spanOptions));
  const windows = speechWindows(spans, options.maxWindowSec ?? 30);
  const totalMs = performance.now() - t0;
  return {
    durationSec: audio.durationSec,
    source: audio.source,
    spans,
    windows,
    decodeMs: Math.round(decodeMs),
    vadMs: Math.round(totalMs - decodeMs),
    totalMs: Math.round(totalMs),
    frameSec: FRAME_SEC,
    ...(options.withProbabilities ? { probabilities } : {}),
  };
}

export interface DecodeSummary {
  durationSec: number;
  source: AudioSourceInfo;
  /** 16 kHz samples handed out, and in how many chunks. */
  samples: number;
  chunks: number;
  ms: number;
}

/** Decodes a whole recording and keeps nothing: its length, as decoded, and how long that took. */
export async function measureDecoding(blob: Blob, options: DecodeOptions = {}): Promise<DecodeSummary> {
  const t0 = performance.now();
  const audio = await decodeAudio(blob, options);
  let samples = 0;
  let chunks = 0;
  for await (const chunk of audio) {
    samples += chunk.samples.length;
    chunks++;
  }
  return {
    durationSec: audio.durationSec,
    source: audio.source,
    samples,
    chunks,
    ms: Math.round(performance.now() - t0),
  };
}
