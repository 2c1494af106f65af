import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomMatrix, seededRandom } from '@mlserve/ml';
import { startApi, type ApiHarness } from '../support/api-harness';
import { irisLikeModel, uploadModel } from '../support/models';
import { readSse } from '../support/sse-client';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

interface JobBody {
  id: string;
  status: string;
  queue: string;
  progress: number;
  attempts: number;
  error: { message: string; retryable: boolean } | null;
  result: { rows: number; outputs: string[]; version: number } | null;
}

describe('inference jobs on a worker', () => {
  let api: ApiHarness;
  let worker: WorkerProcess;
  let files: Server;
  let filesUrl: string;
  const name = `batch-iris-${Date.now()}`;
  const pinned = `pinned-${Date.now()}`;
  const rows = randomMatrix(seededRandom(31), 10_000, 4).map((r) =>
    r.map((v) => Number(v.toFixed(4))),
  );
  const csv = `a,b,c,d\n${rows.map((r) => r.join(',')).join('\n')}\n`;

  beforeAll(async () => {
    files = createServer((req, res) => {
      if (req.url === '/rows.csv')
        res
          .writeHead(200, { 'content-type': 'text/csv' })
          .end(csv.split('\n').slice(0, 51).join('\n'));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    api = await startApi({ WORKER_QUEUES: pinned, JOB_INPUT_URL_ALLOWED_HOSTS: '127.0.0.1' });
    worker = await spawnWorker(api.env);
    await uploadModel(api, irisLikeModel(41).bytes, { name, queue: pinned }).expect(201);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    files?.close();
  });

  const getJob = async (id: string) =>
    (await api.http.get(`/v1/jobs/${id}`).set(api.admin).expect(200)).body as JobBody;
  const finished = (id: string) =>
    waitFor(
      () => getJob(id),
      (j) => ['SUCCEEDED', 'FAILED'].includes(j.status),
      { what: 'job to finish', timeoutMs: 60_000 },
    );

  it('runs a 10,000-row CSV upload in chunks on the pinned queue, matching sync predictions', async () => {
    const submitted = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .field('type', 'inference')
      .field('payload', JSON.stringify({ model: name, chunkSize: 250 }))
      .attach('file', Buffer.from(csv), 'rows.csv')
      .expect(202);
    const id = (submitted.body as JobBody).id;
    expect(submitted.body.queue).toBe(pinned);
    const events = (await readSse(`${api.url}/v1/jobs/${id}/events`, api.admin, 60_000)).map(
      (e) => JSON.parse(e.data) as JobBody,
    );
    const job = await finished(id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.result).toMatchObject({
      rows: 10_000,
      outputs: ['probabilities', 'label'],
      version: 1,
    });
    const progress = new Set(events.map((e) => e.progress).filter((p) => p > 0 && p < 1));
    expect(progress.size).toBeGreaterThanOrEqual(2);

    const download = await api.http.get(`/v1/jobs/${id}/result`).set(api.admin).expect(200);
    const lines = download.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { row: number; probabilities: number[]; label: number });
    expect(lines).toHaveLength(10_000);
    const sync = await api.http
      .post(`/v1/models/${name}/predict`)
      .set(api.admin)
      .send({ rows })
      .expect(200);
    lines.forEach((line, i) => {
      expect(line.row).toBe(i);
      expect(line.label).toBe(sync.body.outputs.label[i]);
      expect(line.probabilities).toEqual(sync.body.outputs.probabilities[i]);
    });

    const asCsv = await api.http.get(`/v1/jobs/${id}/result?format=csv`).set(api.admin).expect(200);
    const csvLines = asCsv.text.trim().split('\n');
    expect(csvLines[0]).toBe('row,probabilities_0,probabilities_1,probabilities_2,label');
    expect(csvLines).toHaveLength(10_001);
  });

  it('takes inline rows and a URL from an allowed host', async () => {
    const inline = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({
        type: 'inference',
        payload: { model: name, input: { rows: rows.slice(0, 3) }, outputs: ['label'] },
      })
      .expect(202);
    const byUrl = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'inference', payload: { model: name, input: { url: `${filesUrl}/rows.csv` } } })
      .expect(202);
    expect((await finished(inline.body.id)).result).toMatchObject({ rows: 3, outputs: ['label'] });
    expect((await finished(byUrl.body.id)).result).toMatchObject({ rows: 50 });
  });

  it('refuses bad submits with 400 and writes no job', async () => {
    const before = await api.prisma.job.count();
    const cases = [
      [
        { model: name, input: { url: 'http://example.invalid/x.csv' } },
        /JOB_INPUT_URL_ALLOWED_HOSTS/,
      ],
      [{ model: name, input: { rows: [[1, 2, 3, 4]] }, outputs: ['logits'] }, /unknown output/],
      [{ model: 'no-such-model', input: { rows: [[1]] } }, /no-such-model/],
      [{ model: name, input: { rows: [[1, 2, 3, 4]] }, alias: 'nope' }, /nope/],
    ] as const;
    for (const [payload, message] of cases) {
      const res = await api.http
        .post('/v1/jobs')
        .set(api.admin)
        .send({ type: 'inference', payload });
      expect([400, 404]).toContain(res.status);
      expect(res.body.error.message).toMatch(message);
    }
    const wrongQueue = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({
        type: 'inference',
        queue: 'default',
        payload: { model: name, input: { rows: [[1, 2, 3, 4]] } },
      })
      .expect(400);
    expect(wrongQueue.body.error.message).toMatch(/pinned/);
    expect(await api.prisma.job.count()).toBe(before);
  });

  it('fails rows the model cannot take at once, without retrying', async () => {
    const res = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'inference', payload: { model: name, input: { rows: [[1, 2, 3]] } } })
      .expect(202);
    const job = await finished(res.body.id);
    expect(job.status).toBe('FAILED');
    expect(job.attempts).toBe(1);
    expect(job.error).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/rows 1-1: input 'input'/),
    });
    await api.http.get(`/v1/jobs/${res.body.id}/result`).set(api.admin).expect(409);
  });
});
