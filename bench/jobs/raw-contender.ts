import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { irisLikeModel } from '../../test/support/models';
import { deleteRedisKeys } from './cleanup';
import type { JobTiming } from './closed-loop';
import type { Contender, RowSequence } from './contender';
import { workerProfilingEnv } from './cpu-profile';
import { RAW_READY_LINE, type RawJobData, type RawJobResult } from './raw-protocol';
import type { JobsBenchSettings } from './settings';

const ROOT = path.resolve(__dirname, '..', '..');
const QUEUE_NAME = 'raw';

export interface RawOptions {
  settings: JobsBenchSettings;
  queuePrefix: string;
  rows: RowSequence;
}

/**
 * The ceiling: a bullmq Queue and QueueEvents in this process and plain BullMQ workers in child
 * processes (as many as the platform's, same concurrency) running the same onnxruntime model on
 * the same rows. No HTTP, no database, no result file; the result is the job's return value.
 */
export async function startRawContender(options: RawOptions): Promise<Contender> {
  const { settings, queuePrefix, rows } = options;
  const dir = await mkdtemp(path.join(tmpdir(), 'mlserve-bench-jobs-raw-'));
  const modelPath = path.join(dir, 'logreg.onnx');
  await writeFile(modelPath, irisLikeModel().bytes);
  const connection = { url: settings.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue<RawJobData, RawJobResult>(QUEUE_NAME, {
    connection,
    prefix: queuePrefix,
  });
  queue.setMaxListeners(settings.concurrency + 10); // an `add` in flight listens for 'closing'
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix: queuePrefix });
  const children: ChildProcess[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(children.map(stopChild));
    await events.close();
    await queue.close();
    await rm(dir, { recursive: true, force: true });
    await deleteRedisKeys(settings.redisUrl, queuePrefix);
  };
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const env = {
      PATH: process.env.PATH ?? '',
      REDIS_URL: settings.redisUrl,
      QUEUE_PREFIX: queuePrefix,
      RAW_QUEUE_NAME: QUEUE_NAME,
      RAW_MODEL_PATH: modelPath,
      WORKER_CONCURRENCY: String(settings.workerConcurrency),
      ...workerProfilingEnv(settings.profileDir),
    };
    for (let i = 0; i < settings.workers; i++) children.push(await spawnRawWorker(env));
    const runOn = async (jobRows: number[][]): Promise<JobTiming & { result: RawJobResult }> => {
      const submittedAt = Date.now();
      const started = performance.now();
      const job = await queue.add('infer', { rows: jobRows }, JOB_OPTIONS);
      const submitMs = performance.now() - started;
      const result = await job.waitUntilFinished(events, 120_000);
      const { startedAt, finishedAt } = result;
      return { submittedAt, submitMs, createdAt: job.timestamp, startedAt, finishedAt, result };
    };
    return {
      id: 'raw-bullmq',
      description: `raw BullMQ + onnxruntime, no HTTP and no database: ${settings.workers} worker process(es) × concurrency ${settings.workerConcurrency}`,
      runJob: () => runOn(rows.take()),
      workerPids: children.map((c) => c.pid ?? -1),
      outputsFor: async (jobRows) => (await runOn(jobRows)).result.outputs,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Like the platform's enqueue, minus its priority and retry options; completed jobs are trimmed. */
const JOB_OPTIONS = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } };

async function spawnRawWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/jobs/raw-worker.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`raw worker did not start:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!output.includes(RAW_READY_LINE)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`raw worker exited (${code}) before it was ready:\n${output}`));
    });
  });
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
