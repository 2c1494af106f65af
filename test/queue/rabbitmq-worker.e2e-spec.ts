import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { waitFor } from '../support/wait-for';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { deleteQueues } from './support/rabbitmq-admin';

interface JobBody {
  id: string;
  status: string;
  attempts: number;
  result: { steps: number } | null;
}

describe('QUEUE_DRIVER=rabbitmq: the API enqueues and a real worker process runs the job', () => {
  let api: ApiHarness | undefined;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    api = await startApi({ QUEUE_DRIVER: 'rabbitmq' });
    worker = await spawnWorker(api.env);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    if (api) await deleteQueues(api.env.QUEUE_PREFIX, ['default']);
  }, 30_000);

  const run = async (payload: object, extra: object = {}): Promise<JobBody> => {
    const res = await api!.http
      .post('/v1/jobs')
      .set(api!.admin)
      .send({ type: 'diagnostic.sleep', payload, ...extra })
      .expect(202);
    const id = (res.body as JobBody).id;
    return waitFor(
      async () =>
        (await api!.http.get(`/v1/jobs/${id}`).set(api!.admin).expect(200)).body as JobBody,
      (job) => job.status === 'SUCCEEDED' || job.status === 'FAILED',
      { what: `job ${id} to finish`, timeoutMs: 20_000 },
    );
  };

  it('runs a job to SUCCEEDED', async () => {
    const job = await run({ durationMs: 200, steps: 2 });
    expect(job).toMatchObject({ status: 'SUCCEEDED', attempts: 1, result: { steps: 2 } });
  }, 30_000);

  it('retries a failed attempt after a delay (a delay bucket), then records FAILED', async () => {
    const job = await run({ durationMs: 50, steps: 1, failAtStep: 1 }, { maxAttempts: 2 });
    expect(job).toMatchObject({ status: 'FAILED', attempts: 2 });
  }, 30_000);

  it('reports PostgreSQL, the broker and Redis (rate limits) as ready', async () => {
    const res = await api!.http.get('/health/ready').expect(200);
    expect(res.body.details).toMatchObject({
      postgres: { status: 'up' },
      rabbitmq: { status: 'up' },
      redis: { status: 'up' },
    });
  }, 10_000);
});
