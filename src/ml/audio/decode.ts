// Decodes a recording (WAV, MP3, M4A/AAC, Ogg Vorbis, Opus, WebM, FLAC, or the sound of an MP4, WebM or
// MOV video) into 16 kHz mono samples, streaming: Mediabunny demuxes the container from Blob slices
// and decodes through WebCodecs' AudioDecoder (PCM by itself), we downmix and resample piece by
// piece, and hand out chunks of at most CHUNK_SEC with their start time. A 3-hour file never sits in
// memory as float samples; only the chunk being filled does. Runs in a worker (no DOM), ADR 0160.
//
// Times are true times: the encoder's priming and padding are trimmed where the container says how
// much (MP4 edit lists and Ogg Opus pre-skip by Mediabunny; an MP3's LAME tag here), a gap in the
// timeline becomes silence and an overlap is dropped, so sample n of the output is at n / 16000 s.
import {
  ALL_FORMATS,
  AudioSampleSink,
  BlobSource,
  Input,
  UnsupportedInputFormatError,
  type AudioSample,
  type InputAudioTrack,
} from 'mediabunny';
import { AbortError } from '../../core/errors';
import { StreamingResampler } from '../../core/audio/resampler';
import { AudioError, audioErrors } from './audio-errors';
import { hasEncryptedMp4Audio, readMp3Gapless, type Mp3Gapless } from './container-facts';

export const SPEECH_RATE = 16_000;
/** Samples handed out at a time: 10 s, 640 kB. */
export const CHUNK_SEC = 10;

export interface AudioChunk {
  /** 16 kHz mono samples. */
  samples: Float32Array;
  /** Seconds from the start of the recording to the first sample. */
  startSec: number;
}

export interface AudioSourceInfo {
  /** The container as Mediabunny names it ("MP4", "Ogg", "WebM", …). */
  container: string;
  /** The sound's codec as Mediabunny names it ("aac", "opus", "pcm-s16", …). */
  codec: string;
  sampleRate: number;
  channels: number;
  hasVideo: boolean;
}

export interface DecodeOptions {
  signal?: AbortSignal;
  /** Seconds decoded so far, of `durationSec`; called once per chunk. */
  onProgress?: (decodedSec: number, durationSec: number) => void;
}

export interface DecodedAudio extends AsyncIterable<AudioChunk> {
  /** The recording's length as its container tells it, after trimming. */
  durationSec: number;
  source: AudioSourceInfo;
}

const CODEC_WORDS: Record<string, string> = {
  alac: 'ALAC (Apple Lossless)',
  ac3: 'AC-3 (Dolby Digital)',
  eac3: 'E-AC-3 (Dolby Digital Plus)',
  'pcm-s16': 'PCM',
};

/** Opens a recording: reads its container and checks it can be decoded, before any sound is decoded. */
export async function decodeAudio(blob: Blob, options: DecodeOptions = {}): Promise<DecodedAudio> {
  if (blob.size === 0) throw audioErrors.empty();
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  let container: string;
  let track: InputAudioTrack | null;
  let hasVideo: boolean;
  try {
    container = (await input.getFormat()).name;
    // Checked first: the demuxer may stumble over an encrypted track before saying what it is.
    const isMp4 = /mp4|quicktime|mov|m4a|isobmff/i.test(container);
    if (isMp4 && (await hasEncryptedMp4Audio(sliceReader(blob), blob.size))) throw audioErrors.encrypted();
    // No track at all is a container whose index is missing (an MP4 cut before its moov).
    if ((await input.getTracks()).length === 0) throw audioErrors.damaged();
    track = await input.getPrimaryAudioTrack();
    hasVideo = (await input.getPrimaryVideoTrack()) !== null;
  } catch (error) {
    input.dispose();
    if (error instanceof AudioError) throw error;
    if (error instanceof UnsupportedInputFormatError) throw audioErrors.notMedia(error);
    throw audioErrors.damaged(error);
  }
  try {
    if (!track) throw audioErrors.noTrack(hasVideo);
    const trackCodec = await track.getCodec();
    const internalId = await track.getInternalCodecId();
    const codec = trackCodec ?? (typeof internalId === 'string' ? internalId : 'an unknown format');
    if (trackCodec === null || !(await track.canDecode())) {
      if (trackCodec !== null && !trackCodec.startsWith('pcm') && typeof AudioDecoder === 'undefined') {
        throw audioErrors.decoderMissing();
      }
      throw audioErrors.unsupportedCodec(CODEC_WORDS[codec] ?? codec);
    }
    const gapless = trackCodec === 'mp3' ? readMp3Gapless(await sliceReader(blob)(0, 256 * 1024)) : undefined;
    const durationSec = gapless
      ? gapless.validSamples / gapless.sampleRate
      : await track.computeDuration().catch((error: unknown) => {
          throw audioErrors.damaged(error);
        });
    // What the header claims, to tell a file cut short; a header that says nothing claims nothing.
    const declaredSec = gapless ? durationSec : await track.getDurationFromMetadata();
    const source: AudioSourceInfo = {
      container,
      codec,
      sampleRate: await track.getSampleRate(),
      channels: await track.getNumberOfChannels(),
      hasVideo,
    };
    const audio = track;
    return {
      durationSec,
      source,
      [Symbol.asyncIterator]: () =>
        chunks(input, audio, { durationSec, declaredSec, gapless, ...options })[Symbol.asyncIterator](),
    };
  } catch (error) {
    input.dispose();
    if (error instanceof AudioError) throw error;
    throw audioErrors.damaged(error);
  }
}

