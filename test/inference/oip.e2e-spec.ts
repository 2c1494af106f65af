import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  logisticRegressionReference,
  randomMatrix,
  seededRandom,
  twoOutputModel,
} from '@mlserve/ml';
import { startApi, type ApiHarness } from '../support/api-harness';
import { irisLikeModel, uploadModel } from '../support/models';

describe('Open Inference Protocol v2', () => {
  let api: ApiHarness;
  const name = `oip-iris-${Date.now()}`;
  const iris = irisLikeModel(21);
  const rows = randomMatrix(seededRandom(22), 2, 4);
  const expected = logisticRegressionReference(iris.params, rows);

  beforeAll(async () => {
    api = await startApi();
    await uploadModel(api, iris.bytes, { name }).expect(201);
    await uploadModel(api, twoOutputModel().bytes, { name: `${name}-pair` }).expect(201);
  });
  afterAll(() => api?.close());

  it('serves server metadata and health', async () => {
    const server = await api.http.get('/v2').set(api.admin).expect(200);
    expect(server.body).toMatchObject({ name: 'mlserve', extensions: [] });
    await api.http.get('/v2/health/live').expect(200);
    await api.http.get('/v2/health/ready').expect(200);
  });

  it('describes a model, by name and by version, with -1 for dynamic dims', async () => {
    for (const path of [`/v2/models/${name}`, `/v2/models/${name}/versions/1`]) {
      const res = await api.http.get(path).set(api.admin).expect(200);
      expect(res.body).toEqual({
        name,
        versions: ['1'],
        platform: 'onnxruntime_onnx',
        inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [
          { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
          { name: 'label', datatype: 'INT64', shape: [-1] },
        ],
      });
    }
    const ready = await api.http
      .get(`/v2/models/${name}/versions/1/ready`)
      .set(api.admin)
      .expect(200);
    expect(ready.body).toMatchObject({ ready: true });
  });

  it.each([
    ['flat', rows.flat()],
    ['nested', rows],
  ])('infers with %s data and echoes the request id', async (_, data) => {
    const res = await api.http
      .post(`/v2/models/${name}/versions/1/infer`)
      .set(api.admin)
      .send({ id: 'req-42', inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data }] })
      .expect(200);
    expect(res.body).toMatchObject({ model_name: name, model_version: '1', id: 'req-42' });
    const probabilities = res.body.outputs.find(
      (o: { name: string }) => o.name === 'probabilities',
    );
    expect(probabilities).toMatchObject({ datatype: 'FP32', shape: [2, 3] });
    (probabilities.data as number[]).forEach((v, i) =>
      expect(v).toBeCloseTo(expected.probabilities.flat()[i], 5),
    );
    const label = res.body.outputs.find((o: { name: string }) => o.name === 'label');
    expect(label).toEqual({ name: 'label', datatype: 'INT64', shape: [2], data: expected.label });
  });

  it('returns only the selected outputs', async () => {
    const res = await api.http
      .post(`/v2/models/${name}-pair/infer`)
      .set(api.admin)
      .send({
        inputs: [
          { name: 'a', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] },
          { name: 'b', shape: [1, 3], datatype: 'FP32', data: [1, 1, 1] },
        ],
        outputs: [{ name: 'sum' }],
      })
      .expect(200);
    expect(res.body.outputs).toEqual([
      { name: 'sum', datatype: 'FP32', shape: [1, 3], data: [2, 3, 4] },
    ]);
  });

  it.each([
    [{ name: 'input', shape: [2, 4], datatype: 'FP64', data: rows.flat() }, /FP64.*FP32/],
    [
      { name: 'input', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6] },
      /input 'input'.*shape/,
    ],
    [{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [1, 2, 3] }, /8 values/],
    [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }, /unknown input 'x'/],
  ])('answers 400 {"error": "..."} for a bad input: %j', async (input, message) => {
    const res = await api.http
      .post(`/v2/models/${name}/infer`)
      .set(api.admin)
      .send({ inputs: [input] })
      .expect(400);
    expect(typeof res.body.error).toBe('string');
    expect(res.body.error).toMatch(message);
  });

  it('answers 404 {"error": "..."} for unknown models and versions', async () => {
    const res = await api.http.get('/v2/models/nope').set(api.admin).expect(404);
    expect(res.body).toEqual({ error: expect.stringMatching(/nope/) });
    await api.http.get(`/v2/models/${name}/versions/7`).set(api.admin).expect(404);
    await api.http.get(`/v2/models/${name}/versions/latest`).set(api.admin).expect(404);
  });
});
