/** A tiny client for the mlserve API, for the traffic generator. */
export class MlserveClient {
  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        'X-API-Key': this.key,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async upload<T>(
    path: string,
    fields: Record<string, string>,
    file: { name: string; content: string },
  ): Promise<T> {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('file', new Blob([file.content]), file.name);
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'X-API-Key': this.key },
      body: form,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Submits a job and waits for its final state. */
  async runJob(
    type: string,
    payload: unknown,
    timeoutMs = 300_000,
  ): Promise<{ status: string; result: unknown; error: unknown }> {
    const job = await this.json<{ id: string }>('POST', '/v1/jobs', { type, payload });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const state = await this.json<{ status: string; result: unknown; error: unknown }>(
        'GET',
        `/v1/jobs/${job.id}`,
      );
      if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state.status)) return state;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`job ${job.id} did not finish within ${timeoutMs} ms`);
  }
}
