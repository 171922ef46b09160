// Silero VAD v5 (trained weights, src/ml/audio/vad-files.ts) on onnxruntime-web in the speech worker:
// 16 kHz audio in frames of 512 samples (32 ms), each seen with the 64 samples before it, as Silero's
// own wrapper feeds it; one speech probability per frame. The model is recurrent, so one recording is
// one long chain of tiny runs; to run many frames per call, the audio is cut into LANES stretches that
// run side by side as one batch, each starting WARMUP_FRAMES early from a fresh state so its state has
// settled by the frames it answers for (ADR 0161 measures the difference from one unbroken chain).
// The session is created once per worker; a failed load is forgotten so the next call tries again.
import * as ort from 'onnxruntime-web';
import { AbortError } from '../../core/errors';
import { SharedJob } from '../../core/shared-job';
import { longStep } from '../../core/long-step';
import { downloadToCache } from '../loading/download';
import { loadBudgetMs } from '../loading/long-steps';
import { openModelCache } from '../loading/model-cache';
import { ModelError } from '../loading/model-errors';
import type { FileProgress } from '../loading/types';
import { appFolder } from '../model-host';
import { ortWasmPaths } from '../ort-env';
import type { AudioChunk } from './decode';
import { VAD_FILE, vadFileUrl } from './vad-files';

export const FRAME_SAMPLES = 512;
export const CONTEXT_SAMPLES = 64;
export const FRAME_SEC = FRAME_SAMPLES / 16_000;
/** Stretches run side by side in one batch. */
export const LANES = 32;
/** Frames each stretch answers for (≈ 4.1 s); a batch covers LANES × this. */
export const LANE_FRAMES = 128;
/** Frames run before a stretch's own, from a fresh state, and thrown away (≈ 0.5 s). */
export const WARMUP_FRAMES = 16;

const STATE_SIZE = 2 * 128;

export interface VadLoadOptions {
  /** The app's absolute base URL: the model comes from its models/ folder. */
  appBase: string;
  onFile?: (progress: FileProgress) => void;
}

export interface VadInfo {
  loadMs: number;
}

export interface VadRunOptions {
  signal?: AbortSignal;
  /** Stretches per batch; 1 runs the recording as one unbroken chain (the reference). */
  lanes?: number;
  /** Frames each stretch runs before its own (measurement only; WARMUP_FRAMES otherwise). */
  warmupFrames?: number;
}

interface Ready {
  session: ort.InferenceSession;
  info: VadInfo;
}

async function load(options: VadLoadOptions, signal: AbortSignal): Promise<Ready> {
  const url = vadFileUrl(appFolder(options.appBase));
  await downloadToCache([{ path: VAD_FILE.file, url, estimatedBytes: VAD_FILE.bytes }], {
    signal,
    onFile: options.onFile ?? (() => undefined),
  });
  const hit = await (await openModelCache()).match(url);
  if (!hit) {
    throw new ModelError(
      'The voice-activity model vanished from the cache while loading.',
      'model-file-missing',
    );
  }
  const bytes = new Uint8Array(await hit.arrayBuffer());
  const wasm = ort.env.wasm;
  wasm.wasmPaths = { ...ortWasmPaths(appFolder(options.appBase)) };
  wasm.proxy = false;
  const t0 = performance.now();
  const session = await longStep(
    { label: 'loading the voice-activity model', budgetMs: loadBudgetMs(VAD_FILE.bytes) },
    () => ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] }),
  );
  return { session, info: { loadMs: Math.round(performance.now() - t0) } };
}

export class SileroVad {
  #job: SharedJob<Ready> | undefined;
  #ready: Ready | undefined;

