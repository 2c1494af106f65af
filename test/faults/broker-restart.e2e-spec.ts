import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { DRIVERS, type DriverName, driverEnv } from '../support/drivers';
import { OwnRabbitMq, OwnRedis, type OwnService } from '../support/services/own-services';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

const ownBroker = (driver: DriverName): Promise<OwnService> =>
  driver === 'bullmq' ? OwnRedis.create() : OwnRabbitMq.create();

describe.each(DRIVERS)('a broker restart while jobs flow (%s)', (driver) => {
  let broker: OwnService;
  let api: ApiHarness;
  let worker: WorkerProcess;
  const queue = `restart-${driver}-${Date.now()}`;

  beforeAll(async () => {
    broker = await ownBroker(driver);
    await broker.start();
    const urls = driver === 'bullmq' ? { redis: broker.url } : { rabbitmq: broker.url };
    api = await startApi({
      ...driverEnv(driver, urls),
      WORKER_QUEUES: queue,
      WORKER_CONCURRENCY: '4',
      RECONCILE_INTERVAL_MS: '1000',
      REQUEUE_STALE_AFTER: '5s',
    });
    worker = await spawnWorker(api.env);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await broker?.destroy();
  });

  it('loses no job: submits during the outage are accepted and every job succeeds', async () => {
    const submitted: string[] = [];
    const submit = async (): Promise<void> => {
      const res = await api.http
        .post('/v1/jobs')
        .set(api.admin)
        .send({ type: 'diagnostic.sleep', queue, payload: { durationMs: 20, steps: 1 } });
      expect(res.status).toBe(202); // the row is durable even when the broker is not
      submitted.push(res.body.id as string);
    };
    for (let i = 0; i < 60; i += 1) await submit();
    await broker.stop();
    const duringOutage = Date.now();
    for (let i = 0; i < 40; i += 1) await submit();
    expect(Date.now() - duringOutage).toBeLessThan(40 * 1500); // each answered fast, no hang
    const ready = await api.http.get('/health/ready').expect(503);
    expect(JSON.stringify(ready.body.error)).toContain('down');
    await broker.start();
    for (let i = 0; i < 60; i += 1) await submit();

    await waitFor(
      () => api.prisma.job.count({ where: { queue, status: 'SUCCEEDED' } }),
      (n) => n === 160,
      { what: 'all 160 jobs to succeed', timeoutMs: 120_000 },
    );
    await api.http.get('/health/ready').expect(200);
    const effects = await api.prisma.jobAttempt.groupBy({
      by: ['jobId'],
      where: { job: { queue }, outcome: 'SUCCEEDED' },
      _count: { _all: true },
    });
    expect(effects).toHaveLength(submitted.length);
    expect(effects.every((e) => e._count._all === 1)).toBe(true);
  }, 180_000);
});
