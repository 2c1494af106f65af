import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';

describe('API keys and scopes', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('answers 401 without a key, and with an unknown one', async () => {
    const none = await api.http.get('/v1/jobs').expect(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    await api.http.get('/v1/jobs').set('Authorization', 'Bearer mls_000000000000_nope').expect(401);
  });

  it('keeps health, metrics and docs public', async () => {
    await api.http.get('/health/live').expect(200);
    await api.http.get('/health/ready').expect(200);
    await api.http.get('/metrics').expect(200);
    const docs = await api.http.get('/docs-json').expect(200);
    expect(docs.body.paths).toHaveProperty(['/v1/jobs']);
  });

  it('shows a secret once, and accepts it as Bearer or X-API-Key', async () => {
    const created = await api.http
      .post('/v1/api-keys')
      .set(api.admin)
      .send({ name: 'ci reader', scopes: ['read'] })
      .expect(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^mls_[0-9a-f]{12}_/);
    const list = await api.http.get('/v1/api-keys').set(api.admin).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const row = await api.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.hash).not.toContain(key.slice(-20)); // stored hashed
    await api.http.get('/v1/jobs').set('Authorization', `Bearer ${key}`).expect(200);
    await api.http.get('/v1/jobs').set('X-API-Key', key).expect(200);
  });

  it('answers 403 when a read key posts, and for admin routes', async () => {
    const reader = await api.createKey(['read']);
    const res = await api.http
      .post('/v1/jobs')
      .set('X-API-Key', reader)
      .send({ type: 'diagnostic.sleep', payload: {} })
      .expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    await api.http.get('/v1/api-keys').set('X-API-Key', reader).expect(403);
  });

  it('lets only admin keys submit diagnostic jobs', async () => {
    const writer = await api.createKey(['write']);
    const res = await api.http
      .post('/v1/jobs')
      .set('X-API-Key', writer)
      .send({ type: 'diagnostic.sleep', payload: {} })
      .expect(403);
    expect(res.body.error.message).toMatch(/admin/);
  });

  it('stops accepting a key as soon as it is revoked', async () => {
    const created = await api.http
      .post('/v1/api-keys')
      .set(api.admin)
      .send({ name: 'to revoke', scopes: ['read'] })
      .expect(201);
    await api.http.get('/v1/jobs').set('X-API-Key', created.body.key).expect(200);
    const revoked = await api.http
      .delete(`/v1/api-keys/${created.body.id}`)
      .set(api.admin)
      .expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    await api.http.get('/v1/jobs').set('X-API-Key', created.body.key).expect(401);
  });

  it('validates key creation', async () => {
    const res = await api.http
      .post('/v1/api-keys')
      .set(api.admin)
      .send({ name: '', scopes: ['root'] })
      .expect(400);
    const fields = (res.body.error.details.problems as { field: string }[]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'scopes.0']));
  });
});
