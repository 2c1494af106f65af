import type { ApiHarness } from './api-harness';

/** Submits `count` diagnostic jobs over HTTP, `parallel` at a time; returns their ids. */
export async function submitMany(
  api: ApiHarness,
  count: number,
  body: Record<string, unknown>,
  parallel = 10,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, () =>
      api.http.post('/v1/jobs').set(api.admin).send(body).expect(202),
    );
    ids.push(...(await Promise.all(batch)).map((res) => res.body.id as string));
  }
  return ids;
}
