// Whisper-style speech recogniser for the automatic-speech-recognition pipeline, in the layout
// transformers.js loads for model_type "whisper": encoder_model.onnx (input_features [B, 80,
// 3000] → two convolutions (stride 2) → 1500 frames → last_hidden_state) and
// decoder_model_merged.onnx (input_ids, encoder_hidden_states, past_key_values.{i}.decoder/encoder
// .key/value → logits, present.{i}.decoder/encoder.key/value). The cross-attention cache is
// recomputed every step (transformers.js keeps the first step's copy), so the past encoder
// inputs exist for the interface and are not read. With return_timestamps the transcript comes
// as one chunk starting at <|0.00|> with an open end (no closing timestamp is ever emitted).

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
import { causalMask, dimOf, gelu, layerNorm, mlp, positionsAfterPast, preNormEncoderLayer } from './layers';
import { DataType } from './onnx-proto';

export interface WhisperDims {
  mels: number;
  frames: number;
  hidden: number;
  encLayers: number;
  decLayers: number;
  heads: number;
  vocab: number;
  targetPositions: number;
  eosAfter: number;
  eosId: number;
  /** Ids from here on are special (<|endoftext|>, task, language and timestamp tokens). */
  firstSpecialId: number;
  /** <|0.00|>; timestamps follow in 0.02 s steps. */
  firstTimestampId: number;
}

export const TINY_WHISPER: WhisperDims = {
  mels: 80,
  frames: 3000,
  hidden: 32,
  encLayers: 2,
  decLayers: 2,
  heads: 2,
  vocab: 51864,
  targetPositions: 448,
  eosAfter: 12,
  eosId: 50256,
  firstSpecialId: 50256,
  firstTimestampId: 50363,
};

export function whisperEncoderGraph(c: WhisperDims, seed: number): Uint8Array {
  const g = new GraphBuilder({ name: 'whisper_encoder', seed });
  const features = g.input('input_features', DataType.FLOAT, ['batch_size', c.mels, c.frames]);
  const H = c.hidden;
  const conv1 = g.op(
    'Conv',
    [features, g.weight('conv1.weight', [H, c.mels, 3], 0.05), g.weight('conv1.bias', [H], 0.02)],
    { kernel_shape: [3], pads: [1, 1] },
  );
  const conv2 = g.op(
    'Conv',
    [gelu(g, conv1), g.weight('conv2.weight', [H, H, 3], 0.05), g.weight('conv2.bias', [H], 0.02)],
    { kernel_shape: [3], pads: [1, 1], strides: [2] },
  );
  const sources = c.frames / 2;
  let x = g.op('Transpose', [gelu(g, conv2)], { perm: [0, 2, 1] });
  x = g.op('Add', [x, g.weight('embed_positions', [sources, H], 0.1)]);
  const d = { hidden: H, heads: c.heads, headDim: H / c.heads };
  for (let l = 0; l < c.encLayers; l++) x = preNormEncoderLayer(g, x, `encoder.layers.${l}`, d, 4 * H);
  x = layerNorm(g, x, 'encoder.layer_norm', H);
  g.output('last_hidden_state', x, DataType.FLOAT, ['batch_size', sources, H]);
  return g.encode('Random-weight Whisper encoder (ThinkBank test model; no trained weights).');
}

export function whisperDecoderGraph(c: WhisperDims, seed: number): Uint8Array {
  const g = new GraphBuilder({ name: 'whisper_decoder', seed });
  const ids = g.input('input_ids', DataType.INT64, ['batch_size', 'decoder_sequence_length']);
  const H = c.hidden;
  const encoder = g.input('encoder_hidden_states', DataType.FLOAT, ['batch_size', 'encoder_sequence_length', H]);
  const d = { hidden: H, heads: c.heads, headDim: H / c.heads };
  const self = Array.from({ length: c.decLayers }, (_, l) => cacheNames('present', l, '.decoder'));
  const cross = Array.from({ length: c.decLayers }, (_, l) => cacheNames('present', l, '.encoder'));
  self.forEach((names, l) => {
    declarePast(g, names, d, 'past_decoder_sequence_length');
    const crossNames = cross[l];
    if (crossNames) declarePast(g, crossNames, d, 'encoder_sequence_length_out');
  });
  const first = self[0];
  if (first === undefined) throw new Error('a decoder needs at least one layer');

  const pastLen = dimOf(g, first.pastKey, 2);
  const queryLen = dimOf(g, ids, 1);
  const mask = causalMask(g, queryLen, g.op('Add', [pastLen, queryLen]));
  const flag = promptFlag(g, first.pastKey);
  const positions = positionsAfterPast(g, pastLen, queryLen);
  const tokens = g.op('Gather', [g.weight('embed_tokens', [c.vocab, H], 0.1), ids]);
  let x = g.op('Add', [
    tokens,
    g.op('Gather', [g.weight('decoder.embed_positions', [c.targetPositions, H], 0.1), positions]),
  ]);
  let marked = '';
  self.forEach((names, l) => {
    const name = `decoder.layers.${l}`;
    const attn = cachedSelfAttention(g, layerNorm(g, x, `${name}.self_attn_ln`, H), `${name}.self_attn`, d, names, {
      mask,
      ...(l === 0 ? { markFlag: flag } : {}),
    });
    if (l === 0) marked = attn.key;
    declarePresent(g, names, attn.key, attn.value, d, 'total_decoder_sequence_length');
    x = g.op('Add', [x, attn.out]);
    const crossOut = crossAttention(g, layerNorm(g, x, `${name}.cross_attn_ln`, H), encoder, `${name}.encoder_attn`, d, H);
    const crossNames = cross[l];
    if (crossNames) declarePresent(g, crossNames, crossOut.key, crossOut.value, d, 'encoder_sequence_length_out');
    x = g.op('Add', [x, crossOut.out]);
    x = g.op('Add', [x, mlp(g, layerNorm(g, x, `${name}.final_ln`, H), `${name}.mlp`, H, 4 * H)]);
  });
  x = layerNorm(g, x, 'decoder.layer_norm', H);
  const special = Array.from({ length: c.vocab - c.firstSpecialId }, (_, i) => c.firstSpecialId + i);
  const logits = outputHead(g, x, H, {
    vocab: c.vocab,
    suppress: special,
    preferLowFrom: c.firstTimestampId,
    eosId: c.eosId,
    eosAfter: c.eosAfter,
    generated: generatedCount(g, marked, d.headDim),
  });
  g.output('logits', logits, DataType.FLOAT, ['batch_size', 'decoder_sequence_length', c.vocab]);
  return g.encode(
    `Random-weight Whisper decoder (ThinkBank test model). Emits end-of-sequence after ${c.eosAfter} tokens.`,
  );
}

/** The real whisper-tiny.en config with this model's dimensions written over it. */
export function whisperConfig(base: Record<string, unknown>, c: WhisperDims): Record<string, unknown> {
  return {
    ...base,
    _name_or_path: 'thinkbank/test-whisper',
    d_model: c.hidden,
    encoder_layers: c.encLayers,
    decoder_layers: c.decLayers,
    num_hidden_layers: c.encLayers,
    encoder_attention_heads: c.heads,
    decoder_attention_heads: c.heads,
    encoder_ffn_dim: 4 * c.hidden,
    decoder_ffn_dim: 4 * c.hidden,
    max_source_positions: c.frames / 2,
    max_target_positions: c.targetPositions,
    num_mel_bins: c.mels,
    vocab_size: c.vocab,
    'transformers.js_config': { dtype: 'fp32' },
    thinkbank_test_model: { eos_after_generated_tokens: c.eosAfter },
  };
}
