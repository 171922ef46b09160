// Why a recording could not be decoded, as a typed error whose message a person can act on (ADR 0004:
// errorForPeople shows the message, never the class). `code` lets callers (the ingest job, tests) tell
// the cases apart after the error has crossed a worker boundary.
import { AppError } from '../../core/errors';

export type AudioErrorCode =
  | 'audio-empty'
  | 'audio-not-media'
  | 'audio-damaged'
  | 'audio-truncated'
  | 'audio-no-track'
  | 'audio-unsupported-codec'
  | 'audio-encrypted'
  | 'audio-decoder-missing';

export class AudioError extends AppError {
  override name = 'AudioError';
  declare readonly code: AudioErrorCode;

  constructor(code: AudioErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, code, options);
  }
}

export const audioErrors = {
  empty: () => new AudioError('audio-empty', 'This file is empty: it has no sound to read.'),
  notMedia: (cause?: unknown) =>
    new AudioError(
      'audio-not-media',
      'This file is not a recording ThinkBank can read: its contents match no audio or video format.',
      { cause },
    ),
  damaged: (cause?: unknown) =>
    new AudioError(
      'audio-damaged',
      'This recording is damaged or cut short, so it cannot be read. If you have the original, add it again.',
      { cause },
    ),
  truncated: (declaredSec: number, foundSec: number) =>
    new AudioError(
      'audio-truncated',
      `This recording is cut short: it says it lasts ${clock(declaredSec)}, but its sound stops at ${clock(foundSec)}. If you have the whole file, add it again.`,
    ),
  noTrack: (isVideo: boolean) =>
    new AudioError(
      'audio-no-track',
      isVideo
        ? 'This video has no sound track, so there is nothing to listen to.'
        : 'This file has no sound track, so there is nothing to listen to.',
    ),
  unsupportedCodec: (codec: string) =>
    new AudioError(
      'audio-unsupported-codec',
      `The sound in this file is encoded as ${codec}, which this browser cannot decode. Convert it to MP3, M4A (AAC), Opus or WAV and add it again.`,
    ),
  encrypted: () =>
    new AudioError(
      'audio-encrypted',
      'The sound in this file is encrypted (copy-protected), so it cannot be read.',
    ),
  decoderMissing: () =>
    new AudioError(
      'audio-decoder-missing',
      'This browser cannot decode compressed audio here (it has no WebCodecs audio decoder). Use a current Chrome, Edge, Firefox or Safari.',
    ),
};

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${rest}` : `${String(m)}:${rest}`;
}
