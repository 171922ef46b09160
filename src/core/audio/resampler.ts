// A streaming resampler for speech: mono samples in at any rate, out at another (16 kHz for voice
// activity and Whisper), piece by piece, so a long recording never sits whole in memory. Windowed-sinc
// (Blackman) interpolation with the cut-off just under the lower Nyquist frequency, so shrinking
// 48 kHz to 16 kHz does not fold music and hiss above 8 kHz back into the speech band. The kernel is
// tabulated at PHASES fractional positions; the nearest is used (1/1024 of an input sample at most
// off, far below what speech models hear). Output sample n sits at input position n × from / to:
// no delay is added, so times stay true. Pure TypeScript: runs in workers and in Node tests.

/** Zero crossings of the sinc on each side; 8 keeps the transition band narrow at ~50 taps for 3:1. */
const ZERO_CROSSINGS = 8;
/** Cut-off as a share of the lower Nyquist frequency (the rest is the transition band). */
const CUTOFF = 0.92;
const PHASES = 512;

function blackman(x: number): number {
  // x in [-1, 1]
  return 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);
}

export class StreamingResampler {
  readonly step: number;
  readonly #half: number;
  readonly #taps: number;
  /** PHASES + 1 rows of `taps` weights, row p for a fractional position p / PHASES. */
  readonly #table: Float32Array;
  /** Input kept: from absolute input index #bufferStart. */
  #buffer = new Float32Array(0);
  #bufferStart = 0;
  #received = 0;
  #produced = 0;
  #flushed = false;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('Sample rates must be positive.');
    this.step = fromRate / toRate;
    // Normalised to the input rate: cycles per input sample.
    const fc = 0.5 * CUTOFF * Math.min(1, toRate / fromRate);
    this.#half = Math.ceil(ZERO_CROSSINGS / (2 * fc));
    this.#taps = 2 * this.#half;
    this.#table = new Float32Array((PHASES + 1) * this.#taps);
    for (let p = 0; p <= PHASES; p++) {
      const frac = p / PHASES;
      let sum = 0;
      for (let k = 0; k < this.#taps; k++) {
        // Tap k weighs input (floor(pos) - half + 1 + k); its distance from pos:
        const x = k - this.#half + 1 - frac;
        const arg = 2 * fc * x;
        const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
        const w = Math.abs(x) >= this.#half ? 0 : blackman(x / this.#half);
        const value = 2 * fc * sinc * w;
        this.#table[p * this.#taps + k] = value;
        sum += value;
      }
      // Unity gain at DC for every phase.
      for (let k = 0; k < this.#taps; k++)
        this.#table[p * this.#taps + k] = (this.#table[p * this.#taps + k] ?? 0) / sum;
    }
  }

  /** Output samples made so far. */
  get produced(): number {
    return this.#produced;
  }

  /** Takes the next input samples; answers the output samples they complete. */
  push(input: Float32Array): Float32Array {
    if (this.#flushed) throw new Error('This resampler was flushed.');
    if (this.fromRate === this.toRate) {
      this.#received += input.length;
      this.#produced += input.length;
      return input.slice();
    }
    const kept = this.#buffer.length;
    const next = new Float32Array(kept + input.length);
    next.set(this.#buffer);
    next.set(input, kept);
    this.#buffer = next;
    this.#received += input.length;
    // Output n needs input up to floor(n × step) + half.
    const last = Math.floor((this.#received - this.#half - 1) / this.step);
    return this.#emit(last);
  }

  /** Ends the stream: the last outputs, with silence after the end. */
  flush(): Float32Array {
    if (this.#flushed) return new Float32Array(0);
    this.#flushed = true;
    if (this.fromRate === this.toRate) return new Float32Array(0);
    const total = Math.round(this.#received / this.step);
    const padded = new Float32Array(this.#buffer.length + this.#taps);
    padded.set(this.#buffer);
    this.#buffer = padded;
    return this.#emit(total - 1);
  }

  /** Computes outputs #produced..last (inclusive) and drops input no later output needs. */
  #emit(last: number): Float32Array {
    const count = Math.max(0, last - this.#produced + 1);
    const out = new Float32Array(count);
    const table = this.#table;
    const taps = this.#taps;
    const buffer = this.#buffer;
    const offset = this.#bufferStart;
    for (let i = 0; i < count; i++) {
      const pos = (this.#produced + i) * this.step;
      let base = Math.floor(pos);
      let phase = Math.round((pos - base) * PHASES);
      if (phase === PHASES) {
        phase = 0;
        base += 1;
      }
      const row = phase * taps;
      const first = base - this.#half + 1 - offset;
      let sum = 0;
      const from = Math.max(0, -first);
      const to = Math.min(taps, buffer.length - first);
      for (let k = from; k < to; k++) sum += (table[row + k] ?? 0) * (buffer[first + k] ?? 0);
      out[i] = sum;
    }
    this.#produced += count;
    const needed = Math.floor(this.#produced * this.step) - this.#half - 1 - offset;
    if (needed > 0) {
      this.#buffer = this.#buffer.slice(Math.min(needed, this.#buffer.length));
      this.#bufferStart += Math.min(needed, buffer.length);
    }
    return out;
  }
}

/** One-shot helper over the streaming resampler (tests, short clips). */
export function resampleAll(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  const r = new StreamingResampler(fromRate, toRate);
  const a = r.push(input);
  const b = r.flush();
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
