import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApi, type ApiHarness } from '../../test/support/api-harness';
import { irisLikeModel, uploadModel } from '../../test/support/models';
import { spawnWorker, type WorkerProcess } from '../../test/support/worker-process';
import { deleteRabbitQueues, deleteRedisKeys } from './cleanup';
import type { JobTiming } from './closed-loop';
import type { CompletionPoller } from './completion-poller';
import type { Contender, RowSequence } from './contender';
import { workerProfilingEnv } from './cpu-profile';
import { JsonPoster } from './http-submit';
import type { RowOutputs } from './onnx-rows';
import type { JobsBenchSettings } from './settings';
import { inferenceJobBody } from './workload';

export type Driver = 'bullmq' | 'rabbitmq';

export interface PlatformOptions {
  driver: Driver;
  settings: JobsBenchSettings;
  queuePrefix: string;
  poller: CompletionPoller;
  rows: RowSequence;
}

/** The environment of the API and its workers: production timers, no limits in the way. */
function platformEnv({ driver, settings, queuePrefix }: PlatformOptions, storeDir: string) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: settings.databaseUrl,
    DATABASE_POOL_SIZE: '10',
    QUEUE_DRIVER: driver,
    REDIS_URL: settings.redisUrl,
    RABBITMQ_URL: settings.rabbitmqUrl,
    QUEUE_PREFIX: queuePrefix,
    RATE_LIMIT_PER_MINUTE: '0',
    QUEUE_MAX_DEPTH: '0',
    WORKER_CONCURRENCY: String(settings.workerConcurrency),
    // the defaults, not the e2e tests' short timers (testEnv)
    WORKER_HEARTBEAT_MS: '2000',
    WORKER_LEASE_MS: '30000',
    RECONCILE_INTERVAL_MS: '15000',
    MODEL_STORE_DIR: storeDir,
    ...workerProfilingEnv(settings.profileDir),
  };
}

/**
 * The platform with one queue driver: the real API in this process (startApi, admin key), the
 * logistic regression uploaded as a client would, and `workers` real worker processes.
 */
export async function startPlatformContender(options: PlatformOptions): Promise<Contender> {
  const { driver, settings, poller, rows } = options;
  const storeDir = await mkdtemp(path.join(tmpdir(), `mlserve-bench-jobs-${driver}-`));
  const api = await startApi(platformEnv(options, storeDir));
  const workers: WorkerProcess[] = [];
  try {
    const model = `bench-logreg-${driver}`;
    await uploadModel(api, irisLikeModel().bytes, { name: model }).expect(201);
    for (let i = 0; i < settings.workers; i++) workers.push(await spawnWorker(api.env, 60_000));
    const poster = new JsonPoster(new URL('/v1/jobs', api.url), api.admin, settings.concurrency);
    const runOn = async (jobRows: number[][]): Promise<JobTiming & { id: string }> => {
      const submittedAt = Date.now();
      const started = performance.now();
      const answer = await poster.post(inferenceJobBody(model, jobRows));
      const submitMs = performance.now() - started;
      if (answer.status !== 202) {
        throw new Error(`submit: HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
      }
      const { id } = JSON.parse(answer.body) as { id: string };
      const job = await poller.wait(id);
      if (job.status !== 'SUCCEEDED') throw new Error(`job ${id} ended ${job.status}`);
      const { createdAt, startedAt, finishedAt } = job;
      return { id, submittedAt, submitMs, createdAt, startedAt, finishedAt };
    };
    return {
      id: `platform-${driver}`,
      description: `the platform, QUEUE_DRIVER=${driver}: HTTP submit, PostgreSQL, ${settings.workers} worker process(es) × WORKER_CONCURRENCY=${settings.workerConcurrency}`,
      runJob: () => runOn(rows.take()),
      workerPids: workers.map((w) => w.child.pid ?? -1),
      outputsFor: async (jobRows) => resultOutputs(api, (await runOn(jobRows)).id),
      close: async () => {
        poster.close();
        await stop(workers, api);
        await rm(storeDir, { recursive: true, force: true });
        if (driver === 'rabbitmq') {
          await deleteRabbitQueues(settings.rabbitmqUrl, options.queuePrefix, 'default');
        }
        await deleteRedisKeys(settings.redisUrl, options.queuePrefix);
      },
    };
  } catch (error) {
    await stop(workers, api);
    await rm(storeDir, { recursive: true, force: true });
    throw error;
  }
}

async function stop(workers: readonly WorkerProcess[], api: ApiHarness): Promise<void> {
  await Promise.all(workers.map((worker) => worker.stop()));
  await api.close();
}

/** The job's JSONL result file (`{"row": i, <output>: value, ...}` per row) as outputs by name. */
async function resultOutputs(api: ApiHarness, id: string): Promise<RowOutputs> {
  const res = await api.http.get(`/v1/jobs/${id}/result`).set(api.admin).expect(200);
  const lines = res.text.trim().split('\n');
  const outputs: RowOutputs = {};
  for (const line of lines) {
    const { row: _row, ...values } = JSON.parse(line) as Record<string, unknown>;
    for (const [name, value] of Object.entries(values)) (outputs[name] ??= []).push(value);
  }
  return outputs;
}
