// Minimal ONNX protobuf writer. The generator only ever writes models (never reads them), and
// the subset of onnx.proto it needs is small, so a hand-written encoder keeps the project free of
// a protobuf toolchain while producing exactly the bytes `onnx.helper` would (field order fixed,
// hence byte-for-byte reproducible output).

/** ONNX TensorProto.DataType values used here. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export interface TensorProto {
  name: string;
  dataType: DataTypeCode;
  dims: readonly number[];
  /** Little-endian raw bytes, as ONNX stores them. */
  raw: Uint8Array;
}

export type Dim = number | string;

export interface ValueInfo {
  name: string;
  elemType: DataTypeCode;
  shape: readonly Dim[];
}

export type AttributeValue = number | readonly number[] | string | TensorProto | GraphProto;

export interface NodeProto {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  domain?: string;
  attributes?: Readonly<Record<string, AttributeValue>>;
  /** Attributes whose numeric values are floats, not ints (ONNX types them). */
  floatAttributes?: readonly string[];
}

export interface GraphProto {
  name: string;
  nodes: readonly NodeProto[];
  initializers: readonly TensorProto[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
}

export interface ModelProto {
  graph: GraphProto;
  opsets: readonly { domain: string; version: number }[];
  producer: string;
  docString?: string;
}

const enum Wire {
  Varint = 0,
  Fixed32 = 5,
  Bytes = 2,
}

/** Appends protobuf fields to a list of byte chunks; nested messages are encoded first. */
class Writer {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  private tag(field: number, wire: Wire): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): void {
    this.tag(field, Wire.Varint);
    this.varint(value);
  }

  float(field: number, value: number): void {
    this.tag(field, Wire.Fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, Wire.Bytes);
    this.varint(value.length);
    this.push(value);
  }

  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, write: (w: Writer) => void): void {
    const inner = new Writer();
    write(inner);
    this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

function writeTensor(w: Writer, t: TensorProto): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, t.raw);
}

function writeValueInfo(w: Writer, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) => {
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => {
            if (typeof d === 'number') dim.int(1, d);
            else dim.string(2, d);
          });
        }
      });
    });
  });
}

// AttributeProto.AttributeType
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_TENSOR = 4;
const ATTR_GRAPH = 5;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;

function writeAttribute(w: Writer, name: string, value: AttributeValue, isFloat: boolean): void {
  w.string(1, name);
  if (typeof value === 'number') {
    if (isFloat) w.float(2, value);
    else w.int(3, value);
    w.int(20, isFloat ? ATTR_FLOAT : ATTR_INT);
  } else if (typeof value === 'string') {
    w.string(4, value);
    w.int(20, ATTR_STRING);
  } else if (Array.isArray(value)) {
    const list = value as readonly number[];
    for (const v of list) {
      if (isFloat) w.float(7, v);
      else w.int(8, v);
    }
    w.int(20, isFloat ? ATTR_FLOATS : ATTR_INTS);
  } else if ('raw' in value) {
    w.message(5, (t) => {
      writeTensor(t, value);
    });
    w.int(20, ATTR_TENSOR);
  } else {
    w.message(6, (g) => {
      writeGraph(g, value as GraphProto);
    });
    w.int(20, ATTR_GRAPH);
  }
}

function writeNode(w: Writer, n: NodeProto): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const [key, value] of Object.entries(n.attributes ?? {})) {
    w.message(5, (a) => {
      writeAttribute(a, key, value, n.floatAttributes?.includes(key) ?? false);
    });
  }
  if (n.domain !== undefined) w.string(7, n.domain);
}

function writeGraph(w: Writer, g: GraphProto): void {
  for (const n of g.nodes) {
    w.message(1, (m) => {
      writeNode(m, n);
    });
  }
  w.string(2, g.name);
  for (const t of g.initializers) {
    w.message(5, (m) => {
      writeTensor(m, t);
    });
  }
  for (const v of g.inputs) {
    w.message(11, (m) => {
      writeValueInfo(m, v);
    });
  }
  for (const v of g.outputs) {
    w.message(12, (m) => {
      writeValueInfo(m, v);
    });
  }
}

/** IR version 8 pairs with opset 17, which every onnxruntime build we use supports. */
export const IR_VERSION = 8;

export function encodeModel(model: ModelProto): Uint8Array {
  const w = new Writer();
  w.int(1, IR_VERSION);
  w.string(2, model.producer);
  w.string(3, '1');
  if (model.docString !== undefined) w.string(6, model.docString);
  w.message(7, (g) => {
    writeGraph(g, model.graph);
  });
  for (const o of model.opsets) {
    w.message(8, (m) => {
      if (o.domain !== '') m.string(1, o.domain);
      m.int(2, o.version);
    });
  }
  return w.finish();
}
