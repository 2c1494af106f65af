import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';

describe('bad input gets a clear 4xx and writes nothing', () => {
  let api: ApiHarness;
  let before: number;

  beforeAll(async () => {
    api = await startApi({ API_BODY_LIMIT_BYTES: '4096' });
    before = await api.prisma.job.count();
  });
  afterAll(() => api?.close());

  const post = () => api.http.post('/v1/jobs').set(api.admin);

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const res = await post().set('Content-Type', 'application/json').send('{"type": ').expect(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it('unknown job type → 400 naming the field and the allowed types', async () => {
    const res = await post().send({ type: 'no.such', payload: {} }).expect(400);
    expect(res.body.error.details.problems[0].field).toBe('type');
    expect(res.body.error.message).toContain('diagnostic.sleep');
  });

  it('wrong payload shape → 400 naming each bad field', async () => {
    const res = await post()
      .send({ type: 'diagnostic.sleep', payload: { durationMs: 'slow', steps: 0 } })
      .expect(400);
    const fields = (res.body.error.details.problems as { field: string }[]).map((p) => p.field);
    expect(fields).toEqual(['payload.durationMs', 'payload.steps']);
  });

  it('unknown top-level field and bad priority → 400', async () => {
    const res = await post()
      .send({ type: 'diagnostic.sleep', payload: {}, priority: 99, colour: 'red' })
      .expect(400);
    const fields = (res.body.error.details.problems as { field: string }[]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['priority', '(body)']));
  });

  it('oversized body → 413 with the limit', async () => {
    const res = await post()
      .send({ type: 'diagnostic.sleep', payload: { failMessage: 'x'.repeat(10_000) } })
      .expect(413);
    expect(res.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { limitBytes: 4096 },
    });
  });

  it('unknown route → 404 JSON', async () => {
    const res = await api.http.get('/v1/nothing-here').set(api.admin).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('wrote no job for any of them', async () => {
    expect(await api.prisma.job.count()).toBe(before);
  });
});
