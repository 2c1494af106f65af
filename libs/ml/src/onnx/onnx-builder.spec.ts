import { describe, expect, it } from '@jest/globals';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { DEFAULT_OPSET, IR_VERSION, OnnxGraphBuilder } from './onnx-builder';

describe('OnnxGraphBuilder', () => {
  it('declares element types and dims the way onnxruntime-node reports them', async () => {
    const g = new OnnxGraphBuilder();
    const x = g.input({ name: 'x', type: 'DOUBLE', shape: ['batch', null] });
    const n = g.input({ name: 'n', type: 'INT32', shape: ['batch', 2] });
    const flag = g.input({ name: 'flag', type: 'BOOL' });
    g.output({ name: 'x_out', type: 'DOUBLE', shape: ['batch', null] }, x);
    g.output({ name: 'n_out', type: 'INT32', shape: ['batch', 2] }, n);
    g.output({ name: 'flag_out', type: 'BOOL' }, g.node('Not', [flag]));
    const session = await InferenceSession.create(g.toBytes());

    // An unknown dim comes back as '', and an unknown rank as [] (the same as a scalar).
    expect(session.inputMetadata).toEqual([
      { name: 'x', isTensor: true, type: 'float64', shape: ['batch', ''] },
      { name: 'n', isTensor: true, type: 'int32', shape: ['batch', 2] },
      { name: 'flag', isTensor: true, type: 'bool', shape: [] },
    ]);
    const out = await session.run({
      x: new Tensor('float64', Float64Array.from([1.5, -2]), [1, 2]),
      n: new Tensor('int32', Int32Array.from([7, 8, 9, 10]), [2, 2]),
      flag: new Tensor('bool', Uint8Array.from([1, 0, 1]), [3]),
    });
    expect(Array.from(out.x_out.data as Float64Array)).toEqual([1.5, -2]);
    expect(Array.from(out.n_out.data as Int32Array)).toEqual([7, 8, 9, 10]);
    expect(Array.from(out.flag_out.data as Uint8Array)).toEqual([0, 1, 0]);
    await session.release();
  });

  it('encodes the model header, initializers and typed attributes', () => {
    const g = new OnnxGraphBuilder({ graphName: 'leaky', opset: 18 });
    const x = g.input({ name: 'x', type: 'FLOAT', shape: ['batch', 2] });
    g.initializer({ name: 'unused_ids', type: 'INT64', dims: [2], values: [3, 4] });
    const y = g.node('LeakyRelu', [x], { attributes: { alpha: { float: 0.5 } } });
    g.output({ name: 'y', type: 'FLOAT', shape: ['batch', 2] }, y);
    const model = onnx.ModelProto.decode(g.toBytes());
    const graph = present(model.graph);
    const leaky = present(graph.node?.[0]);

    expect(IR_VERSION).toBe(8);
    expect(DEFAULT_OPSET).toBe(17);
    expect(Number(model.irVersion)).toBe(IR_VERSION);
    expect(Number(model.opsetImport[0].version)).toBe(18);
    expect(present(graph.initializer?.[0].int64Data).map(Number)).toEqual([3, 4]);
    expect(leaky.attribute?.[0]).toMatchObject({ name: 'alpha', f: 0.5 });
    expect(leaky.attribute?.[0].type).toBe(onnx.AttributeProto.AttributeType.FLOAT);
  });

  it('rejects graphs that onnxruntime would refuse, with a clear message', () => {
    const g = new OnnxGraphBuilder();
    const x = g.input({ name: 'x', type: 'FLOAT', shape: ['batch', 2] });
    expect(() => g.input({ name: 'x', type: 'FLOAT' })).toThrow("tensor name 'x' is already used");
    expect(() => g.node('Relu', ['missing'])).toThrow("Relu: input 'missing' is not defined yet");
    expect(() =>
      g.initializer({ name: 'w', type: 'FLOAT', dims: [2, 2], values: [1, 2, 3] }),
    ).toThrow('3 values for dims [2, 2]');
    expect(() => g.initializer({ name: 'i', type: 'INT64', dims: [1], values: [0.5] })).toThrow(
      'must be safe integers',
    );
    expect(() => g.input({ name: 'bad', type: 'FLOAT', shape: [-1] })).toThrow(
      'invalid dimension -1',
    );
    expect(() => g.input({ name: 'bad', type: 'FLOAT', shape: [''] })).toThrow(
      'invalid dimension ""',
    );
    expect(() => g.output({ name: 'y', type: 'FLOAT' })).toThrow("output 'y' is never produced");
    expect(() => g.build()).toThrow('a graph needs at least one output');
    g.output({ name: 'y', type: 'FLOAT', shape: ['batch', 2] }, g.node('Relu', [x]));
    expect(() => g.build()).not.toThrow();
  });
});

function present<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}
