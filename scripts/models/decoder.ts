// Pieces shared by the generative models: self-attention with a KV cache (past_key_values.* in,
// present.* out, the names transformers.js pairs), cross-attention, rotary positions, and an
// output head that is scrambled (untied, so text varies instead of repeating one token), keeps
// special tokens out of the text, and can be told to emit end-of-sequence after N new tokens or to
// say a fixed script, one token per generated position, then end-of-sequence (e2e tests need an
// answer known in advance). Grouped-query attention (fewer key/value heads than query heads, as in
// SmolLM2) shares each cached head among its group of query heads.
//
// How the end-of-sequence rule counts new tokens without extra inputs: every key that a call
// with an empty cache (the prompt) writes carries 1 in its last channel (layer 0), every later
// key carries 0. generated = cache length − sum(marks), so the graph knows how many tokens it
// has produced since the prompt, whatever the prompt's length.

import type { GraphBuilder } from './graph';
import { attend, dimOf, linear, mergeHeads, splitHeads, WEIGHT_STD, type AttentionDims } from './layers';
import { DataType } from './onnx-proto';

export interface CacheNames {
  pastKey: string;
  pastValue: string;
  presentKey: string;
  presentValue: string;
}

export function cacheNames(prefix: string, layer: number, suffix = ''): CacheNames {
  return {
    pastKey: `past_key_values.${layer}${suffix}.key`,
    pastValue: `past_key_values.${layer}${suffix}.value`,
    presentKey: `${prefix}.${layer}${suffix}.key`,
    presentValue: `${prefix}.${layer}${suffix}.value`,
  };
}

/** Declares past_key_values.* [batch_size, heads, past, headDim] as graph inputs (integer heads
 * and headDim: transformers.js builds the empty first-step cache from these declared shapes). */
export function declarePast(g: GraphBuilder, names: CacheNames, d: AttentionDims, pastDim: string): void {
  g.input(names.pastKey, DataType.FLOAT, ['batch_size', d.heads, pastDim, d.headDim]);
  g.input(names.pastValue, DataType.FLOAT, ['batch_size', d.heads, pastDim, d.headDim]);
}

export function declarePresent(
  g: GraphBuilder,
  names: CacheNames,
  key: string,
  value: string,
  d: AttentionDims,
  totalDim: string,
): void {
  g.output(names.presentKey, key, DataType.FLOAT, ['batch_size', d.heads, totalDim, d.headDim]);
  g.output(names.presentValue, value, DataType.FLOAT, ['batch_size', d.heads, totalDim, d.headDim]);
}

/** 1.0 when the cache is empty (this call reads the prompt), else 0.0. */
export function promptFlag(g: GraphBuilder, pastKey: string): string {
  const isEmpty = g.op('Equal', [dimOf(g, pastKey, 2), g.constI64([0], [])]);
  return g.op('Cast', [isEmpty], { to: DataType.FLOAT });
}

/** Writes the prompt flag into the last channel of every head of new keys [B, h, S, d]. */
function markKeys(g: GraphBuilder, k: string, flag: string, headDim: number): string {
  const keep = Array.from({ length: headDim }, (_, i) => (i === headDim - 1 ? 0 : 1));
  const mark = Array.from({ length: headDim }, (_, i) => (i === headDim - 1 ? 1 : 0));
  return g.op('Add', [g.op('Mul', [k, g.constF(keep)]), g.op('Mul', [g.constF(mark), flag])]);
}

/** Tokens produced since the prompt, as float [B], read from marked keys [B, h, T, d]. */
export function generatedCount(g: GraphBuilder, presentKey: string, headDim: number): string {
  const marks = g.op('Slice', [
    presentKey,
    g.constI64([0, headDim - 1]),
    g.constI64([1, headDim]),
    g.constI64([1, 3]),
  ]);
  const promptLen = g.op('ReduceSum', [marks, g.constI64([1, 2, 3])], { keepdims: 0 });
  const total = g.op('Cast', [dimOf(g, presentKey, 2)], { to: DataType.FLOAT });
  return g.op('Sub', [total, promptLen]);
}

export interface RopeTables {
  cos: string;
  sin: string;
}

