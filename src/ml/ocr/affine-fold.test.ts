import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { DataType, encodeModel, type NodeProto, type TensorProto } from '../../../scripts/models/onnx-proto';
import { foldAffine } from './affine-fold';

const tensor = (name: string, dims: number[], values: number[]): TensorProto => ({
  name,
  dataType: DataType.FLOAT,
  dims,
  raw: new Uint8Array(new Float32Array(values).buffer),
});
const constant = (output: string, dims: number[], values: number[]): NodeProto => ({
  opType: 'Constant',
  name: output,
  inputs: [],
  outputs: [output],
  attributes: { value: tensor(output, dims, values) },
});
const ramp = (n: number, step: number, from = 0) => Array.from({ length: n }, (_, i) => from + i * step);

/** Conv(pad) → Mul → Add → Relu → Mul → Add → Conv(pad or not): PP-LCNetV3's blocks in small. */
function model(secondPads: number): Uint8Array {
  const nodes: NodeProto[] = [
    constant('w1', [2, 1, 3, 3], ramp(18, 0.05, -0.4)),
    constant('b1', [2], [0.1, -0.2]),
    constant('s1', [1], [1.7]),
    constant('t1', [1], [0.3]),
    constant('s2', [1], [0.6]),
    constant('t2', [1], [-0.25]),
    constant('w2', [3, 2, 3, 3], ramp(54, 0.01, -0.2)),
    {
      opType: 'Conv',
      name: 'c1',
      inputs: ['x', 'w1', 'b1'],
      outputs: ['y1'],
      attributes: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] },
    },
    { opType: 'Mul', name: 'm1', inputs: ['s1', 'y1'], outputs: ['a1'] },
    { opType: 'Add', name: 'a1', inputs: ['a1', 't1'], outputs: ['z1'] },
    { opType: 'Relu', name: 'r', inputs: ['z1'], outputs: ['h'] },
    { opType: 'Mul', name: 'm2', inputs: ['s2', 'h'], outputs: ['a2'] },
    { opType: 'Add', name: 'a2', inputs: ['a2', 't2'], outputs: ['z2'] },
    {
      opType: 'Conv',
      name: 'c2',
      inputs: ['z2', 'w2'],
      outputs: ['y'],
      attributes: { kernel_shape: [3, 3], pads: [secondPads, secondPads, secondPads, secondPads] },
    },
  ];
  const side = 6 - 2 + 2 * secondPads;
  return encodeModel({
    producer: 'affine-fold test',
    opsets: [{ domain: '', version: 11 }],
    graph: {
      name: 'g',
      nodes,
      initializers: [],
      inputs: [{ name: 'x', elemType: DataType.FLOAT, shape: [1, 1, 6, 6] }],
      outputs: [{ name: 'y', elemType: DataType.FLOAT, shape: [1, 3, side, side] }],
    },
  });
}

async function run(bytes: Uint8Array): Promise<number[]> {
  const session = await ort.InferenceSession.create(bytes);
  const x = Float32Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.3) * 2);
  const out = await session.run({ x: new ort.Tensor('float32', x, [1, 1, 6, 6]) });
  const y = out['y'];
  if (!(y?.data instanceof Float32Array)) throw new Error('no float output y');
  return Array.from(y.data);
}

const ops = (bytes: Uint8Array) => (new TextDecoder().decode(bytes).match(/\b(Mul|Add)\b/g) ?? []).length;

describe('foldAffine', () => {
  it('folds both pairs into an unpadded next convolution, with the same outputs', async () => {
    const original = model(0);
    const { model: folded, folded: count } = foldAffine(original);
    expect(count).toBe(2);
    expect(ops(original)).toBe(4);
    expect(ops(folded)).toBe(0);
    const before = await run(original);
    expect(await run(folded)).toEqual(before.map((v) => expect.closeTo(v, 5) as number));
  });

  it('keeps one Add before a padded convolution, so its zero padding stays exact', async () => {
    const original = model(1);
    const { model: folded, folded: count } = foldAffine(original);
    expect(count).toBe(2);
    expect(ops(folded)).toBe(1);
    const before = await run(original);
    expect(await run(folded)).toEqual(before.map((v) => expect.closeTo(v, 5) as number));
  });

  it('leaves a pair alone when the convolution output has another reader', () => {
    const bytes = encodeModel({
      producer: 'affine-fold test',
      opsets: [{ domain: '', version: 11 }],
      graph: {
        name: 'g',
        nodes: [
          constant('w', [1, 1, 1, 1], [2]),
          constant('s', [1], [3]),
          constant('t', [1], [1]),
          {
            opType: 'Conv',
            name: 'c',
            inputs: ['x', 'w'],
            outputs: ['c'],
            attributes: { kernel_shape: [1, 1] },
          },
          { opType: 'Mul', name: 'm', inputs: ['c', 's'], outputs: ['m'] },
          { opType: 'Add', name: 'a', inputs: ['m', 't'], outputs: ['a'] },
          { opType: 'Add', name: 'y', inputs: ['a', 'c'], outputs: ['y'] },
        ],
        initializers: [],
        inputs: [{ name: 'x', elemType: DataType.FLOAT, shape: [1, 1, 6, 6] }],
        outputs: [{ name: 'y', elemType: DataType.FLOAT, shape: [1, 1, 6, 6] }],
      },
    });
    const { model: same, folded } = foldAffine(bytes);
    expect(folded).toBe(0);
    expect(same).toBe(bytes);
  });

  it('refuses a file with no graph', () => {
    expect(() => foldAffine(new Uint8Array([8, 1]))).toThrow(/no graph/);
  });
});
