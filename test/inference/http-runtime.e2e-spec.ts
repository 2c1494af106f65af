import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logisticRegressionReference, randomMatrix, seededRandom } from '@mlserve/ml';
import { startApi, type ApiHarness } from '../support/api-harness';
import { irisLikeModel } from '../support/models';
import { startOipServer, type OipServer } from '../support/oip-server';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

describe('models in their own server (runtime http, OIP v2)', () => {
  let api: ApiHarness;
  let healthy: OipServer;
  let slow: OipServer;
  let broken: OipServer;
  let worker: WorkerProcess;
  const iris = irisLikeModel(51);
  const suffix = Date.now();
  const rows = randomMatrix(seededRandom(52), 3, 4);

  const register = (name: string, server: OipServer) =>
    api.http
      .post('/v1/models')
      .set(api.admin)
      .send({ name, runtime: 'http', endpointUrl: server.url, remoteName: 'remote-iris' });

  beforeAll(async () => {
    [healthy, slow, broken] = await Promise.all([
      startOipServer('remote-iris', iris.bytes),
      startOipServer('remote-iris', iris.bytes, { DELAY_MS: '3000' }),
      startOipServer('remote-iris', iris.bytes, { FAIL_INFER: '1' }),
    ]);
    api = await startApi({ MODEL_HTTP_TIMEOUT_MS: '1000' });
    worker = await spawnWorker(api.env);
    await register(`ext-${suffix}`, healthy).expect(201);
    await register(`slow-${suffix}`, slow).expect(201);
    await register(`broken-${suffix}`, broken).expect(201);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await Promise.all([healthy, slow, broken].map((s) => s?.stop()));
  });

  it('reads the signature from the server at registration', async () => {
    const model = await api.http.get(`/v1/models/ext-${suffix}`).set(api.admin).expect(200);
    expect(model.body.versions[0]).toMatchObject({
      runtime: 'http',
      endpoint: { url: healthy.url, remoteName: 'remote-iris' },
      signature: { inputs: [{ name: 'input', datatype: 'FP32', shape: [null, 4] }] },
    });
  });

  it('forwards predict and OIP infer, with the same numbers as the model', async () => {
    const expected = logisticRegressionReference(iris.params, rows);
    const predicted = await api.http
      .post(`/v1/models/ext-${suffix}/predict`)
      .set(api.admin)
      .send({ rows })
      .expect(200);
    expect(predicted.body.outputs.label).toEqual(expected.label);
    predicted.body.outputs.probabilities
      .flat()
      .forEach((v: number, i: number) =>
        expect(v).toBeCloseTo(expected.probabilities.flat()[i], 5),
      );
    const oip = await api.http
      .post(`/v2/models/ext-${suffix}/infer`)
      .set(api.admin)
      .send({
        inputs: [{ name: 'input', datatype: 'FP32', shape: [3, 4], data: rows.flat() }],
        outputs: [{ name: 'label' }],
      })
      .expect(200);
    expect(oip.body.outputs).toEqual([
      { name: 'label', datatype: 'INT64', shape: [3], data: expected.label },
    ]);
    await api.http.get(`/v2/models/ext-${suffix}/ready`).set(api.admin).expect(200);
  });

  it('runs inference jobs against the server', async () => {
    const res = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'inference', payload: { model: `ext-${suffix}`, input: { rows } } })
      .expect(202);
    const job = await waitFor(
      () => api.prisma.job.findUniqueOrThrow({ where: { id: res.body.id } }),
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
      { what: 'job to finish' },
    );
    expect(job.status).toBe('SUCCEEDED');
  });

  it('answers 504 when the server is too slow and 502 when it fails', async () => {
    const started = Date.now();
    const timeout = await api.http
      .post(`/v1/models/slow-${suffix}/predict`)
      .set(api.admin)
      .send({ rows })
      .expect(504);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(timeout.body.error).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      message: expect.stringMatching(/1000 ms/),
    });
    const oipTimeout = await api.http
      .post(`/v2/models/slow-${suffix}/infer`)
      .set(api.admin)
      .send({ inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }] })
      .expect(504);
    expect(typeof oipTimeout.body.error).toBe('string');
    const failed = await api.http
      .post(`/v1/models/broken-${suffix}/predict`)
      .set(api.admin)
      .send({ rows })
      .expect(502);
    expect(failed.body.error.message).toMatch(/500.*model crashed/);
  });

  it('refuses to register an unreachable server, writing nothing', async () => {
    const res = await api.http
      .post('/v1/models')
      .set(api.admin)
      .send({ name: `gone-${suffix}`, runtime: 'http', endpointUrl: 'http://127.0.0.1:1' })
      .expect(422);
    expect(res.body.error.message).toMatch(/metadata/);
    expect(await api.prisma.model.count({ where: { name: `gone-${suffix}` } })).toBe(0);
    await api.http
      .post('/v1/models')
      .set(api.admin)
      .send({ name: `x-${suffix}`, runtime: 'http' })
      .expect(400);
  });

  it('reports not ready, and 502, once the server is gone', async () => {
    await broken.stop();
    const ready = await api.http
      .get(`/v2/models/broken-${suffix}/ready`)
      .set(api.admin)
      .expect(503);
    expect(ready.body).toMatchObject({ ready: false });
    const res = await api.http
      .post(`/v1/models/broken-${suffix}/predict`)
      .set(api.admin)
      .send({ rows })
      .expect(502);
    expect(res.body.error.message).toMatch(/unreachable/);
  });
});
