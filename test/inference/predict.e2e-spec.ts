import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  int64Model,
  logisticRegressionReference,
  mlp,
  mlpReference,
  randomDenseLayer,
  randomMatrix,
  seededRandom,
  twoOutputModel,
} from '@mlserve/ml';
import { startApi, type ApiHarness } from '../support/api-harness';
import { irisLikeModel, uploadModel } from '../support/models';

const close = (actual: number[][], expected: number[][]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)));
};

describe('simple JSON predict', () => {
  let api: ApiHarness;
  const suffix = Date.now();
  const iris = irisLikeModel(11);
  const random = seededRandom(3);
  const net = mlp({
    layers: [randomDenseLayer(random, 5, 8), randomDenseLayer(random, 8, 2)],
    activation: 'tanh',
    output: 'identity',
  });

  beforeAll(async () => {
    api = await startApi();
    await uploadModel(api, iris.bytes, { name: `iris-${suffix}` }).expect(201);
    await uploadModel(api, net.bytes, { name: `mlp-${suffix}` }).expect(201);
    await uploadModel(api, int64Model().bytes, { name: `ids-${suffix}` }).expect(201);
    await uploadModel(api, twoOutputModel().bytes, { name: `pair-${suffix}` }).expect(201);
  });
  afterAll(() => api?.close());

  it('computes a logistic regression exactly as the same math in TypeScript', async () => {
    const rows = randomMatrix(seededRandom(5), 6, 4);
    const res = await api.http
      .post(`/v1/models/iris-${suffix}/predict`)
      .set(api.admin)
      .send({ rows })
      .expect(200);
    const expected = logisticRegressionReference(iris.params, rows);
    expect(res.body).toMatchObject({ model: `iris-${suffix}`, version: 1 });
    close(res.body.outputs.probabilities, expected.probabilities);
    expect(res.body.outputs.label).toEqual(expected.label);
  });

  it('computes an MLP with named inputs, by version URL', async () => {
    const input = randomMatrix(seededRandom(9), 3, 5);
    const res = await api.http
      .post(`/v1/models/mlp-${suffix}/versions/1/predict`)
      .set(api.admin)
      .send({ inputs: { input } })
      .expect(200);
    close(res.body.outputs.output, mlpReference(net.params, input));
  });

  it('takes INT64 inputs as JSON integers', async () => {
    const ids = [
      [1, 2, 3, 4],
      [10, -20, 30, 5],
    ];
    const res = await api.http
      .post(`/v1/models/ids-${suffix}/predict`)
      .set(api.admin)
      .send({ inputs: { ids } })
      .expect(200);
    expect(res.body.outputs.total).toEqual([10, 25]);
  });

  it('returns only the outputs asked for', async () => {
    const a = [[1, 2, 3]];
    const b = [[4, 5, 6]];
    const res = await api.http
      .post(`/v1/models/pair-${suffix}/predict`)
      .set(api.admin)
      .send({ inputs: { a, b }, outputs: ['product'] })
      .expect(200);
    expect(res.body.outputs).toEqual({ product: [[4, 10, 18]] });
  });

  it('uses ?alias=, and 404s for an unknown alias or model', async () => {
    await uploadModel(api, irisLikeModel(12).bytes, { name: `iris-${suffix}` }).expect(201);
    await api.http
      .put(`/v1/models/iris-${suffix}/aliases/staging`)
      .set(api.admin)
      .send({ version: 2 })
      .expect(200);
    const staged = await api.http
      .post(`/v1/models/iris-${suffix}/predict?alias=staging`)
      .set(api.admin)
      .send({ rows: [[1, 2, 3, 4]] })
      .expect(200);
    expect(staged.body.version).toBe(2);
    await api.http
      .post(`/v1/models/iris-${suffix}/predict?alias=canary`)
      .set(api.admin)
      .send({ rows: [[1, 2, 3, 4]] })
      .expect(404);
    const missing = await api.http
      .post('/v1/models/nope/predict')
      .set(api.admin)
      .send({ rows: [[1]] })
      .expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it.each([
    [{ rows: [[1, 2, 3]] }, /input 'input'.*shape/],
    [
      {
        rows: [
          [1, 2, 3, 4],
          [1, 2],
        ],
      },
      /input/,
    ],
    [{ rows: [['a', 'b', 'c', 'd']] }, /input 'input'/],
    [{ inputs: { pixels: [[1, 2, 3, 4]] } }, /unknown input 'pixels'.*input/],
    [{ rows: [[1, 2, 3, 4]], outputs: ['logits'] }, /unknown output 'logits'/],
    [{}, /inputs.*rows/],
  ])('answers 400 naming what is wrong: %j', async (body, message) => {
    const res = await api.http
      .post(`/v1/models/iris-${suffix}/predict`)
      .set(api.admin)
      .send(body)
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toMatch(/onnxruntime|\.cc:|\\n\s+at /);
  });

  it('needs a key', async () => {
    await api.http
      .post(`/v1/models/iris-${suffix}/predict`)
      .send({ rows: [[1, 2, 3, 4]] })
      .expect(401);
  });
});
