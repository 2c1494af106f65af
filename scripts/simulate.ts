/**
 * `npm run simulate`: traffic for the learning loop. Makes predictions against a model and sends
 * feedback with configurable probabilities, like the traffic generator of the stack mlserve
 * grows out of. With --bootstrap it first creates a dataset, trains v1 and turns on the
 * prediction log, so the loop can be watched from an empty platform.
 *
 *   MLSERVE_URL=http://localhost:3000 MLSERVE_API_KEY=<key> npm run simulate -- --bootstrap
 */
import { parseArgs } from 'node:util';
import { loadDotEnv } from '@mlserve/config';
import { MlserveClient } from './simulate/client';
import { CLASSES, makeWorld, worldCsv } from './simulate/world';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'simulated' },
    requests: { type: 'string', default: '300' },
    rate: { type: 'string', default: '20' },
    feedback: { type: 'string', default: '0.7' },
    noise: { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '7' },
    bootstrap: { type: 'boolean', default: false },
    retrain: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  loadDotEnv();
  const url = process.env.MLSERVE_URL ?? `http://localhost:${process.env.API_PORT ?? 3000}`;
  const key = process.env.MLSERVE_API_KEY ?? process.env.ADMIN_API_KEY;
  if (!key) throw new Error('set MLSERVE_API_KEY (a write key) or ADMIN_API_KEY');
  const client = new MlserveClient(url, key);
  const world = makeWorld(Number(args.seed));
  const model = args.model;
  if (args.bootstrap) await bootstrap(client, world, model);

  const feedbackRate = Number(args.feedback);
  const noise = Number(args.noise);
  const interval = 1000 / Number(args.rate);
  const seen = new Map<number, { predictions: number; correct: number }>();
  let feedbackSent = 0;
  for (let i = 0; i < Number(args.requests); i += 1) {
    const { x, label } = world.sample();
    const answer = await client.json<{
      version: number;
      outputs: { label: number[] };
      predictionIds?: string[];
    }>('POST', `/v1/models/${model}/predict`, { rows: [x], routingKey: `user-${i % 50}` });
    const stats = seen.get(answer.version) ?? { predictions: 0, correct: 0 };
    stats.predictions += 1;
    stats.correct += answer.outputs.label[0] === label ? 1 : 0;
    seen.set(answer.version, stats);
    const id = answer.predictionIds?.[0];
    if (id && Math.random() < feedbackRate) {
      const told = Math.random() < noise ? 1 - label : label;
      await client.json('POST', `/v1/predictions/${id}/feedback`, { label: CLASSES[told] });
      feedbackSent += 1;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  for (const [version, stats] of seen) {
    console.log(
      `v${version}: ${stats.predictions} predictions, accuracy ${(stats.correct / stats.predictions).toFixed(3)}`,
    );
  }
  console.log(`feedback sent: ${feedbackSent}`);
  if (args.retrain) await retrain(client, model);
}

async function bootstrap(
  client: MlserveClient,
  world: ReturnType<typeof makeWorld>,
  model: string,
): Promise<void> {
  console.log(`bootstrap: dataset ${model}-seed, training ${model} v1`);
  await client.upload(
    '/v1/datasets',
    { name: `${model}-seed`, target: 'label' },
    { name: 'seed.csv', content: worldCsv(world, 200) },
  );
  const job = await client.runJob('training', {
    model,
    dataset: `${model}-seed`,
    algorithm: 'logistic_regression',
    task: 'classification',
    hyperparameters: { epochs: 40, learningRate: 0.05 },
  });
  if (job.status !== 'SUCCEEDED')
    throw new Error(`bootstrap training failed: ${JSON.stringify(job.error)}`);
  await client.json('PUT', `/v1/models/${model}/settings`, {
    logSampleRate: 1,
    promotion: { metric: 'accuracy', minGain: 0.005 },
  });
}

/** Builds a dataset from the feedback so far and trains the next version on it. */
async function retrain(client: MlserveClient, model: string): Promise<void> {
  const dataset = await client.json<{ name: string; version: number; rowCount: number }>(
    'POST',
    '/v1/datasets/from-predictions',
    {
      name: `${model}-feedback`,
      model,
    },
  );
  console.log(`retraining on ${dataset.name}@${dataset.version} (${dataset.rowCount} rows)`);
  const job = await client.runJob('training', {
    model,
    dataset: dataset.name,
    algorithm: 'logistic_regression',
  });
  console.log(JSON.stringify(job.result ?? job.error, null, 2));
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