/** cos/sin [B, 1, S, d] from position_ids [B, S] (Llama rotary embedding, half-split layout). */
export function ropeTables(g: GraphBuilder, positionIds: string, headDim: number, theta: number): RopeTables {
  const half = headDim / 2;
  const inv = Array.from({ length: half }, (_, i) => 1 / Math.pow(theta, (2 * i) / headDim));
  const pos = g.op('Unsqueeze', [g.op('Cast', [positionIds], { to: DataType.FLOAT }), g.constI64([2])]);
  const freqs = g.op('Mul', [pos, g.constF(inv)]);
  const emb = g.op('Unsqueeze', [g.op('Concat', [freqs, freqs], { axis: -1 }), g.constI64([1])]);
  return { cos: g.op('Cos', [emb]), sin: g.op('Sin', [emb]) };
}

function applyRope(g: GraphBuilder, x: string, t: RopeTables, headDim: number): string {
  const half = headDim / 2;
  const axis = g.constI64([3]);
  const x1 = g.op('Slice', [x, g.constI64([0]), g.constI64([half]), axis]);
  const x2 = g.op('Slice', [x, g.constI64([half]), g.constI64([headDim]), axis]);
  const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: 3 });
  return g.op('Add', [g.op('Mul', [x, t.cos]), g.op('Mul', [rotated, t.sin])]);
}

export interface CachedAttentionOptions {
  mask: string;
  rope?: RopeTables;
  /** Prompt flag to mark keys with (layer 0 of models that count generated tokens). */
  markFlag?: string;
  bias?: boolean;
  /** Key/value heads (grouped-query attention); defaults to d.heads. Must divide d.heads. */
  kvHeads?: number;
}

/** [B, kvHeads, T, d] → [B, heads, T, d]: each key/value head repeated for its query group (the
 * order of Hugging Face's repeat_kv, so query head h reads cached head ⌊h / group⌋). */
function repeatKv(g: GraphBuilder, x: string, kvHeads: number, heads: number, headDim: number): string {
  if (kvHeads === heads) return x;
  const group = heads / kvHeads;
  const widened = g.op('Expand', [g.op('Unsqueeze', [x, g.constI64([2])]), g.constI64([1, 1, group, 1, 1])]);
  return g.op('Reshape', [widened, g.constI64([0, heads, -1, headDim])]);
}

/** Causal self-attention over cache + new tokens; returns output and the new cache tensors. */
export function cachedSelfAttention(
  g: GraphBuilder,
  x: string,
  name: string,
  d: AttentionDims,
  cache: CacheNames,
  options: CachedAttentionOptions,
): { out: string; key: string; value: string } {
  const inner = d.heads * d.headDim;
  const kvHeads = options.kvHeads ?? d.heads;
  if (d.heads % kvHeads !== 0) throw new Error(`${String(d.heads)} heads cannot share ${String(kvHeads)} key/value heads`);
  const kvInner = kvHeads * d.headDim;
  const bias = options.bias ?? true;
  let q = splitHeads(g, linear(g, x, `${name}.q_proj`, d.hidden, inner, bias), d.heads, d.headDim);
  let k = splitHeads(g, linear(g, x, `${name}.k_proj`, d.hidden, kvInner, bias), kvHeads, d.headDim);
  const v = splitHeads(g, linear(g, x, `${name}.v_proj`, d.hidden, kvInner, bias), kvHeads, d.headDim);
  if (options.rope) {
    q = applyRope(g, q, options.rope, d.headDim);
    k = applyRope(g, k, options.rope, d.headDim);
  }
  if (options.markFlag !== undefined) k = markKeys(g, k, options.markFlag, d.headDim);
  const key = g.op('Concat', [cache.pastKey, k], { axis: 2 });
  const value = g.op('Concat', [cache.pastValue, v], { axis: 2 });
  const attended = attend(
    g,
    q,
    repeatKv(g, key, kvHeads, d.heads, d.headDim),
    repeatKv(g, value, kvHeads, d.heads, d.headDim),
    d.headDim,
    options.mask,
  );
  const ctx = mergeHeads(g, attended, inner);
  return { out: linear(g, ctx, `${name}.out_proj`, inner, d.hidden, bias), key, value };
}

/** Cross-attention projections are stronger than the rest (std ≈ 4/√H instead of 0.035), so
 * that the encoded image or audio, not the previous token, dominates what the decoder says. */
const CROSS_STD = 0.15;

