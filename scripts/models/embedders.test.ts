import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  pipeline,
  RawImage,
  type Tensor,
} from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE_TIMEOUT_MS, useGeneratedModels } from './test-models';

function rows(t: Tensor): number[][] {
  const [n = 0, dim = 0] = t.dims;
  const data = Array.from(t.data as Float32Array);
  return Array.from({ length: n }, (_, i) => data.slice(i * dim, (i + 1) * dim));
}

function norm(v: readonly number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

function image(seed: number): RawImage {
  const pixels = new Uint8ClampedArray(64 * 48 * 3).map((_, i) => (i * seed) % 256);
  return new RawImage(pixels, 64, 48, 3);
}

describe('test/embed-bert', () => {
  beforeAll(() => {
    useGeneratedModels('test/embed-bert');
  });

  it(
    'returns one normalised 32-dim vector per text that depends on the words, not on padding',
    async () => {
      const embed = await pipeline('feature-extraction', 'test/embed-bert');
      const texts = ['hello world', 'a much longer sentence about cats and the dogs they chase'];
      const batch = await embed(texts, { pooling: 'mean', normalize: true });
      expect(batch.dims).toEqual([2, 32]);
      const [hello, cats] = rows(batch);
      if (!hello || !cats) throw new Error('expected two vectors');
      expect(norm(hello)).toBeCloseTo(1, 5);
      expect(hello).not.toEqual(cats);
      const [alone] = rows(await embed(['hello world'], { pooling: 'mean', normalize: true }));
      hello.forEach((x, i) => {
        expect(x).toBeCloseTo(alone?.[i] ?? NaN, 4);
      });
      await embed.dispose();
    },
    PIPELINE_TIMEOUT_MS,
  );
});

describe('bench/embed-minilm-l6', () => {
  beforeAll(() => {
    useGeneratedModels('bench/embed-minilm-l6');
  }, PIPELINE_TIMEOUT_MS);

  it.each(['fp32', 'q8'] as const)(
    'embeds into 384 dims with the %s graph',
    async (dtype) => {
      const embed = await pipeline('feature-extraction', 'bench/embed-minilm-l6', { dtype });
      const out = await embed('one short passage', { pooling: 'mean', normalize: true });
      expect(out.dims).toEqual([1, 384]);
      expect(norm(rows(out)[0] ?? [])).toBeCloseTo(1, 5);
      await embed.dispose();
    },
    PIPELINE_TIMEOUT_MS,
  );
});

describe('test/clip', () => {
  beforeAll(() => {
    useGeneratedModels('test/clip');
  });

  it(
    'embeds texts through CLIPTextModelWithProjection with the real CLIP tokenizer',
    async () => {
      const tokenizer = await AutoTokenizer.from_pretrained('test/clip');
      const model = await CLIPTextModelWithProjection.from_pretrained('test/clip');
      const inputs = tokenizer(['a photo of a cat', 'a diagram of a bridge'], { padding: true, truncation: true });
      const { text_embeds } = (await model(inputs)) as { text_embeds: Tensor };
      expect(text_embeds.dims).toEqual([2, 64]);
      const [cat, bridge] = rows(text_embeds);
      expect(cat).not.toEqual(bridge);
      await model.dispose();
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'embeds images through AutoProcessor and CLIPVisionModelWithProjection',
    async () => {
      const processor = await AutoProcessor.from_pretrained('test/clip');
      const model = await CLIPVisionModelWithProjection.from_pretrained('test/clip');
      const first = (await processor(image(251))) as { pixel_values: Tensor };
      expect(first.pixel_values.dims).toEqual([1, 3, 224, 224]);
      const a = (await model(first)) as { image_embeds: Tensor };
      const b = (await model(await processor(image(7)))) as { image_embeds: Tensor };
      expect(a.image_embeds.dims).toEqual([1, 64]);
      expect(rows(a.image_embeds)).not.toEqual(rows(b.image_embeds));
      await model.dispose();
    },
    PIPELINE_TIMEOUT_MS,
  );
});
