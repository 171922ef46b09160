// BERT text embedder (all-MiniLM-L6-v2's architecture) for the feature-extraction pipeline:
// word + position + token-type embeddings, post-LN encoder layers with GELU, output
// last_hidden_state. The same builder makes the tiny test model and the full-size bench model.

import { GraphBuilder } from './graph';
import { dimOf, gelu, layerNorm, linear, paddingMask, selfAttention } from './layers';
import { DataType } from './onnx-proto';

export interface BertDims {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  positions: number;
}

export const MINILM_L6: BertDims = {
  vocab: 30522,
  hidden: 384,
  layers: 6,
  heads: 12,
  intermediate: 1536,
  positions: 512,
};

export const TINY_BERT: BertDims = {
  vocab: 30522,
  hidden: 32,
  layers: 2,
  heads: 2,
  intermediate: 64,
  positions: 512,
};

const EPS = 1e-12;

export function bertGraph(dims: BertDims, seed: number, quantize = false): Uint8Array {
  const g = new GraphBuilder({ name: 'bert', seed, quantize });
  const ids = g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']);
  const types = g.input('token_type_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const H = dims.hidden;

  const positions = g.op('Range', [g.constI64([0], []), dimOf(g, ids, 1), g.constI64([1], [])]);
  const words = g.op('Gather', [g.embeddingTable('embeddings.word', [dims.vocab, H], 0.05), ids]);
  const pos = g.op('Gather', [g.weight('embeddings.position', [dims.positions, H], 0.05), positions]);
  const typ = g.op('Gather', [g.weight('embeddings.token_type', [2, H], 0.05), types]);
  let x = layerNorm(g, g.op('Add', [g.op('Add', [words, pos]), typ]), 'embeddings.ln', H, EPS);

  const additive = paddingMask(g, mask);
  const d = { hidden: H, heads: dims.heads, headDim: H / dims.heads };
  for (let l = 0; l < dims.layers; l++) {
    const name = `encoder.layer.${l}`;
    const attn = selfAttention(g, x, `${name}.attention`, d, additive);
    x = layerNorm(g, g.op('Add', [x, attn]), `${name}.attention.ln`, H, EPS);
    const inner = gelu(g, linear(g, x, `${name}.intermediate`, H, dims.intermediate));
    const out = linear(g, inner, `${name}.output`, dims.intermediate, H);
    x = layerNorm(g, g.op('Add', [x, out]), `${name}.output.ln`, H, EPS);
  }
  g.output('last_hidden_state', x, DataType.FLOAT, ['batch_size', 'sequence_length', H]);
  return g.encode('Random-weight BERT encoder (ThinkBank test model; no trained weights).');
}

export function bertConfig(dims: BertDims): Record<string, unknown> {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_act: 'gelu',
    hidden_size: dims.hidden,
    intermediate_size: dims.intermediate,
    num_attention_heads: dims.heads,
    num_hidden_layers: dims.layers,
    max_position_embeddings: dims.positions,
    layer_norm_eps: EPS,
    pad_token_id: 0,
    type_vocab_size: 2,
    vocab_size: dims.vocab,
    'transformers.js_config': { dtype: 'fp32' },
  };
}
