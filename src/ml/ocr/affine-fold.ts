// PP-LCNetV3 (the recogniser's backbone) follows nearly every convolution with a learnable affine
// pair, a scalar Mul and Add, before the activation and again after it:
//   Conv → Mul(s₁) → Add(b₁) → hard-swish → Mul(s₂) → Add(b₂) → Conv
// ONNX Runtime runs each as its own pass over the whole tensor (ADR 0077). Both pairs fold into the
// convolutions' constants, exactly:
// - before: s₁·(W∗x + B) + b₁ = (s₁W)∗x + (s₁B + b₁);
// - after: W∗(s₂h + b₂) = (s₂W)∗(h + b₂/s₂); when the next convolution has no padding the Add goes
//   too, into its bias (B + b₂·ΣW). With padding the Add stays (padding must stay the zero of s₂h + b₂).
// Like hard-swish.ts this works on the protobuf bytes and copies everything it does not touch; the
// weights it changes are rewritten as new Constant nodes. Pure, so it is tested in Node.
import { fields, Writer, type Field } from './hard-swish';

const MODEL_GRAPH = 7;
const GRAPH = { node: 1, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, t: 5, ints: 8, type: 20 } as const;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9 } as const;
const FLOAT_TYPE = 1;
const TENSOR_ATTRIBUTE = 4;

interface Node {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  /** A Constant's float tensor. */
  tensor?: { dims: number[]; data: Float32Array };
  pads?: number[];
  bytes: Uint8Array;
}

const decodeText = (buf: Uint8Array, f: Field) => new TextDecoder().decode(buf.subarray(f.value, f.end));

function readInts(buf: Uint8Array, f: Field, into: number[]): void {
  if (f.wire === 0) into.push(f.varint);
  else if (f.wire === 2) for (const v of fields(packedAsVarints(buf, f))) into.push(v.varint);
}

/** A packed run of varints, read as a message of field-0 varints (each prefixed by a zero key). */
function packedAsVarints(buf: Uint8Array, f: Field): Uint8Array {
  const out: number[] = [];
  let p = f.value;
  while (p < f.end) {
    out.push(0);
    for (;;) {
      const byte = buf[p++] ?? 0;
      out.push(byte);
      if (byte < 0x80) break;
    }
  }
  return Uint8Array.from(out);
}

function readTensor(buf: Uint8Array, from: number, to: number): Node['tensor'] {
  const dims: number[] = [];
  let type = 0;
  let data: Float32Array | undefined;
  const floats: number[] = [];
  for (const f of fields(buf, from, to)) {
    if (f.field === TENSOR.dims) readInts(buf, f, dims);
    else if (f.field === TENSOR.dataType) type = f.varint;
    else if (f.field === TENSOR.rawData) {
      const copy = buf.slice(f.value, f.end);
      data = new Float32Array(copy.buffer, 0, copy.length >> 2);
    } else if (f.field === TENSOR.floatData) {
      const view = new DataView(buf.buffer, buf.byteOffset);
      if (f.wire === 5) floats.push(view.getFloat32(f.value, true));
      else for (let p = f.value; p + 4 <= f.end; p += 4) floats.push(view.getFloat32(p, true));
    }
  }
  if (type !== FLOAT_TYPE) return undefined;
  return { dims, data: data ?? Float32Array.from(floats) };
}

function readNode(buf: Uint8Array, at: Field): Node {
  const node: Node = { op: '', name: '', inputs: [], outputs: [], bytes: buf.subarray(at.value, at.end) };
  for (const f of fields(buf, at.value, at.end)) {
    if (f.field === NODE.input) node.inputs.push(decodeText(buf, f));
    else if (f.field === NODE.output) node.outputs.push(decodeText(buf, f));
    else if (f.field === NODE.name) node.name = decodeText(buf, f);
    else if (f.field === NODE.opType) node.op = decodeText(buf, f);
    else if (f.field === NODE.attribute) {
      let name = '';
      let tensor: Node['tensor'];
      const ints: number[] = [];
      for (const a of fields(buf, f.value, f.end)) {
        if (a.field === ATTRIBUTE.name) name = decodeText(buf, a);
        else if (a.field === ATTRIBUTE.t) tensor = readTensor(buf, a.value, a.end);
        else if (a.field === ATTRIBUTE.ints) readInts(buf, a, ints);
      }
      if (name === 'value' && tensor) node.tensor = tensor;
      if (name === 'pads') node.pads = ints;
    }
  }
  return node;
}

/** The node's bytes with new inputs and outputs, every other field (attributes) copied. */
function rewire(node: Node, inputs: string[], outputs: string[]): Uint8Array {
  const w = new Writer();
  for (const input of inputs) w.string(NODE.input, input);
  for (const output of outputs) w.string(NODE.output, output);
  for (const f of fields(node.bytes)) {
    if (f.field !== NODE.input && f.field !== NODE.output) w.raw(node.bytes.subarray(f.start, f.end));
  }
  return w.result();
}

