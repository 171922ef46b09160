// Transformer building blocks in plain ONNX opset-17 ops (no contrib ops), so the same graphs
// run on onnxruntime-node, -web WASM and WebGPU. Each block mirrors the reference architecture
// (real attention, layer norm, GELU/SiLU), so outputs depend on every input token.

import type { GraphBuilder } from './graph';
import { DataType } from './onnx-proto';

/** Weight std near trained statistics; larger values saturate softmax and slow CPUs down. */
export const WEIGHT_STD = 0.035;
/** Additive mask value: exp() of it is exactly zero, never a denormal. */
const MASK_VALUE = -1e9;

export function linear(
  g: GraphBuilder,
  x: string,
  name: string,
  inDim: number,
  outDim: number,
  bias = true,
  std = WEIGHT_STD,
): string {
  const y = g.matmulWeight(x, `${name}.weight`, inDim, outDim, std);
  return bias ? g.op('Add', [y, g.weight(`${name}.bias`, [outDim], 0.02)]) : y;
}

export function layerNorm(g: GraphBuilder, x: string, name: string, dim: number, eps = 1e-5): string {
  const scale = g.weight(`${name}.weight`, [dim], 0.02, 1);
  const bias = g.weight(`${name}.bias`, [dim], 0.02);
  return g.op(
    'LayerNormalization',
    [x, scale, bias],
    { axis: -1, epsilon: eps },
    { floatAttributes: ['epsilon'] },
  );
}

export function rmsNorm(g: GraphBuilder, x: string, name: string, dim: number, eps = 1e-5): string {
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: [-1], keepdims: 1 });
  const inv = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [meanSquare, g.constF([eps], [])])])]);
  return g.op('Mul', [g.op('Mul', [x, inv]), g.weight(`${name}.weight`, [dim], 0.02, 1)]);
}

/** Exact (erf) GELU; onnxruntime fuses the pattern into one Gelu kernel. */
export function gelu(g: GraphBuilder, x: string): string {
  const erf = g.op('Erf', [g.op('Mul', [x, g.constF([Math.SQRT1_2], [])])]);
  return g.op('Mul', [g.op('Mul', [x, g.constF([0.5], [])]), g.op('Add', [erf, g.constF([1], [])])]);
}

export function silu(g: GraphBuilder, x: string): string {
  return g.op('Mul', [x, g.op('Sigmoid', [x])]);
}

/** A scalar int64 holding dimension `axis` of `x`. */
export function dimOf(g: GraphBuilder, x: string, axis: number): string {
  return g.op('Gather', [g.op('Shape', [x]), g.constI64([axis], [])], { axis: 0 });
}

/** [B, S, H] → [B, heads, S, headDim] */
export function splitHeads(g: GraphBuilder, x: string, heads: number, headDim: number): string {
  const r = g.op('Reshape', [x, g.constI64([0, 0, heads, headDim])]);
  return g.op('Transpose', [r], { perm: [0, 2, 1, 3] });
}

/** [B, heads, S, headDim] → [B, S, H] */
export function mergeHeads(g: GraphBuilder, x: string, hidden: number): string {
  const t = g.op('Transpose', [x], { perm: [0, 2, 1, 3] });
  return g.op('Reshape', [t, g.constI64([0, 0, hidden])]);
}

/** softmax(q kᵀ / √d + mask) v over [B, heads, S, d] tensors; mask broadcasts to [B, heads, S, T]. */
export function attend(
  g: GraphBuilder,
  q: string,
  k: string,
  v: string,
  headDim: number,
  mask?: string,
): string {
  const kT = g.op('Transpose', [k], { perm: [0, 1, 3, 2] });
  let scores = g.op('Mul', [g.op('MatMul', [q, kT]), g.constF([1 / Math.sqrt(headDim)], [])]);
  if (mask !== undefined) scores = g.op('Add', [scores, mask]);
  const probs = g.op('Softmax', [scores], { axis: -1 });
  return g.op('MatMul', [probs, v]);
}

/** attention_mask [B, T] (int64, 1 = keep) → additive [B, 1, 1, T] float mask. */
export function paddingMask(g: GraphBuilder, attentionMask: string): string {
  const keep = g.op('Cast', [attentionMask], { to: DataType.FLOAT });
  const drop = g.op('Sub', [g.constF([1], []), keep]);
  const additive = g.op('Mul', [drop, g.constF([MASK_VALUE], [])]);
  return g.op('Unsqueeze', [additive, g.constI64([1, 2])]);
}

