import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { DRIVERS, driverEnv } from '../support/drivers';
import { irisLikeModel, storedFiles, uploadModel } from '../support/models';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

describe.each(DRIVERS)('the reconciler and RESULT_TTL (%s)', (driver) => {
  let api: ApiHarness;
  let worker: WorkerProcess;

  beforeAll(async () => {
    api = await startApi({ ...driverEnv(driver), RESULT_TTL: '3s' });
    worker = await spawnWorker({ ...api.env, RECONCILE_INTERVAL_MS: '500' });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const statusOf = (id: string) => api.prisma.job.findUniqueOrThrow({ where: { id } });

  it('runs a job whose enqueue failed: an API cut off from the broker still accepts it', async () => {
    // a second API replica whose Redis is unreachable: the row is written, the enqueue fails
    const deadBroker: Record<string, string> =
      driver === 'bullmq'
        ? { REDIS_URL: 'redis://127.0.0.1:1' }
        : { RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1' };
    const cutOff = await startApi({ ...api.env, ...deadBroker });
    try {
      const res = await cutOff.http
        .post('/v1/jobs')
        .set(cutOff.admin)
        .send({ type: 'diagnostic.sleep', payload: { durationMs: 10, steps: 1 } })
        .expect(202);
      const row = await statusOf(res.body.id);
      expect(row).toMatchObject({ status: 'QUEUED', enqueuedAt: null });
      // only the reconciler can have enqueued it: this API never reached the broker
      await waitFor(
        () => statusOf(res.body.id),
        (j) => j.status === 'SUCCEEDED',
        {
          what: 'the reconciler to enqueue the job',
        },
      );
    } finally {
      await cutOff.close();
    }
  });

  it('runs a job left QUEUED by a process that died between its insert and its enqueue', async () => {
    const job = await api.prisma.job.create({
      data: {
        type: 'diagnostic.sleep',
        queue: 'default',
        input: { durationMs: 5, steps: 1 },
        createdBy: 'test',
      },
    });
    await waitFor(
      () => statusOf(job.id),
      (j) => j.status === 'SUCCEEDED',
      { what: 'reconciled job to run' },
    );
  });

  it('expires input and result after RESULT_TTL, answering 410 with the date, and removes files', async () => {
    const name = `ttl-${Date.now()}`;
    await uploadModel(api, irisLikeModel(81).bytes, { name }).expect(201);
    const res = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'inference', payload: { model: name, input: { rows: [[1, 2, 3, 4]] } } })
      .expect(202);
    const id = res.body.id as string;
    const done = await waitFor(
      () => statusOf(id),
      (j) => j.status === 'SUCCEEDED',
      { what: 'job to run' },
    );
    const resultSha = (done.result as { resultFile: { sha256: string } }).resultFile.sha256;
    const dataFiles = () => storedFiles(`${api.env.MODEL_STORE_DIR}/data`);
    expect((await dataFiles()).some((f) => f.endsWith(resultSha))).toBe(true);
    await api.http.get(`/v1/jobs/${id}/result`).set(api.admin).expect(200);

    const expired = await waitFor(
      () => statusOf(id),
      (j) => j.expiredAt !== null,
      {
        what: 'RESULT_TTL to pass',
        timeoutMs: 15_000,
      },
    );
    expect(expired.result).toBeNull();
    const gone = await api.http.get(`/v1/jobs/${id}`).set(api.admin).expect(410);
    expect(gone.body.error).toMatchObject({ code: 'GONE', details: { status: 'SUCCEEDED' } });
    expect(gone.body.error.message).toContain(expired.expiredAt!.toISOString());
    await api.http.get(`/v1/jobs/${id}/result`).set(api.admin).expect(410);
    await api.http.get('/v1/jobs/00000000-0000-7000-8000-000000000001').set(api.admin).expect(404);
    expect((await dataFiles()).some((f) => f.endsWith(resultSha))).toBe(false);
  });
});
