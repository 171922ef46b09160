// Reads WAV files (RIFF, PCM 8/16/24/32-bit or 32/64-bit float, any channel count) into mono samples at
// the rate a speech model wants, without any browser API, so it runs in the speech worker and in Node
// tests. Channels are averaged; other rates are resampled with linear interpolation after a box
// low-pass when shrinking, which is plenty for speech recognition. Compressed formats are left to the
// main thread's decodeAudioData.

export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
  seconds: number;
}

export class AudioFormatError extends Error {
  override name = 'AudioFormatError';
}

/** True when the bytes start like a RIFF/WAVE file. */
export function isWav(bytes: Uint8Array): boolean {
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  return bytes.length >= 12 && tag(0) === 'RIFF' && tag(8) === 'WAVE';
}

interface Format {
  encoding: number;
  channels: number;
  rate: number;
  bits: number;
}

function readFormat(view: DataView, at: number): Format {
  let encoding = view.getUint16(at, true);
  const bits = view.getUint16(at + 14, true);
  // WAVE_FORMAT_EXTENSIBLE carries the real format in its sub-format GUID.
  if (encoding === 0xfffe) encoding = view.getUint16(at + 24, true);
  return { encoding, channels: view.getUint16(at + 2, true), rate: view.getUint32(at + 4, true), bits };
}

function sampleReader(view: DataView, format: Format): (offset: number) => number {
  const { encoding, bits } = format;
  if (encoding === 1 && bits === 8) return (o) => (view.getUint8(o) - 128) / 128;
  if (encoding === 1 && bits === 16) return (o) => view.getInt16(o, true) / 32768;
  if (encoding === 1 && bits === 24)
    return (o) => (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608;
  if (encoding === 1 && bits === 32) return (o) => view.getInt32(o, true) / 2147483648;
  if (encoding === 3 && bits === 32) return (o) => view.getFloat32(o, true);
  if (encoding === 3 && bits === 64) return (o) => view.getFloat64(o, true);
  throw new AudioFormatError(
    `This WAV file uses an encoding ThinkBank cannot read (format ${String(encoding)}, ${String(bits)} bits).`,
  );
}

/** Mono samples at `targetRate` from WAV bytes. */
export function decodeWav(bytes: Uint8Array, targetRate: number): DecodedAudio {
  if (!isWav(bytes)) throw new AudioFormatError('This is not a WAV file.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: Format | undefined;
  let data: { at: number; size: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') format = readFormat(view, at + 8);
    if (id === 'data') data = { at: at + 8, size: Math.min(size, bytes.length - at - 8) };
    at += 8 + size + (size % 2);
  }
  if (!format || !data) throw new AudioFormatError('This WAV file has no audio format or no audio data.');
  if (format.channels < 1 || format.rate < 1) throw new AudioFormatError('This WAV file has no channels.');
  const read = sampleReader(view, format);
  const width = format.bits / 8;
  const frames = Math.floor(data.size / (width * format.channels));
  const mono = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let c = 0; c < format.channels; c++) sum += read(data.at + (frame * format.channels + c) * width);
    mono[frame] = sum / format.channels;
  }
  const samples = resample(mono, format.rate, targetRate);
  return { samples, sampleRate: targetRate, seconds: samples.length / targetRate };
}

/** Linear resampling; when shrinking, each output averages the input span it covers first. */
export function resample(input: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return input;
  const ratio = from / to;
  const out = new Float32Array(Math.max(0, Math.floor(input.length / ratio)));
  for (let i = 0; i < out.length; i++) {
    const center = i * ratio;
    if (ratio > 1) {
      const start = Math.floor(center);
      const end = Math.min(input.length, Math.floor(center + ratio));
      let sum = 0;
      for (let j = start; j < end; j++) sum += input[j] ?? 0;
      out[i] = end > start ? sum / (end - start) : 0;
    } else {
      const left = Math.floor(center);
      const t = center - left;
      out[i] = (input[left] ?? 0) * (1 - t) + (input[left + 1] ?? input[left] ?? 0) * t;
    }
  }
  return out;
}