/**
 * Additive causal mask [S, T] for S new queries after T − S cached positions: query i sits at
 * absolute position T − S + i and sees keys 0..T − S + i.
 */
export function causalMask(g: GraphBuilder, queryLen: string, totalLen: string): string {
  const one = g.constI64([1], []);
  const start = g.op('Sub', [totalLen, queryLen]);
  const rows = g.op('Unsqueeze', [g.op('Range', [start, totalLen, one]), g.constI64([1])]);
  const cols = g.op('Unsqueeze', [g.op('Range', [g.constI64([0], []), totalLen, one]), g.constI64([0])]);
  const allowed = g.op('LessOrEqual', [cols, rows]);
  return g.op('Where', [allowed, g.constF([0], []), g.constF([MASK_VALUE], [])]);
}

/** Positions T − S .. T − 1 as int64 [S] (decoders without position_ids). */
export function positionsAfterPast(g: GraphBuilder, pastLen: string, queryLen: string): string {
  const end = g.op('Add', [pastLen, queryLen]);
  return g.op('Range', [pastLen, end, g.constI64([1], [])]);
}

export interface AttentionDims {
  hidden: number;
  heads: number;
  headDim: number;
}

/** Self-attention without cache (encoders): returns the projected output [B, S, H]. */
export function selfAttention(
  g: GraphBuilder,
  x: string,
  name: string,
  d: AttentionDims,
  mask?: string,
  bias = true,
): string {
  const inner = d.heads * d.headDim;
  const q = splitHeads(g, linear(g, x, `${name}.q_proj`, d.hidden, inner, bias), d.heads, d.headDim);
  const k = splitHeads(g, linear(g, x, `${name}.k_proj`, d.hidden, inner, bias), d.heads, d.headDim);
  const v = splitHeads(g, linear(g, x, `${name}.v_proj`, d.hidden, inner, bias), d.heads, d.headDim);
  const ctx = mergeHeads(g, attend(g, q, k, v, d.headDim, mask), inner);
  return linear(g, ctx, `${name}.out_proj`, inner, d.hidden, bias);
}

/** Two-layer feed-forward with GELU. */
export function mlp(g: GraphBuilder, x: string, name: string, hidden: number, inner: number): string {
  const h = gelu(g, linear(g, x, `${name}.fc1`, hidden, inner));
  return linear(g, h, `${name}.fc2`, inner, hidden);
}

/** Pre-LN encoder layer (ViT, CLIP, Whisper encoder). */
export function preNormEncoderLayer(
  g: GraphBuilder,
  x: string,
  name: string,
  d: AttentionDims,
  inner: number,
  mask?: string,
): string {
  const attn = selfAttention(g, layerNorm(g, x, `${name}.ln1`, d.hidden), `${name}.attn`, d, mask);
  const h = g.op('Add', [x, attn]);
  return g.op('Add', [h, mlp(g, layerNorm(g, h, `${name}.ln2`, d.hidden), `${name}.mlp`, d.hidden, inner)]);
}

/**
 * ViT-style patch embedding: pixel_values [B, 3, size, size] → [B, 1 + patches, H] with a class
 * token and learned positions (CLIP vision tower and the captioner's encoder).
 */
export function patchEmbedding(
  g: GraphBuilder,
  pixels: string,
  name: string,
  hidden: number,
  patch: number,
  imageSize: number,
): string {
  const grid = imageSize / patch;
  const conv = g.op(
    'Conv',
    [pixels, g.weight(`${name}.patch.weight`, [hidden, 3, patch, patch], 0.02)],
    { kernel_shape: [patch, patch], strides: [patch, patch] },
  );
  const flat = g.op('Reshape', [conv, g.constI64([0, hidden, grid * grid])]);
  const patches = g.op('Transpose', [flat], { perm: [0, 2, 1] });
  const batch = g.op('Unsqueeze', [dimOf(g, pixels, 0), g.constI64([0])]);
  const clsShape = g.op('Concat', [batch, g.constI64([1, hidden])], { axis: 0 });
  const cls = g.op('Expand', [g.weight(`${name}.class_embedding`, [1, 1, hidden], 0.5), clsShape]);
  const tokens = g.op('Concat', [cls, patches], { axis: 1 });
  return g.op('Add', [tokens, g.weight(`${name}.position_embedding`, [grid * grid + 1, hidden], 0.5)]);
}
