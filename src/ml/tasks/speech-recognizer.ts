// A speech recogniser built from cached files (Whisper through transformers.js's
// automatic-speech-recognition pipeline): 16 kHz mono samples in, text and timed chunks out. Audio
// longer than one 30 s window is cut into overlapping windows by the pipeline. Decoding yields between
// steps and stops when the call is cancelled.
import {
  AutoModelForSpeechSeq2Seq,
  AutoProcessor,
  AutoTokenizer,
  AutomaticSpeechRecognitionPipeline,
} from '@huggingface/transformers';
import type { BuildContext } from '../loading/model-loader';
import { ModelError } from '../loading/model-errors';
import type { SpeechSpec } from '../registry';
import { stopOnAbort, yieldBetweenSteps } from './generation-steps';

export interface TranscriptChunk {
  text: string;
  /** Seconds from the start; `end` is null when the model left the last chunk open. */
  start: number;
  end: number | null;
}

export interface Transcript {
  text: string;
  chunks: TranscriptChunk[];
  seconds: number;
  ms: number;
}

interface PipelineOutput {
  text: string;
  chunks?: { text: string; timestamp: [number | null, number | null] }[];
}

export class SpeechRecognizer {
  constructor(
    private readonly pipe: AutomaticSpeechRecognitionPipeline,
    readonly spec: SpeechSpec,
  ) {}

  async transcribe(samples: Float32Array, timestamps: boolean, signal: AbortSignal): Promise<Transcript> {
    const started = performance.now();
    const seconds = samples.length / this.spec.sampleRate;
    const isLong = seconds > this.spec.chunkSeconds;
    const stop = stopOnAbort(signal);
    try {
      const out = (await this.pipe(samples, {
        return_timestamps: timestamps,
        ...(isLong ? { chunk_length_s: this.spec.chunkSeconds, stride_length_s: 5 } : {}),
        stopping_criteria: [stop.criterion],
      })) as PipelineOutput;
      const chunks = (out.chunks ?? []).map((chunk) => ({
        text: chunk.text.trim(),
        start: chunk.timestamp[0] ?? 0,
        end: chunk.timestamp[1],
      }));
      return { text: out.text.trim(), chunks, seconds, ms: Math.round(performance.now() - started) };
    } finally {
      stop.release();
    }
  }

  async dispose(): Promise<void> {
    await this.pipe.dispose();
  }
}

export async function buildSpeechRecognizer({
  entry,
  pretrained,
  watch,
}: BuildContext): Promise<SpeechRecognizer> {
  if (entry.task !== 'speech-to-text') {
    throw new ModelError(`${entry.label} is not a speech-to-text model.`, 'model-unknown');
  }
  const [tokenizer, processor, model] = await Promise.all([
    AutoTokenizer.from_pretrained(entry.repo, { revision: pretrained.revision }),
    AutoProcessor.from_pretrained(entry.repo, { revision: pretrained.revision }),
    AutoModelForSpeechSeq2Seq.from_pretrained(entry.repo, pretrained).then(watch),
  ]);
  yieldBetweenSteps(model);
  const pipe = new AutomaticSpeechRecognitionPipeline({
    task: 'automatic-speech-recognition',
    model,
    tokenizer,
    processor,
  });
  return new SpeechRecognizer(pipe, entry.speech);
}
