import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';

interface Page {
  items: { id: string; status: string; queue: string; createdAt: string }[];
  nextCursor: string | null;
}

describe('GET /v1/jobs: filters and cursor pagination over 250 jobs', () => {
  let api: ApiHarness;
  const queue = `list-${Date.now()}`; // no worker consumes it: the jobs stay QUEUED
  const ids: string[] = [];
  let cancelled: Set<string>;
  let midpoint: string;

  beforeAll(async () => {
    api = await startApi();
    for (let batch = 0; batch < 25; batch += 1) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          api.http
            .post('/v1/jobs')
            .set(api.admin)
            .send({ type: 'diagnostic.sleep', queue, payload: { durationMs: 1 } })
            .expect(202),
        ),
      );
      ids.push(...responses.map((r) => r.body.id as string));
      if (batch === 12) midpoint = new Date().toISOString();
    }
    cancelled = new Set(ids.filter((_, i) => i % 5 === 0));
    for (const id of cancelled)
      await api.http.post(`/v1/jobs/${id}/cancel`).set(api.admin).expect(200);
  });

  afterAll(() => api?.close());

  async function walk(query: Record<string, string>): Promise<Page['items']> {
    const seen: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const res = await api.http
        .get('/v1/jobs')
        .query({ ...query, limit: '40', ...(cursor ? { cursor } : {}) })
        .set(api.admin)
        .expect(200);
      const page = res.body as Page;
      expect(page.items.length).toBeLessThanOrEqual(40);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it('walks every job of the queue exactly once, newest first', async () => {
    const seen = await walk({ queue });
    expect(seen).toHaveLength(250);
    expect(new Set(seen.map((j) => j.id))).toEqual(new Set(ids));
    const times = seen.map((j) => new Date(j.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by status and queue', async () => {
    const seen = await walk({ queue, status: 'CANCELLED' });
    expect(new Set(seen.map((j) => j.id))).toEqual(cancelled);
    const queued = await walk({ queue, status: 'QUEUED' });
    expect(queued).toHaveLength(250 - cancelled.size);
  });

  it('filters by type and created range', async () => {
    const before = await walk({ queue, type: 'diagnostic.sleep', createdBefore: midpoint });
    const after = await walk({ queue, createdAfter: midpoint });
    expect(before.length + after.length).toBe(250);
    expect(before.length).toBeGreaterThanOrEqual(130);
    expect(before.every((j) => j.createdAt < midpoint)).toBe(true);
    expect(await walk({ queue, type: 'no.such.type' })).toHaveLength(0);
  });

  it('rejects a bad filter or cursor with a 400 naming it', async () => {
    const bad = await api.http.get('/v1/jobs').query({ status: 'DONE' }).set(api.admin).expect(400);
    expect(bad.body.error.details.problems[0].field).toBe('status');
    const cursor = await api.http
      .get('/v1/jobs')
      .query({ cursor: 'xyz' })
      .set(api.admin)
      .expect(400);
    expect(cursor.body.error.message).toMatch(/cursor/);
  });
});
