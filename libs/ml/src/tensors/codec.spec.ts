import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InferenceSession } from 'onnxruntime-node';
import {
  int64Model,
  logisticRegression,
  logisticRegressionReference,
  randomDenseLayer,
  randomMatrix,
  seededRandom,
  twoOutputModel,
} from '../onnx';
import {
  decodeNamedInputs,
  decodeOipRequestInputs,
  encodeOipOutput,
  runOrtSession,
  signatureFromSession,
  toNestedArray,
  type HostTensor,
  type ModelSignature,
} from './index';

// decode → onnxruntime → encode, checked against the float64 reference math.
const TOLERANCE = 1e-5;
const logistic = logisticRegression(randomDenseLayer(seededRandom(7), 4, 3));
const rows = randomMatrix(seededRandom(8), 5, 4, 2);

async function open(
  bytes: Uint8Array,
): Promise<{ session: InferenceSession; sig: ModelSignature }> {
  const session = await InferenceSession.create(bytes);
  return { session, sig: signatureFromSession(session) };
}

function expectClose(actual: readonly (number | boolean | string)[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) =>
    expect(Math.abs(Number(value) - expected[i])).toBeLessThan(TOLERANCE),
  );
}

describe('logistic regression through the codec', () => {
  let session: InferenceSession;
  let sig: ModelSignature;
  beforeAll(async () => ({ session, sig } = await open(logistic.bytes)));
  afterAll(() => session.release());
  const reference = logisticRegressionReference(logistic.params, rows);

  it('maps the session signature to OIP names with a dynamic batch dim', () => {
    expect(sig).toEqual({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [null, 4] }],
      outputs: [
        { name: 'probabilities', datatype: 'FP32', shape: [null, 3] },
        { name: 'label', datatype: 'INT64', shape: [null] },
      ],
    });
  });

  it.each([
    ['flat', rows.flat()],
    ['nested', rows],
  ])('serves an OIP request with %s data', async (_, data) => {
    const inputs = decodeOipRequestInputs(
      [{ name: 'input', datatype: 'FP32', shape: [5, 4], data }],
      sig,
    );
    expect(inputs.input.data).toBeInstanceOf(Float32Array);
    const outputs = await runOrtSession(session, inputs);
    const probabilities = encodeOipOutput('probabilities', outputs.probabilities);
    const label = encodeOipOutput('label', outputs.label);
    expect(probabilities).toMatchObject({ name: 'probabilities', datatype: 'FP32', shape: [5, 3] });
    expectClose(probabilities.data, reference.probabilities.flat());
    expect(label).toEqual({ name: 'label', datatype: 'INT64', shape: [5], data: reference.label });
    expect(JSON.parse(JSON.stringify(label))).toEqual(label); // plain JSON, no BigInt left
  });

  it.each([
    ['inputs', { inputs: { input: rows } }],
    ['rows', { rows }],
  ])('serves a simple API request given as %s', async (_, body) => {
    const outputs = await runOrtSession(session, decodeNamedInputs(body, sig));
    const probabilities = toNestedArray(outputs.probabilities) as number[][];
    expect(probabilities).toHaveLength(5);
    expectClose(probabilities.flat(), reference.probabilities.flat());
    expect(toNestedArray(outputs.label)).toEqual(reference.label);
  });
});

describe('int64 model through the codec', () => {
  let session: InferenceSession;
  let sig: ModelSignature;
  beforeAll(async () => ({ session, sig } = await open(int64Model({ length: 4 }).bytes)));
  afterAll(() => session.release());
  // Large enough that float32 sums stay exact, and negative values included.
  const ids = [
    [1, 2, 3, 4],
    [-1000, 250, 9, 0],
    [2 ** 20, 5, -7, 11],
  ];
  const totals = ids.map((row) => row.reduce((sum, v) => sum + v, 0));

  it('decodes JSON numbers into a BigInt64Array and sums the rows', async () => {
    const inputs = decodeOipRequestInputs(
      [{ name: 'ids', datatype: 'INT64', shape: [3, 4], data: ids.flat() }],
      sig,
    );
    expect(inputs.ids.data).toEqual(BigInt64Array.from(ids.flat(), BigInt));
    const outputs = await runOrtSession(session, inputs);
    expect(encodeOipOutput('total', outputs.total)).toEqual({
      name: 'total',
      datatype: 'FP32',
      shape: [3],
      data: totals,
    });
  });

  it('takes the datatype from the signature in the simple API', async () => {
    const inputs = decodeNamedInputs({ inputs: { ids } }, sig);
    expect(inputs.ids).toEqual({
      datatype: 'INT64',
      shape: [3, 4],
      data: BigInt64Array.from(ids.flat(), BigInt),
    });
    const outputs = await runOrtSession(session, inputs);
    expect(toNestedArray(outputs.total)).toEqual(totals);
  });
});

describe('two-output model through the codec', () => {
  let session: InferenceSession;
  let sig: ModelSignature;
  beforeAll(async () => ({ session, sig } = await open(twoOutputModel({ features: 3 }).bytes)));
  afterAll(() => session.release());
  const a = randomMatrix(seededRandom(1), 2, 3);
  const b = randomMatrix(seededRandom(2), 2, 3);

  it('decodes both inputs and encodes both outputs', async () => {
    const inputs = decodeOipRequestInputs(
      [
        { name: 'b', datatype: 'FP32', shape: [2, 3], data: b },
        { name: 'a', datatype: 'FP32', shape: [2, 3], data: a.flat(), parameters: {} },
      ],
      sig,
    );
    const outputs = await runOrtSession(session, inputs);
    const sum = a.flat().map((v, i) => v + b.flat()[i]);
    const product = a.flat().map((v, i) => v * b.flat()[i]);
    expectClose(encodeOipOutput('sum', outputs.sum).data, sum);
    expectClose(encodeOipOutput('product', outputs.product).data, product);
  });

  it('refuses batch sizes that onnxruntime would silently broadcast', async () => {
    // onnxruntime does not check that 'batch' agrees across inputs: 1 row against 2 broadcasts.
    const lopsided: Record<string, HostTensor> = {
      a: { datatype: 'FP32', shape: [1, 3], data: Float32Array.from(a[0]) },
      b: { datatype: 'FP32', shape: [2, 3], data: Float32Array.from(b.flat()) },
    };
    expect((await runOrtSession(session, lopsided)).sum.shape).toEqual([2, 3]);
    expect(() => decodeNamedInputs({ inputs: { a: [a[0]], b } }, sig)).toThrow(
      "input 'b': batch size 2 does not match input 'a' (batch size 1)",
    );
  });
});
