// PP-OCRv4's graphs (Paddle2ONNX, opset 9 and 11) spell every hard-swish as four element-wise ops,
// x · clip(x + 3, 0, 6) / 6: Add → Clip → Mul → Div. ONNX Runtime fuses none of them, and on the
// recogniser's wide line batches those passes over memory cost more than the convolutions (ADR 0077).
// This rewrites each into HardSigmoid(x; α = 1/6, β = 1/2) → Mul(x, ·) — the same function, two passes,
// both ops of opset 6 — working on the protobuf bytes directly: a model is a handful of nested messages,
// and every field it does not touch is copied byte for byte. Pure, so it is tested in Node.

export interface Field {
  field: number;
  wire: number;
  /** Where the field's key starts, where its value starts, and where it ends. */
  start: number;
  value: number;
  end: number;
  varint: number;
}

export function* fields(buf: Uint8Array, from = 0, to = buf.length): Generator<Field> {
  let p = from;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = buf[p++];
      if (byte === undefined) throw new Error('A model file ends inside a number.');
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
  };
  while (p < to) {
    const start = p;
    const key = varint();
    const wire = key & 7;
    const field = Math.floor(key / 8);
    if (wire === 0) {
      const value = p;
      const n = varint();
      yield { field, wire, start, value, end: p, varint: n };
    } else if (wire === 2) {
      const length = varint();
      yield { field, wire, start, value: p, end: p + length, varint: length };
      p += length;
    } else if (wire === 5 || wire === 1) {
      const size = wire === 5 ? 4 : 8;
      yield { field, wire, start, value: p, end: p + size, varint: 0 };
      p += size;
    } else {
      throw new Error(`A model file has a field of unknown wire type ${String(wire)}.`);
    }
  }
  if (p !== to) throw new Error('A model file has a field that runs past its message.');
}

