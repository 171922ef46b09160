// Facts about a recording that the demuxer does not act on, read from the bytes: an MP3's gapless
// information (the LAME tag after the Xing/Info header: how many samples the encoder put before the
// sound and after it), and whether an MP4's sound track is encrypted (an `enca` sample entry). Both
// read a few kilobytes with bounds checks; a missing or odd header answers undefined / false.

export interface Mp3Gapless {
  /** Samples to drop at the start: the encoder's delay plus the decoder's 529. */
  skipSamples: number;
  /** Samples of sound after the skip (what the encoder was given). */
  validSamples: number;
  sampleRate: number;
}

/** The MPEG decoder delay that LAME's figures leave out (mpg123, ffmpeg and iTunes all add it). */
const DECODER_DELAY = 529;

const MPEG1_RATES = [44100, 48000, 32000];

/** Gapless facts from an MP3's first frames, or undefined when it has no Xing/Info frame with a LAME tag. */
export function readMp3Gapless(bytes: Uint8Array): Mp3Gapless | undefined {
  let at = 0;
  // ID3v2: "ID3", version (2), flags (1), size (4 × 7 bits).
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
    const size =
      (((bytes[6] ?? 0) & 0x7f) << 21) |
      (((bytes[7] ?? 0) & 0x7f) << 14) |
      (((bytes[8] ?? 0) & 0x7f) << 7) |
      ((bytes[9] ?? 0) & 0x7f);
    at = 10 + size + ((bytes[5] ?? 0) & 0x10 ? 10 : 0);
  }
  // The first frame sync.
  while (at + 4 <= bytes.length && !(bytes[at] === 0xff && ((bytes[at + 1] ?? 0) & 0xe0) === 0xe0)) at++;
  if (at + 4 > bytes.length) return undefined;
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  const b3 = bytes[at + 3] ?? 0;
  const versionBits = (b1 >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (b1 >> 1) & 3; // 1: Layer III
  if (versionBits === 1 || layer !== 1) return undefined;
  const rateIndex = (b2 >> 2) & 3;
  const base = MPEG1_RATES[rateIndex];
  if (base === undefined) return undefined;
  const isMpeg1 = versionBits === 3;
  const sampleRate = isMpeg1 ? base : versionBits === 2 ? base / 2 : base / 4;
  const isMono = b3 >> 6 === 3;
  const samplesPerFrame = isMpeg1 ? 1152 : 576;
  const sideInfo = isMpeg1 ? (isMono ? 17 : 32) : isMono ? 9 : 17;
  const tag = at + 4 + sideInfo;
  const id = String.fromCharCode(...bytes.subarray(tag, tag + 4));
  if (id !== 'Xing' && id !== 'Info') return undefined;
  const flags = u32(bytes, tag + 4);
  if (flags === undefined || !(flags & 1)) return undefined;
  const frames = u32(bytes, tag + 8);
  if (frames === undefined) return undefined;
  let lame = tag + 8;
  for (const [bit, size] of [
    [1, 4],
    [2, 4],
    [4, 100],
    [8, 4],
  ] as const) {
    if (flags & bit) lame += size;
  }
  const encoder = String.fromCharCode(...bytes.subarray(lame, lame + 4));
  if (encoder !== 'LAME' && encoder !== 'Lavf' && encoder !== 'Lavc') return undefined;
  const d0 = bytes[lame + 21];
  const d1 = bytes[lame + 22];
  const d2 = bytes[lame + 23];
  if (d0 === undefined || d1 === undefined || d2 === undefined) return undefined;
  const delay = (d0 << 4) | (d1 >> 4);
  const padding = ((d1 & 0x0f) << 8) | d2;
  const total = frames * samplesPerFrame;
  const validSamples = total - delay - padding;
  if (validSamples <= 0) return undefined;
  return { skipSamples: delay + DECODER_DELAY, validSamples, sampleRate };
}

function u32(bytes: Uint8Array, at: number): number | undefined {
  if (at + 4 > bytes.length) return undefined;
  return (
    (bytes[at] ?? 0) * 2 ** 24 +
    (bytes[at + 1] ?? 0) * 2 ** 16 +
    (bytes[at + 2] ?? 0) * 2 ** 8 +
    (bytes[at + 3] ?? 0)
  );
}

/** Reads `length` bytes at `offset` of the file (a Blob slice, so a large file is never read whole). */
export type ReadBytes = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * True when an ISO BMFF file (MP4, M4A, MOV) declares an encrypted sound track: its `moov` holds an
 * `enca` sample entry (Common Encryption, FairPlay). Walks the top-level boxes to `moov` and reads only it.
 */
export async function hasEncryptedMp4Audio(read: ReadBytes, size: number): Promise<boolean> {
  let at = 0;
  for (let boxes = 0; at + 8 <= size && boxes < 1000; boxes++) {
    const head = await read(at, 16);
    let boxSize = u32(head, 0) ?? 0;
    const type = String.fromCharCode(...head.subarray(4, 8));
    let headerSize = 8;
    if (boxSize === 1) {
      const high = u32(head, 8) ?? 0;
      boxSize = high * 2 ** 32 + (u32(head, 12) ?? 0);
      headerSize = 16;
    } else if (boxSize === 0) boxSize = size - at;
    if (boxSize < headerSize) return false;
    if (type === 'moov') {
      // A moov larger than 64 MB is not a sound file's index; only its start is searched then.
      const moov = await read(at, Math.min(boxSize, 64 * 1024 * 1024));
      return indexOfAscii(moov, 'enca') !== -1;
    }
    at += boxSize;
  }
  return false;
}

function indexOfAscii(bytes: Uint8Array, needle: string): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i !== -1; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}
