import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { readSse } from '../support/sse-client';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

interface JobBody {
  id: string;
  status: string;
  progress: number;
  attempts: number;
  result: { steps: number; workerId: string } | null;
  error: { message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequested: boolean;
}

describe('jobs: submit → worker → result, over a real worker process', () => {
  let api: ApiHarness;
  let worker: WorkerProcess;

  beforeAll(async () => {
    api = await startApi();
    worker = await spawnWorker(api.env);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const submit = (payload: object, extra: object = {}) =>
    api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'diagnostic.sleep', payload, ...extra });
  const getJob = async (id: string): Promise<JobBody> =>
    (await api.http.get(`/v1/jobs/${id}`).set(api.admin).expect(200)).body as JobBody;

  it('runs a job to SUCCEEDED, with progress seen over SSE and by polling', async () => {
    const res = await submit({ durationMs: 1600, steps: 4 }).expect(202);
    const id = (res.body as JobBody).id;
    expect(res.headers.location).toBe(`/v1/jobs/${id}`);

    const stream = readSse(`${api.url}/v1/jobs/${id}/events`, api.admin);
    const polled = new Set<number>();
    const final = await waitFor(
      async () => {
        const job = await getJob(id);
        polled.add(job.progress);
        return job;
      },
      (job) => job.status === 'SUCCEEDED',
      { what: 'job to succeed', intervalMs: 50 },
    );
    const events = (await stream).map((event) => JSON.parse(event.data) as JobBody);

    expect(final.result).toMatchObject({ steps: 4 });
    expect(final.attempts).toBe(1);
    expect(new Date(final.startedAt ?? 0).getTime()).toBeLessThanOrEqual(
      new Date(final.finishedAt ?? 0).getTime(),
    );
    // polling saw intermediate progress, not just 0 and 1
    expect([...polled].some((p) => p > 0 && p < 1)).toBe(true);
    // SSE: ends with SUCCEEDED, passed through RUNNING with intermediate progress
    expect(events.at(-1)?.status).toBe('SUCCEEDED');
    expect(events.some((e) => e.status === 'RUNNING')).toBe(true);
    expect(events.some((e) => e.progress > 0 && e.progress < 1)).toBe(true);
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('records a failing job as FAILED with its error', async () => {
    const res = await submit(
      { durationMs: 100, steps: 2, failAtStep: 2, failMessage: 'boom on purpose' },
      { maxAttempts: 1 },
    ).expect(202);
    const job = await waitFor(
      () => getJob((res.body as JobBody).id),
      (j) => j.status === 'FAILED',
      { what: 'job to fail' },
    );
    expect(job.error?.message).toBe('boom on purpose');
  });

  it('cancels a QUEUED job at once', async () => {
    // no worker consumes this queue, so the job stays QUEUED
    const res = await submit({ durationMs: 10 }, { queue: 'nobody-listens' }).expect(202);
    const id = (res.body as JobBody).id;
    const cancelled = await api.http.post(`/v1/jobs/${id}/cancel`).set(api.admin).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
    const again = await api.http.post(`/v1/jobs/${id}/cancel`).set(api.admin).expect(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
  });

  it('stops a RUNNING job through its AbortSignal and ends it CANCELLED', async () => {
    const res = await submit({ durationMs: 60_000, steps: 60 }).expect(202);
    const id = (res.body as JobBody).id;
    await waitFor(
      () => getJob(id),
      (j) => j.status === 'RUNNING',
      { what: 'job to run' },
    );
    const asked = await api.http.post(`/v1/jobs/${id}/cancel`).set(api.admin).expect(200);
    expect(asked.body).toMatchObject({ status: 'RUNNING', cancelRequested: true });
    const started = Date.now();
    const job = await waitFor(
      () => getJob(id),
      (j) => j.status === 'CANCELLED',
      {
        what: 'job to be cancelled',
      },
    );
    expect(Date.now() - started).toBeLessThan(10_000); // long before its 60 s would be up
    expect(job.result).toBeNull();
  });

  it('returns the same job for the same Idempotency-Key, and 409 for a different body', async () => {
    const key = `idem-${Date.now()}`;
    const first = await submit({ durationMs: 10 }).set('Idempotency-Key', key).expect(202);
    const second = await submit({ durationMs: 10 }).set('Idempotency-Key', key).expect(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const count = await api.prisma.job.count({ where: { idempotencyKey: key } });
    expect(count).toBe(1);
    const clash = await submit({ durationMs: 20 }).set('Idempotency-Key', key).expect(409);
    expect(clash.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 404 for unknown job ids', async () => {
    const res = await api.http
      .get('/v1/jobs/00000000-0000-7000-8000-000000000000')
      .set(api.admin)
      .expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    await api.http.get('/v1/jobs/not-a-uuid').set(api.admin).expect(404);
  });
});