/** Collects a message as chunks (big fields are views into the source, never copied byte by byte). */
export class Writer {
  readonly #chunks: Uint8Array[] = [];
  #size = 0;
  #push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
  }
  /** Bytes already encoded (a field copied whole). */
  raw(chunk: Uint8Array): void {
    this.#push(chunk);
  }
  varint(n: number): void {
    const out: number[] = [];
    let v = n;
    while (v >= 0x80) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    this.#push(Uint8Array.from(out));
  }
  bytes(field: number, data: Uint8Array): void {
    this.varint(field * 8 + 2);
    this.varint(data.length);
    this.#push(data);
  }
  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }
  float(field: number, x: number): void {
    this.varint(field * 8 + 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, x, true);
    this.#push(b);
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

// Field numbers of onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH = { node: 1, initializer: 5, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, f: 2, t: 5, type: 20 } as const;
const TENSOR = { dataType: 2, floatData: 4, name: 8, rawData: 9 } as const;
const FLOAT_TYPE = 1;

interface Node {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  /** Float attributes and scalar tensor attributes (a Constant's value). */
  numbers: Map<string, number>;
  /** The node's own bytes, for copying it unchanged. */
  bytes: Uint8Array;
}

const text = (buf: Uint8Array, f: Field) => new TextDecoder().decode(buf.subarray(f.value, f.end));
const float32 = (buf: Uint8Array, at: number) =>
  new DataView(buf.buffer, buf.byteOffset + at, 4).getFloat32(0, true);

/** The value of a one-element float tensor, else undefined. */
function scalarTensor(
  buf: Uint8Array,
  from: number,
  to: number,
): { name: string; value: number | undefined } {
  let name = '';
  let type = 0;
  const values: number[] = [];
  for (const f of fields(buf, from, to)) {
    if (f.field === TENSOR.name) name = text(buf, f);
    else if (f.field === TENSOR.dataType) type = f.varint;
    else if (f.field === TENSOR.rawData && f.end - f.value === 4) values.push(float32(buf, f.value));
    else if (f.field === TENSOR.floatData && f.wire === 5) values.push(float32(buf, f.value));
    else if (f.field === TENSOR.floatData && f.wire === 2 && f.end - f.value === 4)
      values.push(float32(buf, f.value));
  }
  return { name, value: type === FLOAT_TYPE && values.length === 1 ? values[0] : undefined };
}

function readNode(buf: Uint8Array, at: Field): Node {
  const node: Node = {
    op: '',
    name: '',
    inputs: [],
    outputs: [],
    numbers: new Map(),
    bytes: buf.subarray(at.value, at.end),
  };
  for (const f of fields(buf, at.value, at.end)) {
    if (f.field === NODE.input) node.inputs.push(text(buf, f));
    else if (f.field === NODE.output) node.outputs.push(text(buf, f));
    else if (f.field === NODE.name) node.name = text(buf, f);
    else if (f.field === NODE.opType) node.op = text(buf, f);
    else if (f.field === NODE.attribute) {
      let name = '';
      let value: number | undefined;
      for (const a of fields(buf, f.value, f.end)) {
        if (a.field === ATTRIBUTE.name) name = text(buf, a);
        else if (a.field === ATTRIBUTE.f) value = float32(buf, a.value);
        else if (a.field === ATTRIBUTE.t) value = scalarTensor(buf, a.value, a.end).value;
      }
      if (value !== undefined) node.numbers.set(name, value);
    }
  }
  return node;
}

function writeNode(node: {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  floats?: Record<string, number>;
}): Uint8Array {
  const w = new Writer();
  for (const input of node.inputs) w.string(NODE.input, input);
  for (const output of node.outputs) w.string(NODE.output, output);
  w.string(NODE.name, node.name);
  w.string(NODE.opType, node.op);
  for (const [name, value] of Object.entries(node.floats ?? {})) {
    const a = new Writer();
    a.string(ATTRIBUTE.name, name);
    a.float(ATTRIBUTE.f, value);
    a.varint(ATTRIBUTE.type * 8);
    a.varint(FLOAT_TYPE);
    w.bytes(NODE.attribute, a.result());
  }
  return w.result();
}

/** Rewrites one graph's hard-swishes; answers the graph's new bytes and how many were rewritten. */
function rewriteGraph(buf: Uint8Array, graph: Field): { bytes: Uint8Array; count: number } {
  const all = [...fields(buf, graph.value, graph.end)];
  const nodes = all.filter((f) => f.field === GRAPH.node).map((f) => readNode(buf, f));
  const constants = new Map<string, number>();
  for (const f of all) {
    if (f.field !== GRAPH.initializer) continue;
    const { name, value } = scalarTensor(buf, f.value, f.end);
    if (value !== undefined) constants.set(name, value);
  }
  for (const n of nodes) {
    const value = n.numbers.get('value');
    if (n.op === 'Constant' && value !== undefined && n.outputs[0] !== undefined)
      constants.set(n.outputs[0], value);
  }
  const producer = new Map<string, Node>();
  const uses = new Map<string, number>();
  for (const n of nodes) {
    for (const o of n.outputs) producer.set(o, n);
    for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  }
  for (const f of all) {
    if (f.field !== GRAPH.output) continue;
    const name = [...fields(buf, f.value, f.end)].find((x) => x.field === 1);
    if (name) uses.set(text(buf, name), Number.POSITIVE_INFINITY);
  }
  const is = (name: string | undefined, value: number) => name !== undefined && constants.get(name) === value;
  const only = (name: string | undefined, op: string) => {
    const n = name === undefined ? undefined : producer.get(name);
    return n?.op === op && uses.get(name ?? '') === 1 ? n : undefined;
  };
  const replaced = new Map<Node, Uint8Array[]>();
  let count = 0;
  for (const div of nodes) {
    if (div.op !== 'Div' || !is(div.inputs[1], 6)) continue;
    const mul = only(div.inputs[0], 'Mul');
    if (mul?.inputs.length !== 2) continue;
    const clipAt = mul.inputs.findIndex((i) => only(i, 'Clip'));
    const clip = only(mul.inputs[clipAt], 'Clip');
    const x = mul.inputs[1 - clipAt];
    const add = only(clip?.inputs[0], 'Add');
    if (!clip || !add || x === undefined || add.inputs.length !== 2) continue;
    if (!((add.inputs[0] === x && is(add.inputs[1], 3)) || (add.inputs[1] === x && is(add.inputs[0], 3))))
      continue;
    const range =
      clip.inputs.length === 3
        ? is(clip.inputs[1], 0) && is(clip.inputs[2], 6)
        : clip.numbers.get('min') === 0 && clip.numbers.get('max') === 6;
    const gate = clip.outputs[0];
    const out = div.outputs[0];
    if (!range || gate === undefined || out === undefined) continue;
    replaced.set(add, []);
    replaced.set(clip, [
      writeNode({
        op: 'HardSigmoid',
        name: clip.name,
        inputs: [x],
        outputs: [gate],
        floats: { alpha: 1 / 6, beta: 0.5 },
      }),
    ]);
    replaced.set(mul, []);
    replaced.set(div, [writeNode({ op: 'Mul', name: div.name, inputs: [x, gate], outputs: [out] })]);
    for (const name of [...add.inputs, ...clip.inputs.slice(1), ...div.inputs.slice(1)]) {
      uses.set(name, (uses.get(name) ?? 0) - 1);
    }
    count += 1;
  }
  // The constants 3 and 6 (and Clip's bounds in opset 11) are left without a reader: drop them.
  for (const n of nodes) {
    if (n.op === 'Constant' && n.outputs.every((o) => (uses.get(o) ?? 0) <= 0)) replaced.set(n, []);
  }
  const w = new Writer();
  let k = 0;
  for (const f of all) {
    if (f.field === GRAPH.node) {
      const node = nodes[k++];
      for (const bytes of (node && replaced.get(node)) ?? [node?.bytes ?? new Uint8Array()]) {
        w.bytes(GRAPH.node, bytes);
      }
    } else {
      w.raw(buf.subarray(f.start, f.end));
    }
  }
  return { bytes: w.result(), count };
}

/** The model with every Add → Clip(0, 6) → Mul → Div(6) hard-swish rewritten; unchanged if none. */
export function fuseHardSwish(model: Uint8Array): { model: Uint8Array; rewritten: number } {
  const top = [...fields(model)];
  const graph = top.find((f) => f.field === MODEL_GRAPH);
  if (!graph) throw new Error('This file is not an ONNX model: it has no graph.');
  const { bytes, count } = rewriteGraph(model, graph);
  if (count === 0) return { model, rewritten: 0 };
  const w = new Writer();
  for (const f of top) {
    if (f === graph) w.bytes(MODEL_GRAPH, bytes);
    else w.raw(model.subarray(f.start, f.end));
  }
  return { model: w.result(), rewritten: count };
}
