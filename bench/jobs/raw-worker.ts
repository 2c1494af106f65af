import { readFile } from 'node:fs/promises';
import { Worker } from 'bullmq';
import { InferenceSession } from 'onnxruntime-node';
import { inferRows } from './onnx-rows';
import { RAW_READY_LINE, type RawJobData, type RawJobResult } from './raw-protocol';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * The ceiling's worker, a child process of the bench: a plain BullMQ Worker running the model
 * with onnxruntime on each job's rows. No database, no HTTP, no framework, no result file.
 */
async function main(): Promise<void> {
  const session = await InferenceSession.create(await readFile(required('RAW_MODEL_PATH')));
  const worker = new Worker<RawJobData, RawJobResult>(
    required('RAW_QUEUE_NAME'),
    async (job) => {
      const startedAt = Date.now();
      const outputs = await inferRows(session, job.data.rows);
      return { startedAt, finishedAt: Date.now(), outputs };
    },
    {
      connection: { url: required('REDIS_URL'), maxRetriesPerRequest: null },
      prefix: required('QUEUE_PREFIX'),
      concurrency: Number(required('WORKER_CONCURRENCY')),
    },
  );
  worker.on('error', (error) => process.stderr.write(`raw worker: ${String(error)}\n`));
  await worker.waitUntilReady();
  process.once('SIGTERM', () => {
    void worker
      .close()
      .then(() => session.release())
      .then(() => process.exit(0));
  });
  process.stdout.write(`${RAW_READY_LINE}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`raw worker failed: ${String(error)}\n`);
  process.exit(1);
});
