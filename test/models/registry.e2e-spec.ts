import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { irisLikeModel, storedFiles, uploadModel } from '../support/models';

describe('model registry', () => {
  let api: ApiHarness;
  const name = `iris-${Date.now()}`;
  const model = irisLikeModel();

  beforeAll(async () => {
    api = await startApi({ MODEL_MAX_BYTES: '65536' });
  });
  afterAll(() => api?.close());

  it('registers an ONNX upload, reads its signature, and numbers versions', async () => {
    const first = await uploadModel(api, model.bytes, {
      name,
      description: 'iris-like classifier',
      labels: '{"team":"ml"}',
    }).expect(201);
    expect(first.headers.location).toBe(`/v1/models/${name}/versions/1`);
    expect(first.body).toMatchObject({
      version: 1,
      runtime: 'onnx',
      labels: { team: 'ml' },
      signature: {
        inputs: [{ name: 'input', datatype: 'FP32', shape: [null, 4] }],
        outputs: [
          { name: 'probabilities', datatype: 'FP32', shape: [null, 3] },
          { name: 'label', datatype: 'INT64', shape: [null] },
        ],
      },
    });
    expect(first.body.artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
    const second = await uploadModel(api, irisLikeModel(8).bytes, { name }).expect(201);
    expect(second.body.version).toBe(2);
    const files = await storedFiles(api.env.MODEL_STORE_DIR);
    expect(files.map((f) => f.split('/').pop())).toContain(first.body.artifact.sha256);

    const got = await api.http.get(`/v1/models/${name}`).set(api.admin).expect(200);
    expect(got.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const listed = await api.http.get('/v1/models').set(api.admin).expect(200);
    expect(listed.body.items.map((m: { name: string }) => m.name)).toContain(name);
  });

  it('refuses a corrupt upload with 422, leaving no row and no file', async () => {
    const before = {
      rows: await api.prisma.modelVersion.count(),
      files: await storedFiles(api.env.MODEL_STORE_DIR),
    };
    const corrupt = Buffer.from(model.bytes).subarray(0, Math.floor(model.bytes.length / 2));
    const res = await uploadModel(api, corrupt, { name: `${name}-corrupt` }).expect(422);
    expect(res.body.error.message).toMatch(/not a valid ONNX model/);
    expect(await api.prisma.modelVersion.count()).toBe(before.rows);
    expect(await api.prisma.model.count({ where: { name: `${name}-corrupt` } })).toBe(0);
    expect(await storedFiles(api.env.MODEL_STORE_DIR)).toEqual(before.files);
  });

  it('answers 413 for a file over MODEL_MAX_BYTES, and 400 for bad metadata', async () => {
    const big = new Uint8Array(70_000);
    await uploadModel(api, big, { name: `${name}-big` }).expect(413);
    const bad = await uploadModel(api, model.bytes, {
      name: 'Bad Name!',
      maxBatchSize: '0',
    }).expect(400);
    const fields = (bad.body.error.details.problems as { field: string }[]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'maxBatchSize']));
    const none = await api.http
      .post('/v1/models')
      .set(api.admin)
      .field('name', `${name}-none`)
      .expect(400);
    expect(none.body.error.message).toMatch(/file/);
  });

  it('moves aliases, and refuses to delete a version an alias or a job uses', async () => {
    await api.http
      .put(`/v1/models/${name}/aliases/production`)
      .set(api.admin)
      .send({ version: 1 })
      .expect(200);
    const aliased = await api.http
      .delete(`/v1/models/${name}/versions/1`)
      .set(api.admin)
      .expect(409);
    expect(aliased.body.error.message).toMatch(/production/);
    await api.http
      .put(`/v1/models/${name}/aliases/production`)
      .set(api.admin)
      .send({ version: 2 })
      .expect(200);

    const version1 = await api.prisma.modelVersion.findFirstOrThrow({
      where: { model: { name }, version: 1 },
    });
    const job = await api.prisma.job.create({
      data: {
        type: 'inference',
        queue: 'default',
        input: {},
        createdBy: 'test',
        status: 'RUNNING',
        modelVersionId: version1.id,
      },
    });
    const busy = await api.http.delete(`/v1/models/${name}/versions/1`).set(api.admin).expect(409);
    expect(busy.body.error.message).toMatch(/job/);
    await api.prisma.job.update({ where: { id: job.id }, data: { status: 'SUCCEEDED' } });

    await api.http.delete(`/v1/models/${name}/versions/1`).set(api.admin).expect(204);
    await api.http.get(`/v1/models/${name}/versions/1`).set(api.admin).expect(404);
    const after = await api.http.get(`/v1/models/${name}`).set(api.admin).expect(200);
    expect(after.body.aliases).toEqual({ production: 2 });
  });

  it('answers 404 for unknown models, versions and aliases', async () => {
    await api.http.get('/v1/models/no-such-model').set(api.admin).expect(404);
    await api.http
      .put(`/v1/models/${name}/aliases/staging`)
      .set(api.admin)
      .send({ version: 99 })
      .expect(404);
    await api.http.delete(`/v1/models/${name}/aliases/staging`).set(api.admin).expect(404);
  });
});