/** Cross-attention from decoder states to encoder states [B, Tenc, encHidden]. */
export function crossAttention(
  g: GraphBuilder,
  x: string,
  encoder: string,
  name: string,
  d: AttentionDims,
  encHidden: number,
): { out: string; key: string; value: string } {
  const inner = d.heads * d.headDim;
  const project = (input: string, part: string, inDim: number): string =>
    splitHeads(g, linear(g, input, `${name}.${part}`, inDim, inner, true, CROSS_STD), d.heads, d.headDim);
  const q = project(x, 'q_proj', d.hidden);
  const key = project(encoder, 'k_proj', encHidden);
  const value = project(encoder, 'v_proj', encHidden);
  const ctx = mergeHeads(g, attend(g, q, key, value, d.headDim), inner);
  return { out: linear(g, ctx, `${name}.out_proj`, inner, d.hidden, true, CROSS_STD), key, value };
}

export interface HeadOptions {
  vocab: number;
  /** Token ids kept out of generated text (special tokens). */
  suppress: readonly number[];
  /** From this id on, lower ids win ties among suppressed tokens: when a logits processor forces a
   * choice among them (Whisper's first timestamp), the earliest one (<|0.00|>) is picked. */
  preferLowFrom?: number;
  eosId: number;
  /** Emit eosId once this many tokens were generated (needs `generated`). */
  eosAfter?: number;
  generated?: string;
  /** Token ids said in this order, one per generated position, then eosId (needs `generated`). */
  script?: readonly number[];
}

/** Logit added to the token the rules force (end-of-sequence, the script's next token). */
const FORCE = 1e4;

/** [B, vocab]: FORCE at the script's token for each row's generated count, eosId past its end. */
function scriptBoost(g: GraphBuilder, generated: string, script: readonly number[], o: HeadOptions): string {
  const table = g.constI64([...script, o.eosId]);
  const step = g.op('Cast', [g.op('Min', [generated, g.constF([script.length], [])])], { to: DataType.INT64 });
  const token = g.op('Unsqueeze', [g.op('Gather', [table, step], { axis: 0 }), g.constI64([1])]);
  const ids = g.op('Range', [g.constI64([0], []), g.constI64([o.vocab], []), g.constI64([1], [])]);
  const hit = g.op('Cast', [g.op('Equal', [ids, token])], { to: DataType.FLOAT });
  return g.op('Mul', [hit, g.constF([FORCE], [])]);
}

/** Untied random output head → logits [B, S, vocab]. */
export function outputHead(g: GraphBuilder, h: string, hidden: number, o: HeadOptions): string {
  // Suppressed tokens get a fixed logit (the head's random part is masked out), so their order
  // is set here and not by chance.
  const bias = new Float32Array(o.vocab);
  const keep = new Float32Array(o.vocab).fill(1);
  for (const id of o.suppress) {
    bias[id] = -100;
    keep[id] = 0;
  }
  if (o.preferLowFrom !== undefined) {
    for (let id = o.preferLowFrom; id < o.vocab; id++) bias[id] = (bias[id] ?? 0) - 1e-3 * (id - o.preferLowFrom);
  }
  const random = g.matmulWeight(h, 'lm_head.weight', hidden, o.vocab, WEIGHT_STD * 4);
  const logits = g.op('Add', [
    g.op('Mul', [random, g.tensor('lm_head.keep', [o.vocab], keep)]),
    g.tensor('lm_head.bias', [o.vocab], bias),
  ]);
  if (o.script !== undefined && o.generated !== undefined) {
    const boost = scriptBoost(g, o.generated, o.script, o);
    return g.op('Add', [logits, g.op('Unsqueeze', [boost, g.constI64([1])])]);
  }
  if (o.eosAfter === undefined || o.generated === undefined) return logits;
  const due = g.op('Cast', [g.op('GreaterOrEqual', [o.generated, g.constF([o.eosAfter], [])])], {
    to: DataType.FLOAT,
  });
  const boost = new Float32Array(o.vocab);
  boost[o.eosId] = FORCE;
  const perBatch = g.op('Unsqueeze', [due, g.constI64([1, 2])]);
  return g.op('Add', [logits, g.op('Mul', [perBatch, g.tensor('eos_boost', [o.vocab], boost)])]);
}
