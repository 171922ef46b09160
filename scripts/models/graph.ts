// A small builder over the ONNX writer: named inputs/outputs, ops that return their output
// names, deduplicated constants and seeded random weights. Linear layers can be emitted as fp32
// MatMul or, with `quantize`, as the dynamic int8 pattern (DynamicQuantizeLinear + MatMulInteger)
// that onnxruntime fuses into DynamicQuantizeMatMul, as real `*_quantized.onnx` exports do.

import {
  DataType,
  encodeModel,
  type AttributeValue,
  type DataTypeCode,
  type Dim,
  type NodeProto,
  type TensorProto,
  type ValueInfo,
} from './onnx-proto';
import { Rng, seedFor } from './rng';

export const OPSET = 17;

export interface GraphOptions {
  name: string;
  seed: number;
  /** Emit linear layers with int8 weights (dynamic quantisation). */
  quantize?: boolean;
}

interface OpOptions {
  floatAttributes?: readonly string[];
  outputs?: number;
  domain?: string;
}

function bytesOf(a: Float32Array | BigInt64Array | Int8Array | Uint8Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export class GraphBuilder {
  readonly quantize: boolean;
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly constCache = new Map<string, string>();
  private readonly usedNames = new Set<string>();
  private counter = 0;

  constructor(private readonly options: GraphOptions) {
    this.quantize = options.quantize ?? false;
  }

  private fresh(base: string): string {
    let name = base;
    while (this.usedNames.has(name)) name = `${base}_${++this.counter}`;
    this.usedNames.add(name);
    return name;
  }

  input(name: string, elemType: DataTypeCode, shape: readonly Dim[]): string {
    this.usedNames.add(name);
    this.inputs.push({ name, elemType, shape });
    return name;
  }

  /** Declares a graph output; `value` is renamed through Identity when the names differ. */
  output(name: string, value: string, elemType: DataTypeCode, shape: readonly Dim[]): void {
    if (value !== name) this.op('Identity', [value], {}, { outputs: 1 }, name);
    this.outputs.push({ name, elemType, shape });
  }

  /** Adds a node and returns its (first) output name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    options: OpOptions = {},
    outputName?: string,
  ): string {
    return this.opMulti(opType, inputs, attributes, { ...options, outputs: 1 }, outputName)[0] ?? '';
  }

  opMulti(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    options: OpOptions = {},
    outputName?: string,
  ): string[] {
    const nodeName = this.fresh(`${opType}_${this.nodes.length}`);
    const count = options.outputs ?? 1;
    const outputs: string[] = [];
    for (let i = 0; i < count; i++) {
      outputs.push(outputName !== undefined && i === 0 ? outputName : this.fresh(`${nodeName}:${i}`));
    }
    if (outputName !== undefined) this.usedNames.add(outputName);
    this.nodes.push({
      opType,
      inputs,
      outputs,
      name: nodeName,
      attributes,
      ...(options.floatAttributes ? { floatAttributes: options.floatAttributes } : {}),
      ...(options.domain !== undefined ? { domain: options.domain } : {}),
    });
    return outputs;
  }

  private initializer(
    name: string,
    dataType: DataTypeCode,
    dims: readonly number[],
    data: Float32Array | BigInt64Array | Int8Array | Uint8Array | Int32Array,
  ): string {
    const unique = this.fresh(name);
    this.initializers.push({ name: unique, dataType, dims, raw: bytesOf(data) });
    return unique;
  }

  private cachedConst(key: string, make: () => string): string {
    const hit = this.constCache.get(key);
    if (hit !== undefined) return hit;
    const name = make();
    this.constCache.set(key, name);
    return name;
  }

  /** A float constant; scalars when dims is []. */
  constF(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.cachedConst(`f:${dims.join(',')}:${values.join(',')}`, () =>
      this.initializer('const_f', DataType.FLOAT, dims, Float32Array.from(values)),
    );
  }

  /** An int64 constant; scalars when dims is []. */
  constI64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.cachedConst(`i:${dims.join(',')}:${values.join(',')}`, () =>
      this.initializer('const_i64', DataType.INT64, dims, BigInt64Array.from(values.map(BigInt))),
    );
  }

  /** A float tensor with the given contents (large tables such as biases over a vocabulary). */
  tensor(name: string, dims: readonly number[], data: Float32Array): string {
    return this.initializer(name, DataType.FLOAT, dims, data);
  }

  /** A random-normal weight, seeded by the model seed and the weight's name. */
  weight(name: string, dims: readonly number[], std: number, mean = 0): string {
    return this.tensor(name, dims, this.randomValues(name, dims, std, mean));
  }

  randomValues(name: string, dims: readonly number[], std: number, mean = 0): Float32Array {
    const size = dims.reduce((a, b) => a * b, 1);
    return new Rng(seedFor(this.options.seed, name)).fillNormal(new Float32Array(size), std, mean);
  }

  /** A random int8 weight with its per-tensor scale, for quantised graphs. */
  private quantizedWeight(name: string, dims: readonly number[], std: number): { q: string; scale: string } {
    const values = this.randomValues(name, dims, std);
    let max = 0;
    for (const v of values) max = Math.max(max, Math.abs(v));
    const scale = max / 127 || 1;
    const q = new Int8Array(values.length);
    for (let i = 0; i < values.length; i++) q[i] = Math.round((values[i] ?? 0) / scale);
    return {
      q: this.initializer(`${name}_quantized`, DataType.INT8, dims, q),
      scale: this.initializer(`${name}_scale`, DataType.FLOAT, [], Float32Array.of(scale)),
    };
  }

  /** x @ W for a random [inDim, outDim] weight; int8 dynamic quantisation when enabled. */
  matmulWeight(x: string, name: string, inDim: number, outDim: number, std: number): string {
    if (!this.quantize) return this.op('MatMul', [x, this.weight(name, [inDim, outDim], std)]);
    const { q, scale } = this.quantizedWeight(name, [inDim, outDim], std);
    const zero = this.cachedConst('zp:int8', () =>
      this.initializer('zero_point_int8', DataType.INT8, [], Int8Array.of(0)),
    );
    const [xq, xScale, xZero] = this.opMulti('DynamicQuantizeLinear', [x], {}, { outputs: 3 });
    const product = this.op('MatMulInteger', [xq ?? '', q, xZero ?? '', zero]);
    const asFloat = this.op('Cast', [product], { to: DataType.FLOAT });
    return this.op('Mul', [asFloat, this.op('Mul', [xScale ?? '', scale])]);
  }

  /** An embedding table; stored as int8 + DequantizeLinear when quantising (size like real q8 files). */
  embeddingTable(name: string, dims: readonly number[], std: number): string {
    if (!this.quantize) return this.weight(name, dims, std);
    const { q, scale } = this.quantizedWeight(name, dims, std);
    return this.op('DequantizeLinear', [q, scale]);
  }

  encode(docString: string): Uint8Array {
    return encodeModel({
      producer: 'thinkbank-test-models',
      docString,
      opsets: [{ domain: '', version: OPSET }],
      graph: {
        name: this.options.name,
        nodes: this.nodes,
        initializers: this.initializers,
        inputs: this.inputs,
        outputs: this.outputs,
      },
    });
  }
}
