// vit-gpt2-style captioner (model_type "vision-encoder-decoder") for the image-to-text pipeline:
// encoder_model.onnx (ViT: pixel_values → last_hidden_state) and decoder_model_merged.onnx
// (GPT-2 with cross-attention: input_ids, encoder_hidden_states, past_key_values.{i}.key/value →
// logits, present.{i}.key/value). A GPT-2 decoder is "decoder-only" to transformers.js, so only
// self-attention is cached; cross-attention is recomputed from encoder_hidden_states each step.

import {
  cacheNames,
  cachedSelfAttention,
  crossAttention,
  declarePast,
  declarePresent,
  generatedCount,
  outputHead,
  promptFlag,
} from './decoder';
import { GraphBuilder } from './graph';
import { causalMask, dimOf, layerNorm, mlp, patchEmbedding, positionsAfterPast, preNormEncoderLayer } from './layers';
import { DataType } from './onnx-proto';

export interface CaptionerDims {
  imageSize: number;
  patch: number;
  encHidden: number;
  encLayers: number;
  encHeads: number;
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  positions: number;
  eosAfter: number;
  eosId: number;
}

export const TINY_CAPTIONER: CaptionerDims = {
  imageSize: 224,
  patch: 32,
  encHidden: 32,
  encLayers: 2,
  encHeads: 2,
  vocab: 50257,
  hidden: 32,
  layers: 2,
  heads: 2,
  positions: 1024,
  eosAfter: 12,
  eosId: 50256,
};

export function vitEncoderGraph(c: CaptionerDims, seed: number): Uint8Array {
  const g = new GraphBuilder({ name: 'vit_encoder', seed });
  const pixels = g.input('pixel_values', DataType.FLOAT, ['batch_size', 3, c.imageSize, c.imageSize]);
  const tokens = (c.imageSize / c.patch) ** 2 + 1;
  let x = patchEmbedding(g, pixels, 'encoder.embeddings', c.encHidden, c.patch, c.imageSize);
  const d = { hidden: c.encHidden, heads: c.encHeads, headDim: c.encHidden / c.encHeads };
  for (let l = 0; l < c.encLayers; l++) {
    x = preNormEncoderLayer(g, x, `encoder.layer.${l}`, d, 4 * c.encHidden);
  }
  x = layerNorm(g, x, 'encoder.final_ln', c.encHidden, 1e-12);
  g.output('last_hidden_state', x, DataType.FLOAT, ['batch_size', tokens, c.encHidden]);
  return g.encode('Random-weight ViT encoder (ThinkBank test model; no trained weights).');
}

export function gpt2DecoderGraph(c: CaptionerDims, seed: number): Uint8Array {
  const g = new GraphBuilder({ name: 'gpt2_decoder', seed });
  const ids = g.input('input_ids', DataType.INT64, ['batch_size', 'decoder_sequence_length']);
  const encoder = g.input('encoder_hidden_states', DataType.FLOAT, [
    'batch_size',
    'encoder_sequence_length',
    c.encHidden,
  ]);
  const d = { hidden: c.hidden, heads: c.heads, headDim: c.hidden / c.heads };
  const layers = Array.from({ length: c.layers }, (_, l) => cacheNames('present', l));
  for (const names of layers) declarePast(g, names, d, 'past_decoder_sequence_length');
  const first = layers[0];
  if (first === undefined) throw new Error('a decoder needs at least one layer');

  const pastLen = dimOf(g, first.pastKey, 2);
  const queryLen = dimOf(g, ids, 1);
  const positions = positionsAfterPast(g, pastLen, queryLen);
  const mask = causalMask(g, queryLen, g.op('Add', [pastLen, queryLen]));
  const flag = promptFlag(g, first.pastKey);

  const tokens = g.op('Gather', [g.weight('wte', [c.vocab, c.hidden], 0.1), ids]);
  let x = g.op('Add', [tokens, g.op('Gather', [g.weight('wpe', [c.positions, c.hidden], 0.1), positions])]);
  let marked = '';
  layers.forEach((names, l) => {
    const name = `h.${l}`;
    const attn = cachedSelfAttention(g, layerNorm(g, x, `${name}.ln_1`, c.hidden), `${name}.attn`, d, names, {
      mask,
      ...(l === 0 ? { markFlag: flag } : {}),
    });
    if (l === 0) marked = attn.key;
    declarePresent(g, names, attn.key, attn.value, d, 'total_decoder_sequence_length');
    x = g.op('Add', [x, attn.out]);
    const cross = crossAttention(g, layerNorm(g, x, `${name}.ln_cross`, c.hidden), encoder, `${name}.crossattention`, d, c.encHidden);
    x = g.op('Add', [x, cross.out]);
    x = g.op('Add', [x, mlp(g, layerNorm(g, x, `${name}.ln_2`, c.hidden), `${name}.mlp`, c.hidden, 4 * c.hidden)]);
  });
  x = layerNorm(g, x, 'ln_f', c.hidden);
  const logits = outputHead(g, x, c.hidden, {
    vocab: c.vocab,
    suppress: [c.eosId],
    eosId: c.eosId,
    eosAfter: c.eosAfter,
    generated: generatedCount(g, marked, d.headDim),
  });
  g.output('logits', logits, DataType.FLOAT, ['batch_size', 'decoder_sequence_length', c.vocab]);
  return g.encode(
    `Random-weight GPT-2 decoder with cross-attention (ThinkBank test model). Emits end-of-sequence after ${c.eosAfter} tokens.`,
  );
}

export function captionerConfig(c: CaptionerDims): Record<string, unknown> {
  return {
    architectures: ['VisionEncoderDecoderModel'],
    model_type: 'vision-encoder-decoder',
    is_encoder_decoder: true,
    decoder_start_token_id: c.eosId,
    bos_token_id: c.eosId,
    eos_token_id: c.eosId,
    pad_token_id: c.eosId,
    tie_word_embeddings: false,
    encoder: {
      model_type: 'vit',
      architectures: ['ViTModel'],
      hidden_size: c.encHidden,
      num_hidden_layers: c.encLayers,
      num_attention_heads: c.encHeads,
      intermediate_size: 4 * c.encHidden,
      image_size: c.imageSize,
      patch_size: c.patch,
      num_channels: 3,
      layer_norm_eps: 1e-12,
    },
    decoder: {
      model_type: 'gpt2',
      architectures: ['GPT2LMHeadModel'],
      add_cross_attention: true,
      is_decoder: true,
      n_embd: c.hidden,
      n_head: c.heads,
      n_layer: c.layers,
      n_positions: c.positions,
      n_ctx: c.positions,
      vocab_size: c.vocab,
      bos_token_id: c.eosId,
      eos_token_id: c.eosId,
      decoder_start_token_id: c.eosId,
      pad_token_id: c.eosId,
    },
    'transformers.js_config': { dtype: 'fp32' },
    thinkbank_test_model: { eos_after_generated_tokens: c.eosAfter },
  };
}

export function captionerGenerationConfig(c: CaptionerDims): Record<string, unknown> {
  return {
    decoder_start_token_id: c.eosId,
    bos_token_id: c.eosId,
    eos_token_id: c.eosId,
    pad_token_id: c.eosId,
    max_length: 32,
  };
}
