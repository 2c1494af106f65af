import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { spawnWorker } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

describe('worker shutdown on SIGTERM', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  const submitAndWaitRunning = async (durationMs: number, queue: string): Promise<string> => {
    const res = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'diagnostic.sleep', queue, payload: { durationMs, steps: 10 } })
      .expect(202);
    const id = res.body.id as string;
    await waitFor(
      () => api.prisma.job.findUniqueOrThrow({ where: { id } }),
      (j) => j.status === 'RUNNING',
      {
        what: 'job to start',
      },
    );
    return id;
  };

  it('lets a running job finish within the grace period, then exits 0', async () => {
    const queue = `drain-${Date.now()}`;
    const worker = await spawnWorker({
      ...api.env,
      WORKER_QUEUES: queue,
      WORKER_SHUTDOWN_GRACE_MS: '10000',
    });
    const id = await submitAndWaitRunning(1500, queue);
    expect(await worker.stop('SIGTERM')).toBe(0);
    const job = await api.prisma.job.findUniqueOrThrow({ where: { id } });
    expect(job.status).toBe('SUCCEEDED');
  });

  it('puts a job that outlives the grace period back in its queue, where another worker takes it', async () => {
    const queue = `handback-${Date.now()}`;
    const env = { ...api.env, WORKER_QUEUES: queue, WORKER_SHUTDOWN_GRACE_MS: '300' };
    const first = await spawnWorker(env);
    const id = await submitAndWaitRunning(4000, queue);
    expect(await first.stop('SIGTERM')).toBe(0);
    const handedBack = await api.prisma.job.findUniqueOrThrow({ where: { id } });
    expect(handedBack).toMatchObject({ status: 'QUEUED', attempts: 0, workerId: null });

    const second = await spawnWorker(env);
    try {
      const done = await waitFor(
        () => api.prisma.job.findUniqueOrThrow({ where: { id } }),
        (j) => j.status === 'SUCCEEDED',
        { what: 'second worker to finish the job', timeoutMs: 30_000 },
      );
      expect(done.attempts).toBe(1);
      expect(done.workerId).not.toBe(handedBack.workerId);
    } finally {
      await second.stop();
    }
  });
});
