// "Try it" on the Models page, one small function per task, each going through the task's real worker:
// a streamed chat answer (tokens as they come, Stop aborts the call), a caption for a picture, a
// transcript for a recording, CLIP vectors for a picture and a sentence, and the text embedder's speed.
// Recordings that are not WAV are decoded here with the browser's audio decoder (16 kHz mono) and the
// samples transferred; WAV files go to the speech worker as they are.
import type { GenerateResult, GeneratedToken } from '../../workers/contracts/llm';
import type { Transcript } from '../../workers/contracts/speech';
import type { ReadTextProgress, ReadTextResult } from '../../workers/contracts/vision';
import { isWav } from '../ml/audio/wav';
import { SPEED_PASSAGES, SPEED_TOKENS, speedPassages } from '../ml/speed-sample';
import type { Supervisor } from '../services/supervisor';
import { generateStreaming } from '../services/token-stream';

/** Model calls from the Models page may be slow on a small device; the person can always cancel. */
const NO_LIMIT = Number.POSITIVE_INFINITY;
const SPEECH_RATE = 16_000;

export async function streamChat(
  supervisor: Supervisor,
  prompt: string,
  onToken: (token: GeneratedToken) => void,
  signal: AbortSignal,
  maxNewTokens = 128,
): Promise<GenerateResult> {
  return generateStreaming(
    (port) =>
      supervisor
        .client('llm')
        .with({ signal, timeoutMs: NO_LIMIT, transfer: [port] })
        .generate([{ role: 'user', content: prompt }], { maxNewTokens, stream: port }),
    onToken,
  );
}

/**
 * Reads the printed text in a picture (PP-OCR in the vision worker, loaded from this app on first use),
 * reporting the download and the page's steps as they happen; aborting `signal` stops it.
 */
export async function readTextInPicture(
  supervisor: Supervisor,
  picture: Blob,
  appBase: string,
  signal: AbortSignal,
  onProgress: (progress: ReadTextProgress) => void,
): Promise<ReadTextResult> {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = (event: MessageEvent<ReadTextProgress>) => {
    onProgress(event.data);
  };
  try {
    return await supervisor
      .client('vision')
      .with({ signal, timeoutMs: NO_LIMIT, transfer: [port2] })
      .readText(picture, { appBase, progress: port2 });
  } finally {
    port1.close();
  }
}

/** A small picture drawn here, so captioning can be tried without a file. */
export async function samplePicture(): Promise<Blob> {
  const canvas = new OffscreenCanvas(224, 224);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the sample picture.');
  const sky = ctx.createLinearGradient(0, 0, 0, 224);
  sky.addColorStop(0, '#6aa9e9');
  sky.addColorStop(1, '#e8f1fb');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, 224, 224);
  ctx.fillStyle = '#4c8c3a';
  ctx.fillRect(0, 150, 224, 74);
  ctx.fillStyle = '#f2c230';
  ctx.beginPath();
  ctx.arc(170, 50, 24, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#8a4b2a';
  ctx.fillRect(50, 100, 70, 55);
  ctx.fillStyle = '#b23a2e';
  ctx.beginPath();
  ctx.moveTo(40, 100);
  ctx.lineTo(85, 65);
  ctx.lineTo(130, 100);
  ctx.fill();
  return canvas.convertToBlob({ type: 'image/png' });
}

export function captionPicture(supervisor: Supervisor, picture: Blob, signal: AbortSignal) {
  return supervisor.client('vision').with({ signal, timeoutMs: NO_LIMIT }).caption(picture);
}

/** CLIP vectors for one picture and one sentence, and their cosine similarity. */
export async function embedPictureAndText(
  supervisor: Supervisor,
  picture: Blob,
  text: string,
  signal: AbortSignal,
): Promise<{ imageDims: number; textDims: number; similarity: number }> {
  const vision = supervisor.client('vision').with({ signal, timeoutMs: NO_LIMIT });
  const image = await vision.embedImage([picture]);
  const words = await vision.embedText([text]);
  let dot = 0;
  for (let i = 0; i < image.dims; i++) dot += (image.vectors[i] ?? 0) * (words.vectors[i] ?? 0);
  return { imageDims: image.dims, textDims: words.dims, similarity: dot };
}

/** Mono 16 kHz samples of any recording the browser can decode. */
async function decodeRecording(file: Blob): Promise<Float32Array> {
  const bytes = await file.arrayBuffer();
  // The context's rate makes decodeAudioData resample; the length is irrelevant for decoding.
  const context = new OfflineAudioContext(1, 1, SPEECH_RATE);
  const buffer = await context.decodeAudioData(bytes);
  const mono = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < mono.length; i++)
      mono[i] = (mono[i] ?? 0) + (channel[i] ?? 0) / buffer.numberOfChannels;
  }
  return mono;
}

export async function transcribeRecording(
  supervisor: Supervisor,
  file: Blob,
  signal: AbortSignal,
): Promise<Transcript> {
  const speech = supervisor.client('speech');
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  if (isWav(head))
    return speech.with({ signal, timeoutMs: NO_LIMIT }).transcribeFile(file, { timestamps: true });
  const samples = await decodeRecording(file);
  return speech
    .with({ signal, timeoutMs: NO_LIMIT, transfer: [samples.buffer] })
    .transcribe(samples, { timestamps: true });
}

export interface SpeedResult {
  passages: number;
  tokensPerPassage: number;
  ms: number;
  passagesPerSecond: number;
}

/**
 * Times the loaded text embedder on 32 passages of 256 tokens after one warm-up batch (first calls
 * compile kernels and allocate), through the embed worker exactly as ingestion calls it.
 */
export async function measureEmbedSpeed(supervisor: Supervisor, signal: AbortSignal): Promise<SpeedResult> {
  const embed = supervisor.client('embed').with({ signal, timeoutMs: NO_LIMIT });
  const passages = speedPassages(SPEED_PASSAGES, SPEED_TOKENS);
  await embed.embed(passages.slice(0, 16), { kind: 'passage' });
  const started = performance.now();
  await embed.embed(passages, { kind: 'passage' });
  const ms = performance.now() - started;
  return {
    passages: passages.length,
    tokensPerPassage: SPEED_TOKENS,
    ms: Math.round(ms),
    passagesPerSecond: passages.length / (ms / 1000),
  };
}
