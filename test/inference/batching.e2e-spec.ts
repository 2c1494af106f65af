import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logisticRegressionReference, randomMatrix, seededRandom } from '@mlserve/ml';
import { startApi, type ApiHarness } from '../support/api-harness';
import { irisLikeModel, uploadModel } from '../support/models';
import { sumMetric } from '../support/wait-for';

describe('dynamic batching', () => {
  let api: ApiHarness;
  const name = `batched-${Date.now()}`;
  const iris = irisLikeModel(61);

  beforeAll(async () => {
    api = await startApi();
    await uploadModel(api, iris.bytes, { name, maxBatchSize: '32', maxDelayMs: '20' }).expect(201);
  });
  afterAll(() => api?.close());

  it('merges 64 concurrent callers into larger runs, each getting exactly its own rows', async () => {
    const rows = randomMatrix(seededRandom(62), 64, 4);
    const expected = logisticRegressionReference(iris.params, rows);
    const answers = await Promise.all(
      rows.map((row, i) =>
        // callers 0..31 send one row, 32..63 send two (their row twice) to mix sizes
        api.http
          .post(`/v1/models/${name}/predict`)
          .set(api.admin)
          .send({ rows: i < 32 ? [row] : [row, row] })
          .expect(200),
      ),
    );
    answers.forEach((res, i) => {
      const own = expected.probabilities[i];
      const got = res.body.outputs.probabilities as number[][];
      expect(got).toHaveLength(i < 32 ? 1 : 2);
      for (const line of got) line.forEach((v, j) => expect(v).toBeCloseTo(own[j], 5));
      expect(res.body.outputs.label[0]).toBe(expected.label[i]);
    });

    const metrics = (await api.http.get('/metrics').expect(200)).text;
    const label = `model="${name}"`;
    const runs = sumMetric(metrics, 'mlserve_inference_batch_size_count', label);
    const rowsRun = sumMetric(metrics, 'mlserve_inference_batch_size_sum', label);
    const singleRuns = sumMetric(metrics, 'mlserve_inference_batch_size_bucket', [label, 'le="1"']);
    expect(runs).toBe(64); // one observation per caller: the size of the run that served it
    expect(rowsRun / runs).toBeGreaterThan(1);
    expect(singleRuns).toBeLessThan(64);
    expect(
      sumMetric(metrics, 'mlserve_inference_requests_total', [
        label,
        'protocol="predict"',
        'outcome="ok"',
      ]),
    ).toBe(64);
  });
});
