import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { DRIVERS, driverEnv } from '../support/drivers';
import { irisLikeModel, uploadModel } from '../support/models';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

interface Attempt {
  attempt: number;
  outcome: string;
  error: { message: string; retryable: boolean; code?: string } | null;
  startedAt: string;
  finishedAt: string;
}
interface JobBody {
  id: string;
  status: string;
  attempts: number;
  error: { message: string; code?: string } | null;
  history: Attempt[];
}

describe.each(DRIVERS)('retries, non-retryable errors and timeouts (%s)', (driver) => {
  let api: ApiHarness;
  let worker: WorkerProcess;

  beforeAll(async () => {
    api = await startApi(driverEnv(driver));
    worker = await spawnWorker(api.env);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const submit = (payload: object, extra: object) =>
    api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'diagnostic.sleep', payload, ...extra })
      .expect(202);
  const finished = (id: string) =>
    waitFor(
      async () => (await api.http.get(`/v1/jobs/${id}`).set(api.admin).expect(200)).body as JobBody,
      (j) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status),
      { what: 'job to finish', timeoutMs: 30_000 },
    );

  it('retries with exponential backoff up to maxAttempts, keeping every attempt', async () => {
    const res = await submit(
      { durationMs: 10, steps: 1, failAtStep: 1, failMessage: 'flaky' },
      { maxAttempts: 3 },
    );
    const job = await finished(res.body.id);
    expect(job).toMatchObject({ status: 'FAILED', attempts: 3, error: { message: 'flaky' } });
    expect(job.history.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'RETRYING'],
      [2, 'RETRYING'],
      [3, 'FAILED'],
    ]);
    // backoff: about 1 s before attempt 2 and 2 s before attempt 3
    const gap = (i: number) =>
      Date.parse(job.history[i + 1].startedAt) - Date.parse(job.history[i].finishedAt);
    expect(gap(0)).toBeGreaterThanOrEqual(900);
    expect(gap(1)).toBeGreaterThanOrEqual(1800);
    expect(gap(1)).toBeGreaterThan(gap(0));
  });

  it('does not retry an error a retry cannot fix', async () => {
    const name = `retry-model-${Date.now()}`;
    // an inference job for rows of the wrong width fails as bad input
    await uploadModel(api, irisLikeModel(71).bytes, { name }).expect(201);
    const res = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({
        type: 'inference',
        maxAttempts: 5,
        payload: { model: name, input: { rows: [[1, 2]] } },
      })
      .expect(202);
    const job = await finished(res.body.id);
    expect(job.status).toBe('FAILED');
    expect(job.history).toHaveLength(1);
    expect(job.history[0]).toMatchObject({ outcome: 'FAILED', error: { retryable: false } });
  });

  it('aborts an attempt that outlives its timeout and fails the job with a timeout error', async () => {
    const started = Date.now();
    const res = await submit(
      { durationMs: 20_000, steps: 20 },
      { timeoutMs: 1000, maxAttempts: 3 },
    );
    const job = await finished(res.body.id);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(job).toMatchObject({ status: 'FAILED', attempts: 1, error: { code: 'TIMEOUT' } });
    expect(job.error?.message).toMatch(/timeout of 1000 ms/);
    expect(job.history.map((a) => a.outcome)).toEqual(['TIMED_OUT']);
  });

  it('rejects a timeout out of range', async () => {
    const res = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'diagnostic.sleep', payload: {}, timeoutMs: 5 })
      .expect(400);
    expect(res.body.error.details.problems[0].field).toBe('timeoutMs');
  });
});
