// Decoder-only chat LLM in Llama's architecture (RMSNorm, rotary positions, SwiGLU MLP, no
// biases) with SmolLM2's vocabulary, for the text-generation pipeline. Inputs input_ids,
// attention_mask, position_ids, past_key_values.{i}.key/value; outputs logits and
// present.{i}.key/value. The head is scrambled and ends the answer after `eosAfter` tokens, or says
// a fixed script of token ids and then ends. Grouped-query attention when `kvHeads` < `heads`.

import {
  cacheNames,
  cachedSelfAttention,
  declarePast,
  declarePresent,
  generatedCount,
  outputHead,
  promptFlag,
  ropeTables,
} from './decoder';
import { GraphBuilder } from './graph';
import { causalMask, dimOf, linear, paddingMask, rmsNorm, silu } from './layers';
import { DataType } from './onnx-proto';
import { defined } from '../../src/core/defined';

export interface LlamaDims {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  /** Key/value heads (grouped-query attention); equal to `heads` when absent. */
  kvHeads?: number;
  intermediate: number;
  positions: number;
  /** Tokens generated before the model emits end-of-sequence. */
  eosAfter: number;
  eosId: number;
  bosId: number;
  /** Special-token ids (SmolLM: 0..16) kept out of generated text. */
  specialIds: readonly number[];
  /** Token ids the model says, whatever the prompt, before end-of-sequence (replaces eosAfter). */
  script?: readonly number[];
}

export const TINY_CHAT_LLM: LlamaDims = {
  vocab: 49152,
  hidden: 64,
  layers: 2,
  heads: 4,
  intermediate: 128,
  positions: 8192,
  eosAfter: 24,
  eosId: 2,
  bosId: 1,
  specialIds: Array.from({ length: 17 }, (_, i) => i),
};

/** SmolLM2-135M-Instruct's exact shape (its config.json: 30 layers, hidden 576, 9 query heads sharing
 * 3 key/value heads, SwiGLU 1536), for speed benchmarks. Ends after 64 tokens, a fixed answer length. */
export const SMOLLM2_135M: LlamaDims = {
  ...TINY_CHAT_LLM,
  hidden: 576,
  layers: 30,
  heads: 9,
  kvHeads: 3,
  intermediate: 1536,
  eosAfter: 64,
};

const ROPE_THETA = 100000;

export function llamaGraph(c: LlamaDims, seed: number): Uint8Array {
  const g = new GraphBuilder({ name: 'llama', seed });
  const ids = g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const H = c.hidden;
  const d = { hidden: H, heads: c.heads, headDim: H / c.heads };
  const kvHeads = c.kvHeads ?? c.heads;
  const cache = { ...d, heads: kvHeads };
  const layers = Array.from({ length: c.layers }, (_, l) => cacheNames('present', l));
  for (const names of layers) declarePast(g, names, cache, 'past_sequence_length');

  const first = layers[0];
  if (first === undefined) throw new Error('a decoder needs at least one layer');
  const additive = g.op('Add', [
    paddingMask(g, mask),
    causalMask(g, dimOf(g, ids, 1), dimOf(g, mask, 1)),
  ]);
  const rope = ropeTables(g, positionIds, d.headDim, ROPE_THETA);
  const flag = promptFlag(g, first.pastKey);

  let x = g.op('Gather', [g.weight('embed_tokens', [c.vocab, H], 0.5), ids]);
  let marked = '';
  layers.forEach((names, l) => {
    const name = `layers.${l}`;
    const attn = cachedSelfAttention(g, rmsNorm(g, x, `${name}.input_norm`, H), `${name}.attn`, d, names, {
      mask: additive,
      rope,
      bias: false,
      ...(kvHeads === c.heads ? {} : { kvHeads }),
      ...(l === 0 ? { markFlag: flag } : {}),
    });
    if (l === 0) marked = attn.key;
    declarePresent(g, names, attn.key, attn.value, cache, 'total_sequence_length');
    x = g.op('Add', [x, attn.out]);
    const h = rmsNorm(g, x, `${name}.post_attention_norm`, H);
    const gate = silu(g, linear(g, h, `${name}.mlp.gate_proj`, H, c.intermediate, false));
    const up = linear(g, h, `${name}.mlp.up_proj`, H, c.intermediate, false);
    x = g.op('Add', [x, linear(g, g.op('Mul', [gate, up]), `${name}.mlp.down_proj`, c.intermediate, H, false)]);
  });
  x = rmsNorm(g, x, 'norm', H);
  const logits = outputHead(g, x, H, {
    vocab: c.vocab,
    suppress: c.specialIds,
    eosId: c.eosId,
    eosAfter: c.eosAfter,
    generated: generatedCount(g, marked, d.headDim),
    ...defined({ script: c.script }),
  });
  g.output('logits', logits, DataType.FLOAT, ['batch_size', 'sequence_length', c.vocab]);
  const ending =
    c.script === undefined
      ? `after ${String(c.eosAfter)} generated tokens`
      : `after a fixed script of ${String(c.script.length)} tokens`;
  return g.encode(
    `Random-weight Llama decoder (ThinkBank test model; no trained weights). Emits end-of-sequence (id ${String(c.eosId)}) ${ending}.`,
  );
}

export function llamaConfig(c: LlamaDims): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_act: 'silu',
    hidden_size: c.hidden,
    intermediate_size: c.intermediate,
    num_attention_heads: c.heads,
    num_key_value_heads: c.kvHeads ?? c.heads,
    head_dim: c.hidden / c.heads,
    num_hidden_layers: c.layers,
    max_position_embeddings: c.positions,
    rms_norm_eps: 1e-5,
    rope_theta: ROPE_THETA,
    tie_word_embeddings: false,
    vocab_size: c.vocab,
    bos_token_id: c.bosId,
    eos_token_id: c.eosId,
    pad_token_id: c.eosId,
    use_cache: true,
    'transformers.js_config': { dtype: 'fp32' },
    thinkbank_test_model:
      c.script === undefined
        ? { eos_after_generated_tokens: c.eosAfter }
        : { scripted_tokens: c.script.length },
  };
}

export function llamaGenerationConfig(c: LlamaDims): Record<string, unknown> {
  return {
    bos_token_id: c.bosId,
    eos_token_id: c.eosId,
    pad_token_id: c.eosId,
    max_new_tokens: 64,
    do_sample: false,
  };
}
