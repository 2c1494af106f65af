import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import {
  BATCH_DIM,
  int64Model,
  linearRegression,
  linearRegressionReference,
  logisticRegression,
  logisticRegressionReference,
  mlp,
  mlpReference,
  randomDenseLayer,
  randomMatrix,
  seededRandom,
  twoOutputModel,
  type ElementType,
  type OnnxModel,
  type TensorSpec,
} from './index';

const TOLERANCE = 1e-5;
type Rows = number[][];

interface ModelCase {
  title: string;
  model: OnnxModel<unknown>;
  /** Input rows per input name; seeded by batch size so each run is reproducible. */
  inputs(batch: number): Record<string, Rows>;
  /** Expected outputs, flattened row-major, per output name. */
  reference(inputs: Record<string, Rows>): Record<string, number[]>;
}

const random = seededRandom(42);
const logistic = logisticRegression(randomDenseLayer(random, 4, 3));
const linear = linearRegression({ weights: randomMatrix(random, 1, 5)[0], bias: 0.25 });
const reluMlp = mlp({
  layers: [
    randomDenseLayer(random, 4, 8),
    randomDenseLayer(random, 8, 6),
    randomDenseLayer(random, 6, 3),
  ],
  activation: 'relu',
  output: 'softmax',
});
const tanhMlp = mlp({
  layers: [randomDenseLayer(random, 3, 5), randomDenseLayer(random, 5, 2)],
  activation: 'tanh',
  output: 'identity',
});

function floatRows(batch: number, features: number, seed = batch): Rows {
  return randomMatrix(seededRandom(seed), batch, features, 2);
}

const cases: ModelCase[] = [
  {
    title: 'logisticRegression',
    model: logistic,
    inputs: (batch) => ({ input: floatRows(batch, 4) }),
    reference: ({ input }) => {
      const { probabilities, label } = logisticRegressionReference(logistic.params, input);
      return { probabilities: probabilities.flat(), label };
    },
  },
  {
    title: 'linearRegression',
    model: linear,
    inputs: (batch) => ({ input: floatRows(batch, 5) }),
    reference: ({ input }) => ({
      prediction: linearRegressionReference(linear.params, input).flat(),
    }),
  },
  ...[reluMlp, tanhMlp].map((model) => ({
    title: `mlp (${model.params.activation}, ${model.params.output})`,
    model,
    inputs: (batch: number) => ({ input: floatRows(batch, model.params.layers[0].weights.length) }),
    reference: ({ input }: Record<string, Rows>) => ({
      output: mlpReference(model.params, input).flat(),
    }),
  })),
  {
    title: 'int64Model',
    model: int64Model({ length: 4 }),
    inputs: (batch) => ({
      ids: randomMatrix(seededRandom(batch), batch, 4).map((row) =>
        row.map((v) => Math.round(v * 1000)),
      ),
    }),
    reference: ({ ids }) => ({ total: ids.map((row) => row.reduce((sum, v) => sum + v, 0)) }),
  },
  {
    title: 'twoOutputModel',
    model: twoOutputModel({ features: 3 }),
    inputs: (batch) => ({ a: floatRows(batch, 3), b: floatRows(batch, 3, batch + 100) }),
    reference: ({ a, b }) => ({
      sum: a.flat().map((v, i) => v + b.flat()[i]),
      product: a.flat().map((v, i) => v * b.flat()[i]),
    }),
  },
];

describe.each(cases)('$title', ({ model, inputs, reference }) => {
  let session: InferenceSession;
  beforeAll(async () => {
    session = await InferenceSession.create(model.bytes);
  });
  afterAll(async () => {
    await session.release();
  });

  it('exposes its signature through onnxruntime metadata', () => {
    expect(session.inputNames).toEqual(model.inputs.map((spec) => spec.name));
    expect(session.outputNames).toEqual(model.outputs.map((spec) => spec.name));
    expect(session.inputMetadata).toEqual(model.inputs.map(ortMetadata));
    expect(session.outputMetadata).toEqual(model.outputs.map(ortMetadata));
    // Dynamic batching relies on every input and output keeping a symbolic first dimension.
    for (const meta of [...session.inputMetadata, ...session.outputMetadata]) {
      expect(meta.isTensor && meta.shape[0]).toBe(BATCH_DIM);
    }
  });

  it.each([1, 7])('matches the reference math with batch size %i', async (batch) => {
    const rows = inputs(batch);
    const feeds = Object.fromEntries(
      model.inputs.map((spec) => [spec.name, toTensor(spec, rows[spec.name])]),
    );
    const results = await session.run(feeds);
    const expected = reference(rows);
    for (const spec of model.outputs) {
      const tensor = results[spec.name];
      expect(tensor.dims).toEqual(spec.shape?.map((dim) => (dim === BATCH_DIM ? batch : dim)));
      expectClose(
        Array.from(tensor.data as ArrayLike<number | bigint>, Number),
        expected[spec.name],
      );
    }
  });
});

const ORT_TYPES: Partial<Record<ElementType, Tensor.Type>> = {
  FLOAT: 'float32',
  DOUBLE: 'float64',
  INT32: 'int32',
  INT64: 'int64',
  BOOL: 'bool',
};

/** What onnxruntime-node reports for a declared tensor: unknown dims become ''. */
function ortMetadata(spec: TensorSpec): InferenceSession.ValueMetadata {
  return {
    name: spec.name,
    isTensor: true,
    type: ortType(spec.type),
    shape: (spec.shape ?? []).map((d) => d ?? ''),
  };
}

function ortType(type: ElementType): Tensor.Type {
  const mapped = ORT_TYPES[type];
  if (!mapped) throw new Error(`no onnxruntime type for ${type} in this test`);
  return mapped;
}

function toTensor(spec: TensorSpec, rows: Rows): Tensor {
  const dims = [rows.length, rows[0].length];
  if (spec.type === 'INT64')
    return new Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), dims);
  return new Tensor('float32', Float32Array.from(rows.flat()), dims);
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(0, ...actual.map((value, i) => Math.abs(value - expected[i])));
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
}
