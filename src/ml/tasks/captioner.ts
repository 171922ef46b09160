// An image captioner built from cached files (ViT-GPT2 style encoder–decoder through transformers.js's
// image-to-text pipeline). Images arrive as encoded bytes (PNG, JPEG, WebP…) and are decoded here, in
// the worker, so the main thread never touches pixels. Generation yields between steps and stops when
// the call is cancelled.
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  AutoTokenizer,
  ImageToTextPipeline,
  RawImage,
} from '@huggingface/transformers';
import type { BuildContext } from '../loading/model-loader';
import { ModelError } from '../loading/model-errors';
import type { CaptioningSpec } from '../registry';
import { stopOnAbort, yieldBetweenSteps } from './generation-steps';

/** Decodes image bytes (any format the browser reads) into pixels. */
export async function decodeImage(bytes: Uint8Array | ArrayBuffer, type = ''): Promise<RawImage> {
  try {
    return await RawImage.fromBlob(new Blob([bytes as BlobPart], { type }));
  } catch (error) {
    throw new ModelError('This file could not be read as an image.', 'model-load-failed', { cause: error });
  }
}

export class Captioner {
  constructor(
    private readonly pipe: ImageToTextPipeline,
    readonly spec: CaptioningSpec,
  ) {}

  async caption(image: RawImage, signal: AbortSignal): Promise<string> {
    const stop = stopOnAbort(signal);
    try {
      const out = (await this.pipe(image, {
        max_new_tokens: this.spec.maxNewTokens,
        stopping_criteria: [stop.criterion],
      })) as { generated_text: string }[];
      return (out[0]?.generated_text ?? '').trim();
    } finally {
      stop.release();
    }
  }

  async dispose(): Promise<void> {
    await this.pipe.dispose();
  }
}

export async function buildCaptioner({ entry, pretrained, watch }: BuildContext): Promise<Captioner> {
  if (entry.task !== 'captioning') {
    throw new ModelError(`${entry.label} is not an image captioner.`, 'model-unknown');
  }
  const [tokenizer, processor, model] = await Promise.all([
    AutoTokenizer.from_pretrained(entry.repo, { revision: pretrained.revision }),
    AutoProcessor.from_pretrained(entry.repo, { revision: pretrained.revision }),
    AutoModelForVision2Seq.from_pretrained(entry.repo, pretrained).then(watch),
  ]);
  yieldBetweenSteps(model);
  const pipe = new ImageToTextPipeline({ task: 'image-to-text', model, tokenizer, processor });
  return new Captioner(pipe, entry.captioning);
}