function constantNode(name: string, dims: readonly number[], data: Float32Array): Uint8Array {
  const t = new Writer();
  for (const d of dims) {
    t.varint(TENSOR.dims * 8);
    t.varint(d);
  }
  t.varint(TENSOR.dataType * 8);
  t.varint(FLOAT_TYPE);
  t.string(TENSOR.name, name);
  t.bytes(TENSOR.rawData, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  const a = new Writer();
  a.string(ATTRIBUTE.name, 'value');
  a.bytes(ATTRIBUTE.t, t.result());
  a.varint(ATTRIBUTE.type * 8);
  a.varint(TENSOR_ATTRIBUTE);
  const n = new Writer();
  n.string(NODE.output, name);
  n.string(NODE.name, name);
  n.string(NODE.opType, 'Constant');
  n.bytes(NODE.attribute, a.result());
  return n.result();
}

function rewriteGraph(buf: Uint8Array, graph: Field): { bytes: Uint8Array; count: number } {
  const all = [...fields(buf, graph.value, graph.end)];
  const nodes = all.filter((f) => f.field === GRAPH.node).map((f) => readNode(buf, f));
  const constants = new Map<string, Node>();
  const producer = new Map<string, Node>();
  const readers = new Map<string, Node[]>();
  for (const n of nodes) {
    for (const o of n.outputs) producer.set(o, n);
    if (n.op === 'Constant' && n.tensor && n.outputs[0] !== undefined) constants.set(n.outputs[0], n);
    for (const i of n.inputs) readers.set(i, [...(readers.get(i) ?? []), n]);
  }
  const graphOutputs = new Set<string>();
  for (const f of all) {
    if (f.field !== GRAPH.output) continue;
    const name = [...fields(buf, f.value, f.end)].find((x) => x.field === 1);
    if (name) graphOutputs.add(decodeText(buf, name));
  }
  /** The one node reading `name`, when nothing else (nor the graph's output) does. */
  const soleReader = (name: string | undefined) => {
    const r = name === undefined ? undefined : readers.get(name);
    return r?.length === 1 && name !== undefined && !graphOutputs.has(name) ? r[0] : undefined;
  };
  const scalar = (name: string | undefined) => {
    const data = name === undefined ? undefined : constants.get(name)?.tensor?.data;
    return data?.length === 1 ? data[0] : undefined;
  };
  /** A Mul or Add of one scalar constant and one computed value. */
  const affine = (n: Node | undefined, op: 'Mul' | 'Add') => {
    if (n?.op !== op || n.inputs.length !== 2 || n.outputs.length !== 1) return undefined;
    for (const k of [0, 1]) {
      const value = scalar(n.inputs[k]);
      const x = n.inputs[1 - k];
      if (value !== undefined && x !== undefined && !constants.has(x)) return { value, x, constantAt: k };
    }
    return undefined;
  };
  /** A constant read only by this Conv, so changing it changes nothing else. */
  const own = (name: string | undefined) =>
    name !== undefined && readers.get(name)?.length === 1 ? constants.get(name)?.tensor : undefined;

  const removed = new Set<Node>();
  const rewired = new Map<Node, { inputs: string[]; outputs: string[] }>();
  const values = new Map<string, { dims: number[]; data: Float32Array }>();
  const added: Uint8Array[] = [];
  /** Reads of each scalar constant that a fold took away (a constant left with none is dropped). */
  const consumed = new Map<string, number>();
  const consume = (node: Node, at: number) => {
    const name = node.inputs[at];
    if (name !== undefined) consumed.set(name, (consumed.get(name) ?? 0) + 1);
  };
  let count = 0;
  for (const conv of nodes) {
    if (conv.op !== 'Conv' || conv.inputs.length < 2 || conv.outputs.length !== 1) continue;
    const wName = conv.inputs[1];
    const weight = own(wName);
    const bName = conv.inputs[2];
    const bias = bName === undefined ? undefined : own(bName);
    const outChannels = weight?.dims[0];
    if (!weight || wName === undefined || outChannels === undefined) continue;
    if (bName !== undefined && bias?.data.length !== outChannels) continue;
    const w = values.get(wName)?.data ?? Float32Array.from(weight.data);
    const b =
      (bName === undefined ? undefined : values.get(bName)?.data) ??
      (bias ? Float32Array.from(bias.data) : new Float32Array(outChannels));
    const perChannel = w.length / outChannels;
    let inputs = [...conv.inputs];
    let outputs = [...conv.outputs];
    let changed = false;

    // After the activation: x → Mul(s₂) → Add(b₂) → this Conv.
    const add = producer.get(conv.inputs[0] ?? '');
    const shift = soleReader(add?.outputs[0]) === conv ? affine(add, 'Add') : undefined;
    const mul = shift ? producer.get(shift.x) : undefined;
    const scale = mul && soleReader(mul.outputs[0]) === add ? affine(mul, 'Mul') : undefined;
    if (add && shift && mul && scale && scale.value !== 0 && !removed.has(add)) {
      const unpadded = (conv.pads ?? []).every((p) => p === 0);
      for (let o = 0; o < outChannels; o++) {
        let sum = 0;
        for (let k = 0; k < perChannel; k++) {
          const at = o * perChannel + k;
          sum += w[at] ?? 0;
          w[at] = (w[at] ?? 0) * scale.value;
        }
        if (unpadded) b[o] = (b[o] ?? 0) + shift.value * sum;
      }
      removed.add(mul);
      consume(mul, scale.constantAt);
      consume(add, shift.constantAt);
      if (unpadded) {
        removed.add(add);
        inputs[0] = scale.x;
      } else {
        const name = `${add.outputs[0] ?? add.name}.folded_shift`;
        added.push(constantNode(name, [1], Float32Array.of(shift.value / scale.value)));
        const addInputs = [scale.x, scale.x];
        addInputs[shift.constantAt] = name;
        rewired.set(add, { inputs: addInputs, outputs: [...add.outputs] });
      }
      changed = true;
      count += 1;
    }

    // Before the activation: this Conv → Mul(s₁) → Add(b₁).
    const mul1 = soleReader(conv.outputs[0]);
    const scale1 = affine(mul1, 'Mul');
    const add1 = soleReader(mul1?.outputs[0]);
    const shift1 = affine(add1, 'Add');
    if (mul1 && scale1 && add1 && shift1 && shift1.x === mul1.outputs[0]) {
      for (let o = 0; o < outChannels; o++) {
        for (let k = 0; k < perChannel; k++)
          w[o * perChannel + k] = (w[o * perChannel + k] ?? 0) * scale1.value;
        b[o] = (b[o] ?? 0) * scale1.value + shift1.value;
      }
      removed.add(mul1);
      removed.add(add1);
      consume(mul1, scale1.constantAt);
      consume(add1, shift1.constantAt);
      outputs = [...add1.outputs];
      changed = true;
      count += 1;
    }
    if (!changed) continue;
    values.set(wName, { dims: weight.dims, data: w });
    const newBias = bName ?? `${conv.outputs[0] ?? conv.name}.folded_bias`;
    values.set(newBias, { dims: [outChannels], data: b });
    if (bName === undefined) inputs = [...inputs.slice(0, 2), newBias];
    rewired.set(conv, { inputs, outputs });
  }
  if (count === 0) return { bytes: buf.subarray(graph.value, graph.end), count };
  const w = new Writer();
  for (const bytes of added) w.bytes(GRAPH.node, bytes);
  for (const [name, value] of values) {
    if (!constants.has(name)) w.bytes(GRAPH.node, constantNode(name, value.dims, value.data));
  }
  let k = 0;
  for (const f of all) {
    if (f.field !== GRAPH.node) {
      w.raw(buf.subarray(f.start, f.end));
      continue;
    }
    const node = nodes[k++];
    const output = node?.outputs[0];
    if (!node || removed.has(node)) continue;
    if (output !== undefined && consumed.has(output) && consumed.get(output) === readers.get(output)?.length)
      continue;
    const value = node.op === 'Constant' && output !== undefined ? values.get(output) : undefined;
    const wiring = rewired.get(node);
    if (value && output !== undefined) w.bytes(GRAPH.node, constantNode(output, value.dims, value.data));
    else if (wiring) w.bytes(GRAPH.node, rewire(node, wiring.inputs, wiring.outputs));
    else w.bytes(GRAPH.node, node.bytes);
  }
  return { bytes: w.result(), count };
}

/**
 * The model with the scalar Mul → Add pairs next to its convolutions folded into their weights and
 * biases (see the top of this file); unchanged if there are none.
 */
export function foldAffine(model: Uint8Array): { model: Uint8Array; folded: number } {
  const top = [...fields(model)];
  const graph = top.find((f) => f.field === MODEL_GRAPH);
  if (!graph) throw new Error('This file is not an ONNX model: it has no graph.');
  const { bytes, count } = rewriteGraph(model, graph);
  if (count === 0) return { model, folded: 0 };
  const w = new Writer();
  for (const f of top) {
    if (f === graph) w.bytes(MODEL_GRAPH, bytes);
    else w.raw(model.subarray(f.start, f.end));
  }
  return { model: w.result(), folded: count };
}
