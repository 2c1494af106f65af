import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { sumMetric, waitFor } from '../support/wait-for';

describe('two workers on one queue', () => {
  let api: ApiHarness;
  let workers: WorkerProcess[] = [];
  const queue = `pair-${Date.now()}`;

  beforeAll(async () => {
    api = await startApi({ WORKER_QUEUES: queue });
    workers = await Promise.all([spawnWorker(api.env), spawnWorker(api.env)]);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.close();
  });

  it('never run the same job twice: 200 jobs, each run exactly once', async () => {
    const ids: string[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          api.http
            .post('/v1/jobs')
            .set(api.admin)
            .send({ type: 'diagnostic.sleep', queue, payload: { durationMs: 5, steps: 1 } })
            .expect(202),
        ),
      );
      ids.push(...responses.map((r) => r.body.id as string));
    }
    await waitFor(
      () => api.prisma.job.count({ where: { queue, status: 'SUCCEEDED' } }),
      (n) => n === 200,
      { what: '200 jobs to succeed', timeoutMs: 60_000 },
    );
    const jobs = await api.prisma.job.findMany({ where: { queue } });
    expect(jobs).toHaveLength(200);
    // a second claim of a job would have raised its attempt count
    expect(jobs.every((j) => j.attempts === 1 && j.status === 'SUCCEEDED')).toBe(true);
    // each worker counts the runs it finished; together they ran exactly 200
    const runs = await Promise.all(
      workers.map(async (w) => {
        const text = await (await fetch(`http://127.0.0.1:${w.httpPort}/metrics`)).text();
        return sumMetric(text, 'mlserve_jobs_finished_total', `queue="${queue}"`);
      }),
    );
    expect(runs[0] + runs[1]).toBe(200);
    expect(runs.every((n) => n > 0)).toBe(true); // both took part
    const byWorker = new Set(jobs.map((j) => j.workerId));
    expect(byWorker.size).toBe(2);
  });
});
