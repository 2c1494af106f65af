import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { DRIVERS, driverEnv } from '../support/drivers';
import { submitMany } from '../support/submit-many';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

describe.each(DRIVERS)('kill -9 of a worker mid-run (%s)', (driver) => {
  let api: ApiHarness;
  let survivor: WorkerProcess;
  let victim: WorkerProcess;
  const queue = `crash-${driver}-${Date.now()}`;

  beforeAll(async () => {
    api = await startApi({
      ...driverEnv(driver),
      WORKER_QUEUES: queue,
      WORKER_CONCURRENCY: '4',
      WORKER_LEASE_MS: '3000',
      WORKER_HEARTBEAT_MS: '500',
      RECONCILE_INTERVAL_MS: '1000',
    });
    [survivor, victim] = await Promise.all([spawnWorker(api.env), spawnWorker(api.env)]);
  });

  afterAll(async () => {
    await Promise.all([survivor?.stop(), victim?.stop('SIGKILL')]);
    await api?.close();
  });

  it('loses no job: all 500 succeed, each with exactly one recorded effect', async () => {
    const ids = await submitMany(api, 500, {
      type: 'diagnostic.sleep',
      queue,
      maxAttempts: 3,
      payload: { durationMs: 60, steps: 1 },
    });
    const countDone = () => api.prisma.job.count({ where: { queue, status: 'SUCCEEDED' } });
    await waitFor(countDone, (n) => n >= 100, { what: '100 jobs done', timeoutMs: 60_000 });
    const running = await api.prisma.job.count({
      where: { queue, status: 'RUNNING', workerId: { not: null } },
    });
    expect(await victim.stop('SIGKILL')).toBe('SIGKILL');

    await waitFor(countDone, (n) => n === 500, {
      what: 'all 500 jobs to succeed',
      timeoutMs: 120_000,
    });
    const jobs = await api.prisma.job.findMany({
      where: { queue },
      select: { id: true, status: true },
    });
    expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(ids));
    // The effect (the final write) is recorded in job_attempts in the same transaction.
    const effects = await api.prisma.jobAttempt.groupBy({
      by: ['jobId'],
      where: { job: { queue }, outcome: 'SUCCEEDED' },
      _count: { _all: true },
    });
    expect(effects).toHaveLength(500);
    expect(effects.every((e) => e._count._all === 1)).toBe(true);
    // the jobs the victim held were taken back after their lease expired
    const recovered = await api.prisma.jobAttempt.count({
      where: { job: { queue }, outcome: 'LEASE_EXPIRED' },
    });
    expect(recovered).toBeGreaterThan(0);
    expect(recovered).toBeLessThanOrEqual(Math.max(running, 8));
  }, 180_000);
});
