import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';

// Nothing listens on port 1 of loopback: these dependencies are "down" from the start.
describe('with PostgreSQL and Redis unreachable', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/mlserve_test',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
  });
  afterAll(() => api?.close());

  it('keeps /health/live up and says in /health/ready what is down, fast', async () => {
    await api.http.get('/health/live').expect(200);
    const started = Date.now();
    const ready = await api.http.get('/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(ready.body.error).toHaveProperty(['postgres', 'status'], 'down');
    expect(ready.body.error).toHaveProperty(['redis', 'status'], 'down');
  });

  it('answers an authenticated request with a JSON 503 within seconds, not a hang', async () => {
    const started = Date.now();
    const res = await api.http
      .post('/v1/api-keys')
      .set(api.admin)
      .send({ name: 'x', scopes: ['read'] })
      .expect(503);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.body.error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(res.headers['retry-after']).toBeDefined();
  });
});
