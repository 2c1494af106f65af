import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyMigrations } from '../../prisma/tools/migrate';
import { startApi, type ApiHarness } from '../support/api-harness';
import { DRIVERS, driverEnv } from '../support/drivers';
import { OwnPostgres } from '../support/services/own-services';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

describe.each(DRIVERS)('a PostgreSQL restart while jobs flow (%s)', (driver) => {
  let postgres: OwnPostgres;
  let api: ApiHarness;
  let worker: WorkerProcess;
  const queue = `pgrestart-${driver}-${Date.now()}`;

  beforeAll(async () => {
    postgres = await OwnPostgres.create();
    await postgres.start();
    await applyMigrations(postgres.url);
    api = await startApi({
      ...driverEnv(driver),
      DATABASE_URL: postgres.url,
      WORKER_QUEUES: queue,
      WORKER_CONCURRENCY: '4',
      RECONCILE_INTERVAL_MS: '1000',
      WORKER_LEASE_MS: '10000',
      WORKER_HEARTBEAT_MS: '1000',
    });
    worker = await spawnWorker(api.env);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await postgres?.destroy();
  });

  it('answers 503 fast during the outage, recovers without a restart, and loses no job', async () => {
    const submit = () =>
      api.http
        .post('/v1/jobs')
        .set(api.admin)
        .send({ type: 'diagnostic.sleep', queue, payload: { durationMs: 200, steps: 2 } });
    const before: string[] = [];
    for (let i = 0; i < 40; i += 1) before.push((await submit().expect(202)).body.id as string);

    await postgres.stop();
    const started = Date.now();
    const refused = await submit();
    expect(refused.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(refused.body.error.code).toBe('DEPENDENCY_UNAVAILABLE');
    await api.http.get(`/v1/jobs/${before[0]}`).set(api.admin).expect(503);
    const ready = await api.http.get('/health/ready').expect(503);
    expect(ready.body.error).toHaveProperty(['postgres', 'status'], 'down');
    await new Promise((r) => setTimeout(r, 2000));
    await postgres.start();

    await waitFor(
      async () => (await api.http.get('/health/ready')).status,
      (s) => s === 200,
      {
        what: 'the API to see PostgreSQL again',
      },
    );
    const after: string[] = [];
    for (let i = 0; i < 20; i += 1) after.push((await submit().expect(202)).body.id as string);
    await waitFor(
      () => api.prisma.job.count({ where: { queue, status: 'SUCCEEDED' } }),
      (n) => n === 60,
      { what: 'all 60 jobs to succeed', timeoutMs: 60_000 },
    ).catch(async (error: unknown) => {
      const stuck = await api.prisma.job.findMany({
        where: { queue, status: { not: 'SUCCEEDED' } },
        include: { attemptLog: true },
      });
      throw new Error(
        `${String(error)}\nnot succeeded: ${JSON.stringify(stuck, null, 1)}\n${worker.output().slice(-3000)}`,
      );
    });
    const failed = await api.prisma.job.count({ where: { queue, status: { not: 'SUCCEEDED' } } });
    expect(failed).toBe(0);
  }, 180_000);
});
