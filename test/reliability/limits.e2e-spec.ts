import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';

describe('backpressure and rate limits', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ QUEUE_MAX_DEPTH: '5', RATE_LIMIT_PER_MINUTE: '8' });
  });
  afterAll(() => api?.close());

  it('answers 429 with Retry-After once a queue is full, and still replays idempotent submits', async () => {
    const queue = `full-${Date.now()}`; // no worker consumes it
    const submit = (key?: string) => {
      const req = api.http.post('/v1/jobs').set(api.admin);
      if (key) req.set('Idempotency-Key', key);
      return req.send({ type: 'diagnostic.sleep', queue, payload: { durationMs: 1 } });
    };
    for (let i = 0; i < 5; i += 1) await submit(`fill-${queue}-${i}`).expect(202);
    const full = await submit().expect(429);
    expect(full.body.error.code).toBe('QUEUE_FULL');
    expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
    await submit(`fill-${queue}-0`).expect(202); // a replay is not a new job
    expect(await api.prisma.job.count({ where: { queue } })).toBe(5);
  });

  it('limits each key per minute, shared in Redis, leaving other keys and the admin key alone', async () => {
    const seconds = new Date().getSeconds();
    if (seconds > 50) await new Promise((r) => setTimeout(r, (61 - seconds) * 1000)); // stay in one window
    const [busy, quiet] = await Promise.all([api.createKey(['read']), api.createKey(['read'])]);
    for (let i = 0; i < 8; i += 1)
      await api.http.get('/v1/jobs?limit=1').set('X-API-Key', busy).expect(200);
    const limited = await api.http.get('/v1/jobs?limit=1').set('X-API-Key', busy).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await api.http.get('/v1/jobs?limit=1').set('X-API-Key', quiet).expect(200);
    for (let i = 0; i < 10; i += 1)
      await api.http.get('/v1/jobs?limit=1').set(api.admin).expect(200);
  });
});
