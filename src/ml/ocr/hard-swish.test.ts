import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { DataType, encodeModel, type NodeProto, type TensorProto } from '../../../scripts/models/onnx-proto';
import { fuseHardSwish } from './hard-swish';

const scalar = (name: string, value: number): TensorProto => ({
  name,
  dataType: DataType.FLOAT,
  dims: [],
  raw: new Uint8Array(new Float32Array([value]).buffer),
});
const constant = (output: string, value: number): NodeProto => ({
  opType: 'Constant',
  name: output,
  inputs: [],
  outputs: [output],
  attributes: { value: scalar(output, value) },
});

/** Paddle2ONNX's hard-swish of `x` into `out`, in opset 9 (Clip bounds as attributes) or 11 (inputs). */
function hardSwish(x: string, out: string, opset: 9 | 11): NodeProto[] {
  const clip: NodeProto =
    opset === 9
      ? {
          opType: 'Clip',
          name: `${out}.clip`,
          inputs: [`${out}.a`],
          outputs: [`${out}.c`],
          attributes: { min: 0, max: 6 },
          floatAttributes: ['min', 'max'],
        }
      : {
          opType: 'Clip',
          name: `${out}.clip`,
          inputs: [`${out}.a`, `${out}.lo`, `${out}.hi`],
          outputs: [`${out}.c`],
        };
  return [
    constant(`${out}.three`, 3),
    constant(`${out}.six`, 6),
    ...(opset === 11 ? [constant(`${out}.lo`, 0), constant(`${out}.hi`, 6)] : []),
    { opType: 'Add', name: `${out}.add`, inputs: [x, `${out}.three`], outputs: [`${out}.a`] },
    clip,
    { opType: 'Mul', name: `${out}.mul`, inputs: [x, `${out}.c`], outputs: [`${out}.m`] },
    { opType: 'Div', name: `${out}.div`, inputs: [`${out}.m`, `${out}.six`], outputs: [out] },
  ];
}

function model(nodes: NodeProto[], opset: 9 | 11): Uint8Array {
  return encodeModel({
    producer: 'hard-swish test',
    opsets: [{ domain: '', version: opset }],
    graph: {
      name: 'g',
      nodes,
      initializers: [],
      inputs: [{ name: 'x', elemType: DataType.FLOAT, shape: [2, 8] }],
      outputs: [{ name: 'y', elemType: DataType.FLOAT, shape: [2, 8] }],
    },
  });
}

async function run(bytes: Uint8Array, x: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ x: new ort.Tensor('float32', x, [2, 8]) });
  const y = out['y'];
  if (!(y?.data instanceof Float32Array)) throw new Error('no float output y');
  return y.data;
}

const x = Float32Array.from({ length: 16 }, (_, i) => (i - 8) * 0.9);

describe('fuseHardSwish', () => {
  it.each([9, 11] as const)(
    'rewrites opset %i hard-swishes into HardSigmoid and Mul with the same outputs',
    async (opset) => {
      const original = model(
        [
          ...hardSwish('x', 'h1', opset),
          { opType: 'Neg', name: 'neg', inputs: ['h1'], outputs: ['n'] },
          ...hardSwish('n', 'y', opset),
        ],
        opset,
      );
      const { model: fused, rewritten } = fuseHardSwish(original);
      expect(rewritten).toBe(2);
      const text = new TextDecoder().decode(fused);
      expect(text).toContain('HardSigmoid');
      expect(text).not.toContain('Clip');
      expect(text).not.toContain('.three');
      const [before, after] = [await run(original, x), await run(fused, x)];
      expect(Array.from(after)).toEqual(Array.from(before).map((v) => expect.closeTo(v, 5) as number));
    },
  );

  it('leaves a pattern alone when an intermediate value has another reader', async () => {
    const nodes = hardSwish('x', 'h', 9);
    const original = model(
      [...nodes, { opType: 'Add', name: 'extra', inputs: ['h', 'h.c'], outputs: ['y'] }],
      9,
    );
    const { model: same, rewritten } = fuseHardSwish(original);
    expect(rewritten).toBe(0);
    expect(same).toBe(original);
    expect((await run(same, x)).length).toBe(16);
  });

  it('refuses a file with no graph', () => {
    expect(() => fuseHardSwish(new Uint8Array([8, 1]))).toThrow(/no graph/);
  });
});