  /** Loads the model once; a second caller joins the load in flight. */
  async load(options: VadLoadOptions, signal: AbortSignal): Promise<VadInfo> {
    if (this.#ready) return this.#ready.info;
    const job = (this.#job ??= new SharedJob((jobSignal) => load(options, jobSignal)));
    try {
      this.#ready = await job.join(
        signal,
        () => new AbortError('Loading the voice-activity model was cancelled.'),
      );
      return this.#ready.info;
    } catch (error) {
      if (this.#job === job) this.#job = undefined;
      throw error;
    }
  }

  info(): VadInfo | undefined {
    return this.#ready?.info;
  }

  /** One speech probability per 32 ms frame of the 16 kHz audio, read chunk by chunk. */
  async probabilities(chunks: AsyncIterable<AudioChunk>, options: VadRunOptions = {}): Promise<Float32Array> {
    const ready = this.#ready;
    if (!ready) throw new ModelError('The voice-activity model is not loaded yet.', 'model-not-loaded');
    const lanes = Math.max(1, options.lanes ?? LANES);
    const laneFrames = lanes === 1 ? 4096 : LANE_FRAMES;
    const warmup = lanes === 1 ? 0 : (options.warmupFrames ?? WARMUP_FRAMES);
    const runner = new BatchRunner(ready.session, lanes, laneFrames, warmup);
    const blockSamples = lanes * laneFrames * FRAME_SAMPLES;
    // The audio of the block being filled, after `history`: what the first lane's warm-up reads.
    const historySamples = warmup * FRAME_SAMPLES + CONTEXT_SAMPLES;
    let block = new Float32Array(historySamples + blockSamples);
    let filled = 0;
    const out = new GrowingArray();
    for await (const chunk of chunks) {
      let at = 0;
      while (at < chunk.samples.length) {
        if (options.signal?.aborted) throw new AbortError('Finding the speech was stopped.');
        const n = Math.min(chunk.samples.length - at, blockSamples - filled);
        block.set(chunk.samples.subarray(at, at + n), historySamples + filled);
        filled += n;
        at += n;
        if (filled === blockSamples) {
          out.push(await runner.run(block, historySamples, filled));
          const next = new Float32Array(block.length);
          next.set(block.subarray(block.length - historySamples), 0);
          block = next;
          filled = 0;
        }
      }
    }
    if (filled > 0) out.push(await runner.run(block, historySamples, filled));
    return out.value();
  }
}

/** Runs one block of audio as `lanes` stretches in lockstep, each with its own recurrent state. */
class BatchRunner {
  readonly #sr = new ort.Tensor('int64', BigInt64Array.from([16_000n]), [1]);
  /** One unbroken chain (one lane, no warm-up) carries its state from block to block. */
  #carried: ort.Tensor | undefined;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly lanes: number,
    private readonly laneFrames: number,
    private readonly warmup: number,
  ) {}

  /** Probabilities of the frames in block[offset, offset + samples), zero-padded to whole frames. */
  async run(block: Float32Array, offset: number, samples: number): Promise<Float32Array> {
    const frames = Math.ceil(samples / FRAME_SAMPLES);
    const used = Math.min(this.lanes, Math.ceil(frames / this.laneFrames));
    const steps = this.warmup + Math.min(this.laneFrames, frames);
    const probabilities = new Float32Array(frames);
    const width = CONTEXT_SAMPLES + FRAME_SAMPLES;
    const end = offset + samples;
    let state =
      this.#carried ?? new ort.Tensor('float32', new Float32Array(STATE_SIZE * used), [2, used, 128]);
    for (let step = 0; step < steps; step++) {
      const input = new Float32Array(used * width);
      for (let lane = 0; lane < used; lane++) {
        const frame = lane * this.laneFrames - this.warmup + step;
        // Frame f's samples start at offset + f × 512, its context 64 before; nothing past `end`.
        const from = offset + frame * FRAME_SAMPLES - CONTEXT_SAMPLES;
        const to = Math.min(from + width, end);
        if (to > from) input.set(block.subarray(Math.max(0, from), to), lane * width + Math.max(0, -from));
      }
      const result = await this.session.run({
        input: new ort.Tensor('float32', input, [used, width]),
        state,
        sr: this.#sr,
      });
      const output = result['output']?.data;
      const next = result['stateN'];
      if (!(output instanceof Float32Array) || !next) {
        throw new ModelError('The voice-activity model gave no output.', 'model-load-failed');
      }
      state = next;
      if (step < this.warmup) continue;
      for (let lane = 0; lane < used; lane++) {
        const frame = lane * this.laneFrames + step - this.warmup;
        if (frame < frames && step - this.warmup < this.laneFrames) probabilities[frame] = output[lane] ?? 0;
      }
    }
    if (this.lanes === 1) this.#carried = state;
    return probabilities;
  }
}

/** A Float32Array that grows by doubling (a 3-hour recording has ~340k frames). */
class GrowingArray {
  #data = new Float32Array(4096);
  #length = 0;

  push(values: Float32Array): void {
    if (this.#length + values.length > this.#data.length) {
      const next = new Float32Array(Math.max(this.#data.length * 2, this.#length + values.length));
      next.set(this.#data.subarray(0, this.#length));
      this.#data = next;
    }
    this.#data.set(values, this.#length);
    this.#length += values.length;
  }

  value(): Float32Array {
    return this.#data.slice(0, this.#length);
  }
}
