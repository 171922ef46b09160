// CLIP image–text embedder as the two towers transformers.js loads separately:
// text_model.onnx (CLIPTextModelWithProjection: input_ids, attention_mask → text_embeds,
// last_hidden_state) and vision_model.onnx (CLIPVisionModelWithProjection: pixel_values →
// image_embeds, last_hidden_state). Pre-LN layers, causal text attention, pooled at the
// end-of-text token (the highest id), linear projections without bias, as in CLIP.

import { GraphBuilder } from './graph';
import {
  causalMask,
  dimOf,
  layerNorm,
  linear,
  paddingMask,
  patchEmbedding,
  preNormEncoderLayer,
} from './layers';
import { DataType } from './onnx-proto';

export interface ClipDims {
  vocab: number;
  textHidden: number;
  textLayers: number;
  textHeads: number;
  textPositions: number;
  visionHidden: number;
  visionLayers: number;
  visionHeads: number;
  imageSize: number;
  patch: number;
  projection: number;
}

export const TINY_CLIP: ClipDims = {
  vocab: 49408,
  textHidden: 32,
  textLayers: 2,
  textHeads: 2,
  textPositions: 77,
  visionHidden: 32,
  visionLayers: 2,
  visionHeads: 2,
  imageSize: 224,
  patch: 32,
  projection: 64,
};

export function clipTextGraph(c: ClipDims, seed: number): Uint8Array {
  const g = new GraphBuilder({ name: 'clip_text', seed });
  const ids = g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']);
  const H = c.textHidden;
  const len = dimOf(g, ids, 1);
  const positions = g.op('Range', [g.constI64([0], []), len, g.constI64([1], [])]);
  const tokens = g.op('Gather', [g.weight('text.token_embedding', [c.vocab, H], 0.05), ids]);
  const pos = g.op('Gather', [g.weight('text.position_embedding', [c.textPositions, H], 0.05), positions]);
  let x = g.op('Add', [tokens, pos]);

  const additive = g.op('Add', [paddingMask(g, mask), causalMask(g, len, len)]);
  const d = { hidden: H, heads: c.textHeads, headDim: H / c.textHeads };
  for (let l = 0; l < c.textLayers; l++) {
    x = preNormEncoderLayer(g, x, `text.layer.${l}`, d, 4 * H, additive);
  }
  x = layerNorm(g, x, 'text.final_ln', H);
  g.output('last_hidden_state', x, DataType.FLOAT, ['batch_size', 'sequence_length', H]);

  // Pool at the first end-of-text token: it has the highest id in CLIP's vocabulary.
  const idsAsFloat = g.op('Cast', [ids], { to: DataType.FLOAT });
  const eot = g.op('ArgMax', [idsAsFloat], { axis: 1, keepdims: 1 });
  const range = g.op('Range', [g.constI64([0], []), len, g.constI64([1], [])]);
  const pick = g.op('Cast', [g.op('Equal', [g.op('Unsqueeze', [range, g.constI64([0])]), eot])], {
    to: DataType.FLOAT,
  });
  const pooled = g.op('MatMul', [g.op('Unsqueeze', [pick, g.constI64([1])]), x]);
  const flat = g.op('Squeeze', [pooled, g.constI64([1])]);
  const embeds = linear(g, flat, 'text_projection', H, c.projection, false);
  g.output('text_embeds', embeds, DataType.FLOAT, ['batch_size', c.projection]);
  return g.encode('Random-weight CLIP text tower (ThinkBank test model; no trained weights).');
}

export function clipVisionGraph(c: ClipDims, seed: number): Uint8Array {
  const g = new GraphBuilder({ name: 'clip_vision', seed });
  const pixels = g.input('pixel_values', DataType.FLOAT, ['batch_size', 3, c.imageSize, c.imageSize]);
  const H = c.visionHidden;
  const tokenCount = (c.imageSize / c.patch) ** 2 + 1;
  let x = patchEmbedding(g, pixels, 'vision.embeddings', H, c.patch, c.imageSize);
  x = layerNorm(g, x, 'vision.pre_ln', H);
  const d = { hidden: H, heads: c.visionHeads, headDim: H / c.visionHeads };
  for (let l = 0; l < c.visionLayers; l++) {
    x = preNormEncoderLayer(g, x, `vision.layer.${l}`, d, 4 * H);
  }
  g.output('last_hidden_state', x, DataType.FLOAT, ['batch_size', tokenCount, H]);
  const cls = g.op('Gather', [x, g.constI64([0], [])], { axis: 1 });
  const pooled = layerNorm(g, cls, 'vision.post_ln', H);
  const embeds = linear(g, pooled, 'visual_projection', H, c.projection, false);
  g.output('image_embeds', embeds, DataType.FLOAT, ['batch_size', c.projection]);
  return g.encode('Random-weight CLIP vision tower (ThinkBank test model; no trained weights).');
}

export function clipConfig(c: ClipDims): Record<string, unknown> {
  return {
    architectures: ['CLIPModel'],
    model_type: 'clip',
    projection_dim: c.projection,
    logit_scale_init_value: 2.6592,
    text_config: {
      model_type: 'clip_text_model',
      vocab_size: c.vocab,
      hidden_size: c.textHidden,
      intermediate_size: 4 * c.textHidden,
      num_attention_heads: c.textHeads,
      num_hidden_layers: c.textLayers,
      max_position_embeddings: c.textPositions,
      projection_dim: c.projection,
      bos_token_id: 49406,
      eos_token_id: 49407,
      pad_token_id: 1,
    },
    vision_config: {
      model_type: 'clip_vision_model',
      hidden_size: c.visionHidden,
      intermediate_size: 4 * c.visionHidden,
      num_attention_heads: c.visionHeads,
      num_hidden_layers: c.visionLayers,
      image_size: c.imageSize,
      patch_size: c.patch,
      num_channels: 3,
      projection_dim: c.projection,
    },
    'transformers.js_config': { dtype: 'fp32' },
  };
}