function sliceReader(blob: Blob) {
  return async (offset: number, length: number) =>
    new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
}

interface Timeline extends DecodeOptions {
  durationSec: number;
  declaredSec: number | null;
  gapless: Mp3Gapless | undefined;
}

async function* chunks(input: Input, track: InputAudioTrack, timeline: Timeline): AsyncGenerator<AudioChunk> {
  const { signal, onProgress, durationSec } = timeline;
  let resampler: StreamingResampler | undefined;
  let rate = 0;
  /** Input-rate frames placed on the timeline so far, and where the recording ends in them. */
  let cursor = 0;
  let endFrame = Infinity;
  let skipFrames = 0;
  let pending = new Float32Array(CHUNK_SEC * SPEECH_RATE);
  let filled = 0;
  let emitted = 0;
  function* collect(samples: Float32Array): Generator<AudioChunk> {
    let at = 0;
    while (at < samples.length) {
      const n = Math.min(samples.length - at, pending.length - filled);
      pending.set(samples.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === pending.length) {
        yield { samples: pending, startSec: emitted / SPEECH_RATE };
        emitted += filled;
        onProgress?.(emitted / SPEECH_RATE, durationSec);
        pending = new Float32Array(CHUNK_SEC * SPEECH_RATE);
        filled = 0;
      }
    }
  }
  const sink = new AudioSampleSink(track);
  try {
    for await (const sample of sink.samples()) {
      try {
        if (signal?.aborted) throw new AbortError('Decoding the recording was stopped.');
        if (!resampler) {
          rate = sample.sampleRate;
          resampler = new StreamingResampler(rate, SPEECH_RATE);
          endFrame = Math.round(durationSec * rate);
          if (timeline.gapless) skipFrames = timeline.gapless.skipSamples;
        }
        const mono = downmix(sample);
        // Where this piece belongs on the timeline, in frames at the track's rate.
        let start = Math.round(sample.timestamp * rate) - skipFrames;
        let from = 0;
        if (start < cursor) {
          from = Math.min(mono.length, cursor - start);
          start = cursor;
        }
        if (start - cursor > rate / 100) {
          // A gap of more than 10 ms in the timeline: silence, so later times stay true.
          yield* collect(resampler.push(new Float32Array(Math.min(start, endFrame) - cursor)));
          cursor = Math.min(start, endFrame);
        }
        const to = Math.min(mono.length, from + Math.max(0, endFrame - cursor));
        if (to > from) {
          yield* collect(resampler.push(mono.subarray(from, to)));
          cursor += to - from;
        }
      } finally {
        sample.close();
      }
      if (cursor >= endFrame) break;
    }
  } catch (error) {
    if (error instanceof AudioError || error instanceof AbortError) throw error;
    throw audioErrors.damaged(error);
  } finally {
    input.dispose();
  }
  if (resampler) yield* collect(resampler.flush());
  if (filled > 0) {
    yield { samples: pending.slice(0, filled), startSec: emitted / SPEECH_RATE };
    emitted += filled;
    onProgress?.(emitted / SPEECH_RATE, durationSec);
  }
  const foundSec = rate > 0 ? cursor / rate : 0;
  const declared = Math.max(durationSec, timeline.declaredSec ?? 0);
  if (declared - foundSec > Math.max(1, declared * 0.02)) throw audioErrors.truncated(declared, foundSec);
}

function downmix(sample: AudioSample): Float32Array {
  const frames = sample.numberOfFrames;
  const channels = sample.numberOfChannels;
  const mono = new Float32Array(frames);
  sample.copyTo(mono, { planeIndex: 0, format: 'f32-planar' });
  if (channels === 1) return mono;
  const plane = new Float32Array(frames);
  for (let c = 1; c < channels; c++) {
    sample.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
    for (let i = 0; i < frames; i++) mono[i] = (mono[i] ?? 0) + (plane[i] ?? 0);
  }
  for (let i = 0; i < frames; i++) mono[i] = (mono[i] ?? 0) / channels;
  return mono;
}
