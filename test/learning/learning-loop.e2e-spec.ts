import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seededRandom } from '@mlserve/ml';
import { startApi, type ApiHarness } from '../support/api-harness';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor } from '../support/wait-for';

/** A learnable problem: the class is which side of a line a point falls on (with 5% noise). */
function synthetic(
  rows: number,
  seed: number,
): { csv: string; points: number[][]; labels: string[] } {
  const random = seededRandom(seed);
  const points: number[][] = [];
  const labels: string[] = [];
  for (let i = 0; i < rows; i += 1) {
    const x = [random() * 4 - 2, random() * 4 - 2];
    const side = x[0] + 0.5 * x[1] > 0.2;
    const flipped = random() < 0.05 ? !side : side;
    points.push(x.map((v) => Number(v.toFixed(4))));
    labels.push(flipped ? 'pos' : 'neg');
  }
  const csv = `a,b,label\n${points.map((p, i) => `${p[0]},${p[1]},${labels[i]}`).join('\n')}\n`;
  return { csv, points, labels };
}

interface Job {
  id: string;
  status: string;
  result: {
    version: number;
    metrics: Record<string, number>;
    promotion: { promoted: boolean; reason: string };
  } | null;
  error: unknown;
}

describe('the learning loop: feedback, retraining, promotion, canary', () => {
  let api: ApiHarness;
  let worker: WorkerProcess;
  const model = `loop-${Date.now()}`;
  const dataset = `${model}-data`;

  beforeAll(async () => {
    api = await startApi();
    worker = await spawnWorker(api.env);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const uploadDataset = (csv: string, name = dataset, target = 'label') =>
    api.http
      .post('/v1/datasets')
      .set(api.admin)
      .field('name', name)
      .field('target', target)
      .attach('file', Buffer.from(csv), 'rows.csv');
  const train = async (payload: Record<string, unknown>): Promise<Job> => {
    const res = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({
        type: 'training',
        payload: { model, dataset, algorithm: 'logistic_regression', ...payload },
      })
      .expect(202);
    return waitFor(
      async () =>
        (await api.http.get(`/v1/jobs/${res.body.id}`).set(api.admin).expect(200)).body as Job,
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
      { what: 'training to finish', timeoutMs: 90_000 },
    );
  };

  it('trains v1 on a small dataset and serves it as production', async () => {
    const small = synthetic(120, 1);
    const up = await uploadDataset(small.csv).expect(201);
    expect(up.body).toMatchObject({ version: 1, target: 'label', rowCount: 120 });
    expect(up.body.columns).toEqual([
      { name: 'a', type: 'number' },
      { name: 'b', type: 'number' },
      { name: 'label', type: 'string' },
    ]);
    const job = await train({
      task: 'classification',
      hyperparameters: { epochs: 30, learningRate: 0.05 },
    });
    expect(job.status).toBe('SUCCEEDED');
    expect(job.result).toMatchObject({ version: 1, promotion: { promoted: true } });
    expect(job.result!.metrics.accuracy).toBeGreaterThan(0.7);
    const got = await api.http.get(`/v1/models/${model}`).set(api.admin).expect(200);
    expect(got.body).toMatchObject({
      task: 'classification',
      classLabels: ['neg', 'pos'],
      aliases: { production: 1 },
    });
    expect(got.body.versions[0].lineage).toMatchObject({
      dataset: { name: dataset, version: 1 },
      features: ['a', 'b'],
    });
  });

  it('logs predictions, takes feedback, and builds a dataset from it', async () => {
    await api.http
      .put(`/v1/models/${model}/settings`)
      .set(api.admin)
      .send({ logSampleRate: 1, promotion: { metric: 'accuracy', minGain: 0.005 } })
      .expect(200);
    const fresh = synthetic(60, 2);
    const res = await api.http
      .post(`/v1/models/${model}/predict`)
      .set(api.admin)
      .send({ rows: fresh.points })
      .expect(200);
    const ids = res.body.predictionIds as string[];
    expect(ids).toHaveLength(60);
    for (const [i, id] of ids.entries()) {
      await api.http
        .post(`/v1/predictions/${id}/feedback`)
        .set(api.admin)
        .send({ label: fresh.labels[i] })
        .expect(200);
    }
    // the last feedback wins, and correctness is derived from the label
    const first = await api.http
      .post(`/v1/predictions/${ids[0]}/feedback`)
      .set(api.admin)
      .send({ correct: false })
      .expect(200);
    expect(first.body).toMatchObject({ correct: false, feedbackLabel: null });
    const built = await api.http
      .post('/v1/datasets/from-predictions')
      .set(api.admin)
      .send({ name: `${model}-feedback`, model })
      .expect(201);
    expect(built.body).toMatchObject({ rowCount: 59, target: 'label' });
    const view = await api.http
      .get(`/v1/datasets/${model}-feedback/versions/1`)
      .set(api.admin)
      .expect(200);
    expect(view.body.sample[0]).toEqual(
      expect.objectContaining({ x0: expect.any(Number), label: expect.stringMatching(/neg|pos/) }),
    );
  });

  it('promotes a retrained v2 only because it is better, and records both decisions', async () => {
    await uploadDataset(synthetic(1200, 3).csv).expect(201); // dataset version 2: more data
    const better = await train({ hyperparameters: { epochs: 60, learningRate: 0.05 } });
    expect(better.status).toBe('SUCCEEDED');
    const worse = await train({ hyperparameters: { epochs: 1, learningRate: 0.0001 }, seed: 42 });
    expect(worse.status).toBe('SUCCEEDED');
    expect(worse.result!.promotion.promoted).toBe(false);
    expect(worse.result!.promotion.reason).toMatch(/accuracy/);

    const decisions = (
      await api.http.get(`/v1/models/${model}/decisions`).set(api.admin).expect(200)
    ).body.items as {
      candidateVersion: number;
      promoted: boolean;
      candidateMetrics: Record<string, number>;
      currentMetrics: Record<string, number> | null;
    }[];
    const forWorse = decisions.find((d) => d.candidateVersion === worse.result!.version)!;
    expect(forWorse.promoted).toBe(false);
    expect(forWorse.candidateMetrics.accuracy).toBeLessThan(forWorse.currentMetrics!.accuracy);
    // seeded data and training: v2 (10x the data) beats v1 by more than the minimum gain
    const forBetter = decisions.find((d) => d.candidateVersion === better.result!.version)!;
    expect(forBetter.promoted).toBe(true);
    expect(
      forBetter.candidateMetrics.accuracy - forBetter.currentMetrics!.accuracy,
    ).toBeGreaterThanOrEqual(0.005);
    const production = (await api.http.get(`/v1/models/${model}`).set(api.admin).expect(200)).body
      .aliases.production;
    expect(production).toBe(better.result!.version);
  });

  it('evaluates any version on any dataset, and promotes or rolls back by hand', async () => {
    const res = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({
        type: 'evaluation',
        payload: { model, version: 1, dataset, datasetVersion: 2, rows: 'test' },
      })
      .expect(202);
    const job = await waitFor(
      async () =>
        (await api.http.get(`/v1/jobs/${res.body.id}`).set(api.admin).expect(200)).body as Job,
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
      { what: 'evaluation to finish' },
    );
    expect(job.status).toBe('SUCCEEDED');
    const result = job.result as unknown as {
      version: number;
      rows: number;
      metrics: Record<string, unknown>;
    };
    expect(result).toMatchObject({ version: 1, rows: 240 });
    expect(result.metrics).toEqual(
      expect.objectContaining({
        accuracy: expect.any(Number),
        f1: expect.any(Number),
        rocAuc: expect.any(Number),
      }),
    );
    const matrix = result.metrics.confusionMatrix as number[][];
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(240);

    const production = () =>
      api.http
        .get(`/v1/models/${model}`)
        .set(api.admin)
        .expect(200)
        .then((r) => r.body.aliases.production as number);
    const before = await production();
    await api.http
      .post(`/v1/models/${model}/promote`)
      .set(api.admin)
      .send({ version: 3 })
      .expect(200);
    expect(await production()).toBe(3);
    const back = await api.http.post(`/v1/models/${model}/rollback`).set(api.admin).expect(200);
    expect(back.body).toMatchObject({ kind: 'rollback', candidateVersion: before });
    expect(await production()).toBe(before);
  });

  it('splits traffic by weight for a canary, sticky by routing key, and logs who answered', async () => {
    await api.http
      .put(`/v1/models/${model}/aliases/production`)
      .set(api.admin)
      .send({
        version: 1,
        split: [
          { version: 1, weight: 80 },
          { version: 2, weight: 20 },
        ],
      })
      .expect(200);
    const counts = new Map<number, number>();
    for (let i = 0; i < 300; i += 1) {
      const res = await api.http
        .post(`/v1/models/${model}/predict`)
        .set(api.admin)
        .send({ rows: [[0.1, 0.2]], routingKey: `user-${i}` })
        .expect(200);
      counts.set(res.body.version, (counts.get(res.body.version) ?? 0) + 1);
    }
    const share = (counts.get(2) ?? 0) / 300;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.28);
    const sticky = new Set<number>();
    for (let i = 0; i < 10; i += 1) {
      const res = await api.http
        .post(`/v1/models/${model}/predict`)
        .set(api.admin)
        .send({ rows: [[1, 1]], routingKey: 'user-7' })
        .expect(200);
      sticky.add(res.body.version);
    }
    expect(sticky.size).toBe(1);
    const logged = await api.prisma.prediction.groupBy({
      by: ['versionId'],
      where: { model: { name: model }, routingKey: { startsWith: 'user-' } },
      _count: { _all: true },
    });
    expect(logged.length).toBe(2);
  });

  it('answers bad learning-loop input with a clear 4xx', async () => {
    await api.http
      .post('/v1/predictions/00000000-0000-7000-8000-000000000000/feedback')
      .set(api.admin)
      .send({ label: 'pos' })
      .expect(404);
    const [prediction] = (
      await api.http
        .post(`/v1/models/${model}/versions/1/predict`)
        .set(api.admin)
        .send({ rows: [[1, 1]] })
        .expect(200)
    ).body.predictionIds as string[];
    const wrongType = await api.http
      .post(`/v1/predictions/${prediction}/feedback`)
      .set(api.admin)
      .send({ value: 3.5 })
      .expect(400);
    expect(wrongType.body.error.message).toMatch(/label/);
    const unknownClass = await api.http
      .post(`/v1/predictions/${prediction}/feedback`)
      .set(api.admin)
      .send({ label: 'maybe' })
      .expect(400);
    expect(unknownClass.body.error.message).toMatch(/neg, pos/);
    const noTarget = await uploadDataset('a,b\n1,2\n', `${model}-nt`, 'label').expect(400);
    expect(noTarget.body.error.message).toMatch(/'label'.*a, b/);
    const empty = await uploadDataset('a,b,label\n', `${model}-empty`).expect(400);
    expect(empty.body.error.message).toMatch(/no rows/);
    const missing = await api.http
      .post('/v1/jobs')
      .set(api.admin)
      .send({ type: 'training', payload: { model, dataset: `${model}-empty`, algorithm: 'mlp' } })
      .expect(404);
    expect(missing.body.error.message).toMatch(/dataset/);
  });
});
