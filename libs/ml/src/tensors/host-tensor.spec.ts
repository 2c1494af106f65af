import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { OnnxGraphBuilder, type ElementType } from '../onnx';
import {
  UnsupportedModelError,
  fromOrtTensor,
  hostTensor,
  runOrtSession,
  signatureFromSession,
  toOrtTensor,
  type HostTensor,
  type TensorDataType,
} from './index';

/** One sample tensor per OIP datatype, with the ONNX element type that carries it. */
const samples: [ElementType, HostTensor][] = [
  ['BOOL', { datatype: 'BOOL', shape: [3], data: Uint8Array.from([1, 0, 1]) }],
  ['UINT8', { datatype: 'UINT8', shape: [2], data: Uint8Array.from([0, 255]) }],
  ['UINT16', { datatype: 'UINT16', shape: [2], data: Uint16Array.from([1, 65535]) }],
  ['UINT32', { datatype: 'UINT32', shape: [2], data: Uint32Array.from([1, 2 ** 32 - 1]) }],
  ['UINT64', { datatype: 'UINT64', shape: [2], data: BigUint64Array.from([0n, 2n ** 64n - 1n]) }],
  ['INT8', { datatype: 'INT8', shape: [2], data: Int8Array.from([-128, 127]) }],
  ['INT16', { datatype: 'INT16', shape: [2], data: Int16Array.from([-32768, 7]) }],
  ['INT32', { datatype: 'INT32', shape: [2], data: Int32Array.from([-(2 ** 31), 9]) }],
  ['INT64', { datatype: 'INT64', shape: [2], data: BigInt64Array.from([-(2n ** 63n), 2n ** 62n]) }],
  ['FLOAT', { datatype: 'FP32', shape: [4], data: Float32Array.from([0.5, -1, 3, 4]) }],
  ['DOUBLE', { datatype: 'FP64', shape: [1], data: Float64Array.from([0.1]) }],
  ['STRING', { datatype: 'BYTES', shape: [2], data: ['héllo', ''] }],
];

/** Identity for every sample: input `in_<datatype>` → output `out_<datatype>`. */
function identityZoo(): Uint8Array {
  const g = new OnnxGraphBuilder({ graphName: 'identity_zoo' });
  for (const [type, { datatype }] of samples) {
    const input = g.input({ name: `in_${datatype}`, type, shape: ['batch'] });
    g.output({ name: `out_${datatype}`, type, shape: ['batch'] }, input);
  }
  // Unknown and fixed dims, and an unknown rank (which onnxruntime reports like a scalar).
  const odd = g.input({ name: 'odd', type: 'FLOAT', shape: [null, 2, 'n'] });
  g.output({ name: 'odd_out', type: 'FLOAT', shape: [null, 2, 'n'] }, odd);
  g.output({ name: 'any_out', type: 'FLOAT' }, g.input({ name: 'any', type: 'FLOAT' }));
  return g.toBytes();
}

describe('signatureFromSession and host tensors', () => {
  let session: InferenceSession;
  beforeAll(async () => {
    session = await InferenceSession.create(identityZoo());
  });
  afterAll(() => session.release());

  it('maps every onnxruntime type to its OIP name, and dims to numbers or null', () => {
    const sig = signatureFromSession(session);
    const expected = samples.map(([, { datatype }]) => datatype);
    expect(sig.inputs.slice(0, -2).map((spec) => spec.datatype)).toEqual(expected);
    expect(sig.inputs[0]).toEqual({ name: 'in_BOOL', datatype: 'BOOL', shape: [null] });
    expect(sig.inputs.slice(-2)).toEqual([
      { name: 'odd', datatype: 'FP32', shape: [null, 2, null] },
      { name: 'any', datatype: 'FP32', shape: null },
    ]);
  });

  it('round-trips every datatype through onnxruntime unchanged', async () => {
    const inputs = Object.fromEntries(samples.map(([, t]) => [`in_${t.datatype}`, t]));
    inputs.odd = { datatype: 'FP32', shape: [1, 2, 1], data: Float32Array.from([1, 2]) };
    inputs.any = { datatype: 'FP32', shape: [], data: Float32Array.from([5]) };
    const outputs = await runOrtSession(session, inputs);
    for (const [, t] of samples) expect(outputs[`out_${t.datatype}`]).toEqual(t);
    expect(outputs.odd_out.shape).toEqual([1, 2, 1]);
    expect(outputs.any_out).toEqual(inputs.any);
  });

  it('refuses models with types OIP cannot carry', async () => {
    const g = new OnnxGraphBuilder();
    g.output(
      { name: 'y', type: 'FLOAT16', shape: [2] },
      g.input({ name: 'x', type: 'FLOAT16', shape: [2] }),
    );
    const half = await InferenceSession.create(g.toBytes());
    expect(() => signatureFromSession(half)).toThrow(UnsupportedModelError);
    expect(() => signatureFromSession(half)).toThrow("model input 'x' has type 'float16'");
    await half.release();
  });
});

describe('toOrtTensor / fromOrtTensor / hostTensor', () => {
  it.each(samples)('shares %s data with onnxruntime without copying', (_, t) => {
    const ort = toOrtTensor(t);
    expect(ort.data).toBe(t.data);
    expect(fromOrtTensor(ort)).toEqual(t);
  });

  it('refuses data of the wrong class or length', () => {
    const bad: HostTensor = { datatype: 'FP32', shape: [3], data: Float32Array.from([1, 2]) };
    expect(() => toOrtTensor(bad)).toThrow('FP32 tensor of shape [3] needs 3 values, has 2');
    expect(() => hostTensor('INT64', [1], Int32Array.from([1]))).toThrow(
      'INT64 data must be a BigInt64Array, got Int32Array',
    );
    expect(() => hostTensor('BYTES', [1], [1])).toThrow('BYTES data must be an array of strings');
    const half = new Tensor('float16', Uint16Array.from([0]), [1]);
    expect(() => fromOrtTensor(half)).toThrow("type 'float16' has no Open Inference Protocol");
  });

  it('tells datatypes apart by array class, not by realm', () => {
    const types: TensorDataType[] = ['UINT8', 'BOOL'];
    for (const datatype of types) {
      expect(hostTensor(datatype, [1], new Uint8Array(1)).datatype).toBe(datatype);
    }
  });
});
